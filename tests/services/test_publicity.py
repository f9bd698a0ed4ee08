"""Legal publicity activities: create, edit (versioned, audited), photos, list."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from PIL import Image

from workstation.domain.errors import ValidationError
from workstation.domain.publicity import MAX_PHOTOS, PHOTO_MAX_SIDE, ActivityInput
from workstation.services import publicity as pub
from workstation.services.auth import add_operator
from workstation.services.context import Actor, ServiceError
from workstation.services.listing import ListQuery, count_rows, fetch_rows
from workstation.services.photos import prepare_photo

TODAY = date.today()


def jpeg(width: int = 4000, height: int = 3000, *, orientation: int | None = None,
         color: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    image = Image.new("RGB", (width, height), color)
    # A gradient so the JPEG is not trivially small.
    for x in range(0, width, max(1, width // 64)):
        image.paste((x * 255 // width, 120, 255 - x * 255 // width), (x, 0, x + 8, height))
    buffer = io.BytesIO()
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    image.save(buffer, "JPEG", quality=92, exif=exif.tobytes())
    return buffer.getvalue()


def png_rgba(width: int = 800, height: int = 600) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def activity(**overrides: Any) -> ActivityInput:
    values: dict[str, Any] = {
        "held_on": TODAY - timedelta(days=1), "place_kind": "market", "place": "海港镇大集",
        "form": "stall", "theme": "民法典进万家", "audience": 150, "materials": 300,
        "notes": "发放《民法典》宣传手册，现场解答群众咨询12人次。",
    }
    values.update(overrides)
    return ActivityInput(**values)


def test_photo_is_downscaled_to_a_jpeg_with_a_thumbnail() -> None:
    photo = prepare_photo(jpeg(4000, 3000), "/tmp/IMG_0001.JPG")
    assert (photo.width, photo.height) == (PHOTO_MAX_SIDE, 1200)
    image = Image.open(io.BytesIO(photo.data))
    assert image.format == "JPEG" and image.size == (1600, 1200)
    thumb = Image.open(io.BytesIO(photo.thumbnail))
    assert max(thumb.size) == 200 and thumb.format == "JPEG"
    assert photo.file_name == "IMG_0001.JPG"
    assert photo.size_bytes == len(photo.data) < 900 * 1024


def test_photo_orientation_and_transparency() -> None:
    # EXIF orientation 6: the camera was turned; the stored photo is upright (portrait).
    upright = prepare_photo(jpeg(2000, 1000, orientation=6), "turned.jpg")
    assert (upright.width, upright.height) == (800, 1600)
    small = prepare_photo(png_rgba(), "logo.png")
    assert (small.width, small.height) == (800, 600)  # never enlarged
    pixel = Image.open(io.BytesIO(small.data)).getpixel((10, 10))
    assert all(channel > 240 for channel in pixel)  # transparent → white, not black


@pytest.mark.parametrize("raw", [b"", b"%PDF-1.4 not a picture", b"\x89PNG\r\n\x1a\n broken"])
def test_non_images_are_refused_in_chinese(raw: bytes) -> None:
    with pytest.raises(ValidationError) as info:
        prepare_photo(raw, "通知.pdf")
    message = str(info.value)
    assert "通知.pdf" in message
    assert "图片" in message or "空文件" in message


def test_create_activity_with_photos(db: Any, actor: Actor, sql: Any) -> None:
    photos = [prepare_photo(jpeg(), "a.jpg"), prepare_photo(jpeg(3000, 4000), "b.jpg")]
    activity_id = pub.create_activity(db, actor, activity(), photos)

    [row] = sql.rows("SELECT number, held_on, place_kind, form, theme, audience, materials, "
                     "operator_id, version FROM publicity_activity")
    assert row.number == f"〔{(TODAY - timedelta(days=1)).year}〕海宣字第0001号"
    assert (row.place_kind, row.form, row.audience, row.materials) == ("market", "stall", 150,
                                                                      300)
    assert row.operator_id == actor.operator_id and row.version == 1
    stored = sql.rows("SELECT width, height, size_bytes, length(data) AS n, removed "
                      "FROM publicity_photo WHERE activity_id = :a ORDER BY position",
                      a=activity_id)
    assert [(r.width, r.height) for r in stored] == [(1600, 1200), (1200, 1600)]
    assert all(r.size_bytes == r.n and not r.removed for r in stored)
    assert sql.rows("SELECT operator_id FROM publicity_operator") == [(actor.operator_id,)]
    assert sql.count("audit_entry", "action = 'create' AND record_type = 'publicity_activity'") == 1
    # Every row reached the change log (it is what sync bundles carry).
    logged = dict(sql.rows("SELECT table_name, count(*) FROM change_log WHERE table_name "
                           "LIKE 'publicity%' GROUP BY table_name"))
    assert logged == {"publicity_activity": 1, "publicity_operator": 1, "publicity_photo": 2}

    detail = pub.load_activity(db, activity_id)
    assert detail.theme == "民法典进万家" and detail.place_kind_label == "集市"
    assert [p.file_name for p in detail.photos] == ["a.jpg", "b.jpg"]
    assert Image.open(io.BytesIO(detail.photos[0].thumbnail)).size == (200, 150)
    full = pub.photo_image(db, detail.photos[0].id)
    assert Image.open(io.BytesIO(full)).size == (1600, 1200)


def test_edit_is_versioned_and_audited(db: Any, actor: Actor, sql: Any) -> None:
    mediator = add_operator(db, actor, username="lidj", name="李调解", password="mediator-pass-1")
    first = prepare_photo(jpeg(1000, 800), "first.jpg")
    activity_id = pub.create_activity(db, actor, activity(), [first])
    detail = pub.load_activity(db, activity_id)

    changed = replace(activity(), theme="防范电信诈骗", audience=80,
                      operator_ids=(mediator, actor.operator_id))
    version = pub.update_activity(db, actor, activity_id, changed,
                                  expected_version=detail.version,
                                  add_photos=[prepare_photo(jpeg(800, 600), "second.jpg")],
                                  remove_photo_ids=[detail.photos[0].id])
    assert version == 2
    after = pub.load_activity(db, activity_id)
    assert (after.theme, after.audience, after.version) == ("防范电信诈骗", 80, 2)
    assert [o.id for o in after.operators] == [mediator, actor.operator_id]
    assert [p.file_name for p in after.photos] == ["second.jpg"]
    # The removed photo keeps its row (never deleted) without its bytes.
    assert sql.rows("SELECT removed, length(data) FROM publicity_photo WHERE file_name = "
                    "'first.jpg'") == [(1, 0)]
    [audit] = sql.rows("SELECT detail FROM audit_entry WHERE action = 'update'")
    assert "theme" in audit.detail and "operators" in audit.detail and "photos+1-1" in audit.detail

    # An edit made from the old version is refused, nothing changes.
    with pytest.raises(ServiceError, match="已被修改"):
        pub.update_activity(db, actor, activity_id, activity(theme="旧版本"),
                            expected_version=1)
    assert pub.load_activity(db, activity_id).theme == "防范电信诈骗"

    # Taking an operator off: the link row is kept as removed (counts stay honest).
    pub.update_activity(db, actor, activity_id, replace(changed, operator_ids=(mediator,)),
                        expected_version=2)
    assert sql.rows("SELECT operator_id, removed FROM publicity_operator ORDER BY position, "
                    "removed") == [(mediator, 0), (actor.operator_id, 1)]


def test_nothing_changed_keeps_the_version(db: Any, actor: Actor, sql: Any) -> None:
    activity_id = pub.create_activity(db, actor, activity())
    detail = pub.load_activity(db, activity_id)
    assert pub.update_activity(db, actor, activity_id, detail.as_input(),
                               expected_version=1) == 1
    assert sql.count("audit_entry", "action = 'update'") == 0


def test_bad_input_and_too_many_photos_save_nothing(db: Any, actor: Actor, sql: Any) -> None:
    with pytest.raises(ValidationError) as info:
        pub.create_activity(db, actor, activity(theme=" ", audience=-3, place_kind="moon",
                                                held_on=TODAY + timedelta(days=2)))
    fields = info.value.by_field
    assert set(fields) == {"theme", "audience", "place_kind", "held_on"}
    assert fields["held_on"] == "活动日期不能晚于今天"
    photo = prepare_photo(jpeg(400, 300), "x.jpg")
    with pytest.raises(ServiceError, match=f"最多保存{MAX_PHOTOS}张"):
        pub.create_activity(db, actor, activity(), [photo] * (MAX_PHOTOS + 1))
    assert sql.count("publicity_activity") == sql.count("publicity_photo") == 0


def test_list_pages_filters_and_sorts(db: Any, actor: Actor) -> None:
    photo = prepare_photo(jpeg(400, 300), "x.jpg")
    for i in range(5):
        pub.create_activity(db, actor, activity(
            held_on=TODAY - timedelta(days=10 - i), audience=10 * (i + 1),
            form="lecture" if i % 2 else "stall", theme=f"主题{i}"),
            [photo] if i == 4 else [])
    query = ListQuery(kind="activities")
    assert count_rows(db, query) == 5
    rows = fetch_rows(db, query, 0, 3)
    assert [r.title for r in rows] == ["主题4", "主题3", "主题2"]  # newest first
    assert rows[0].extra == "50人（照片1张）" and rows[0].status_label == "设摊宣传咨询"
    assert [r.title for r in fetch_rows(db, query, 3, 3)] == ["主题1", "主题0"]
    lectures = replace(query, status="lecture")
    assert count_rows(db, lectures) == 2
    by_audience = replace(query, sort_key="extra", descending=False)
    assert [r.extra for r in fetch_rows(db, by_audience, 0, 2)] == ["10人", "20人"]
    assert count_rows(db, replace(query, text="主题3")) == 1
    assert count_rows(db, replace(query, date_from=TODAY - timedelta(days=7))) == 2
    rows = pub.list_activities(db, limit=2)
    assert [r["theme"] for r in rows] == ["主题4", "主题3"]
    assert rows[0]["photos"] == 1 and rows[0]["operators"] == 1
