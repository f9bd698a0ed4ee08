"""Demo referral directory and legal publicity activities (with photos).

The directory holds the providers the demo consultations refer to (so their guidance slips
print); activities spread over the year, about one per hundred records (at least six, at most
240), and the most recent ones carry photos drawn here (a banner over a crowd) and stored as
the app stores imported photos.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, func, insert, select

from workstation.domain.numbering import NumberKind, format_number
from workstation.paths import resources_dir
from workstation.storage.models import (
    PublicityActivity,
    PublicityOperator,
    PublicityPhoto,
    ReferralProvider,
)

from .people import at

#: name, kind, address, phone, hours, services, notes
PROVIDERS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("河北海港律师事务所", "law_firm", "海港区文化路88号金港大厦6层", "0335-3012345",
     "周一至周五 8:30-17:30", "民事诉讼代理、合同审查、劳动争议、常年法律顾问", ""),
    ("河北秦港律师事务所", "law_firm", "海港区河北大街中段156号", "0335-3098765",
     "周一至周六 8:30-17:30", "婚姻家庭、继承、交通事故、刑事辩护", "周六上午有律师值班"),
    ("秦皇岛市海港区公证处", "notary", "海港区建设大街12号政务服务中心二楼",
     "0335-3056789", "工作日 9:00-12:00，13:30-17:00",
     "继承、委托、声明、赠与、合同公证，证据保全", "办理继承公证须全体继承人到场，请先电话预约"),
    ("秦皇岛市司法鉴定中心", "appraisal", "海港区海阳路36号", "0335-3067890",
     "工作日 8:30-17:00", "法医临床鉴定（伤残等级）、文书鉴定、痕迹鉴定",
     "个人委托鉴定请携带病历原件"),
    ("海港区法律援助中心", "legal_aid", "海港区民族路5号公共法律服务中心一楼", "0335-3012348",
     "工作日 8:30-17:30", "法律援助申请受理、法律咨询、值班律师", "12348热线全天可咨询"),
    ("海港区人民法院", "court", "海港区海阳路1号", "12368",
     "工作日 8:30-12:00，14:00-17:30", "立案登记、诉讼服务、诉前调解", "诉讼服务中心在一楼东侧"),
    ("海港区劳动人事争议仲裁委员会", "arbitration", "海港区港城大街188号人社局三楼",
     "0335-3023456", "工作日 8:30-17:00", "劳动争议仲裁申请受理", "申请仲裁的时效一般为一年"),
    ("海港区信访局", "petition", "海港区建设大街20号", "0335-3034567", "工作日 8:30-17:30",
     "来信来访接待、信访事项登记转办", ""),
    ("海港区人力资源和社会保障局劳动监察大队", "other", "海港区港城大街188号人社局一楼",
     "12333", "工作日 8:30-17:00", "拖欠工资投诉举报、劳动保障监察", ""),
    ("海港区市场监督管理局", "other", "海港区文化路30号", "12315", "工作日 8:30-17:30",
     "消费投诉、举报", ""),
)

_THEMES = (
    "民法典进万家", "防范电信网络诈骗", "农民工工资支付保障", "宪法宣传周",
    "未成年人保护法进校园", "反家庭暴力法宣传", "人民调解法律知识", "法律援助惠民生",
    "安全生产法进企业", "土地承包经营权法律知识", "老年人权益保障", "禁毒法宣传",
    "道路交通安全法宣传", "消费者权益保护", "扫黑除恶常态化", "国家安全教育日",
)
_PLACES = {
    "village": ("东港村村委会", "北庄村文化广场", "石门寨村村委会", "杜庄村党群服务中心"),
    "community": ("河东社区活动室", "文化里社区居委会", "燕山社区广场"),
    "school": ("海港镇中心小学", "海港镇第一中学", "北庄村小学"),
    "market": ("海港镇大集", "石门寨集市"),
    "enterprise": ("海港造船厂", "秦港物流园"),
    "worksite": ("港城大街改造工地",),
    "public_space": ("海港镇人民广场", "火车站广场"),
    "agency": ("海港镇政府会议室",),
    "online": ("海港镇公众号", "海港司法所视频号"),
}
_FORMS_BY_PLACE = {
    "village": ("lecture", "visit", "broadcast"), "community": ("lecture", "stall", "performance"),
    "school": ("lecture", "training"), "market": ("stall",), "enterprise": ("lecture", "training"),
    "worksite": ("stall", "lecture"), "public_space": ("stall", "performance"),
    "agency": ("training",), "online": ("online",),
}
_NOTES = (
    "现场发放宣传资料，解答群众法律咨询{n}人次。",
    "邀请律师讲解典型案例，群众反响较好。",
    "结合近期矛盾纠纷排查情况开展有针对性的宣传。",
    "与派出所、妇联联合开展，悬挂横幅{m}条。",
)
#: Activities that get photos (the most recent ones) and photos each.
PHOTO_ACTIVITIES = 10
PHOTO_SIZE = (1200, 900)


def provider_rows(conn: Connection, station_id: str, created: Any, uid: Callable[[], str],
                  aid_center: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Rows of the demo providers not yet in the directory, and name → id of all of them
    (the legal aid centre takes the name the demo referrals forward to)."""
    t = ReferralProvider.__table__  # type: ignore[attr-defined]
    known = dict(conn.execute(select(t.c.name, t.c.id)).all())
    rows = []
    for entry in PROVIDERS:
        name, kind, address, phone, hours, services, notes = entry
        if kind == "legal_aid":
            name = aid_center
        if name in known:
            continue
        known[name] = uid()
        rows.append({"id": known[name], "station_id": station_id, "created_at": created,
                     "updated_at": created, "version": 1, "name": name, "kind": kind,
                     "address": address, "phone": phone, "hours": hours,
                     "services": services, "notes": notes, "active": True})
    return rows, known


def activity_count(records: int) -> int:
    return 0 if records <= 0 else max(6, min(240, records // 100))


def write_activities(conn: Connection, *, rng: random.Random, station_id: str, prefix: str,
                     today: date, operators: list[str], uid: Callable[[], str],
                     count: int) -> int:
    """Insert ``count`` activities over the last year (in one go); returns how many."""
    if count <= 0 or not operators:
        return 0
    a = PublicityActivity.__table__  # type: ignore[attr-defined]
    seqs = dict(conn.execute(select(a.c.year, func.max(a.c.seq)).group_by(a.c.year)).all())
    # (day, minute) in order, so serial numbers follow the time activities were registered.
    moments = sorted((today - timedelta(days=rng.randint(1, 365)), rng.randrange(9 * 60, 16 * 60))
                     for _ in range(count))
    activities: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    photos: list[dict[str, Any]] = []
    for index, (day, minute) in enumerate(moments):
        seq = seqs.get(day.year, 0) + 1
        seqs[day.year] = seq
        place_kind = rng.choice(list(_PLACES))
        form = rng.choice(_FORMS_BY_PLACE[place_kind])
        moment = at(day, minute)
        rid = uid()
        team = rng.sample(operators, k=min(len(operators), rng.choice((1, 2, 2, 3))))
        audience = rng.choice((30, 45, 60, 80, 120, 150, 200, 300)) if form != "online" else \
            rng.randint(500, 3000)
        activities.append({
            "id": rid, "station_id": station_id, "created_at": moment, "updated_at": moment,
            "version": 1, "year": day.year, "seq": seq,
            "number": format_number(NumberKind.PUBLICITY, prefix, day.year, seq),
            "held_on": day, "place_kind": place_kind, "place": rng.choice(_PLACES[place_kind]),
            "form": form, "theme": rng.choice(_THEMES), "audience": audience,
            "materials": 0 if form in ("online", "broadcast") else rng.choice(
                (50, 100, 150, 200, 300)),
            "notes": rng.choice(_NOTES).format(n=rng.randint(3, 25), m=rng.randint(1, 4)),
            "operator_id": team[0],
        })
        for position, operator_id in enumerate(team):
            links.append({"id": uid(), "station_id": station_id, "created_at": moment,
                          "updated_at": moment, "version": 1, "activity_id": rid,
                          "operator_id": operator_id, "position": position, "removed": False})
        if index >= count - PHOTO_ACTIVITIES:
            for position in range(rng.randint(1, 3)):
                data, thumbnail, width, height, digest = demo_photo(rng.randrange(6))
                photos.append({
                    "id": uid(), "station_id": station_id, "created_at": moment,
                    "updated_at": moment, "version": 1, "activity_id": rid,
                    "position": position, "file_name": f"IMG_{day:%Y%m%d}_{position + 1}.jpg",
                    "width": width, "height": height, "size_bytes": len(data),
                    "sha256": digest, "data": data, "thumbnail": thumbnail, "removed": False,
                })
    conn.execute(insert(a), activities)
    conn.execute(insert(PublicityOperator.__table__), links)  # type: ignore[arg-type]
    if photos:
        conn.execute(insert(PublicityPhoto.__table__), photos)  # type: ignore[arg-type]
    return len(activities)


_SKIES = ((135, 185, 230), (170, 205, 235), (200, 215, 225))
_BANNERS = ("法治宣传进万家", "学习宣传民法典", "防范电信诈骗 守护钱袋子")


@lru_cache(maxsize=8)
def demo_photo(variant: int) -> tuple[bytes, bytes, int, int, str]:
    """A drawn stand-in for a photo of an activity: (JPEG, thumbnail, width, height, sha256),
    made the way imported photos are (``services.photos.prepare_photo``)."""
    from PIL import Image, ImageDraw, ImageFont

    from workstation.services.photos import prepare_photo

    rng = random.Random(variant)
    width, height = PHOTO_SIZE
    image = Image.new("RGB", (width, height), _SKIES[variant % len(_SKIES)])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 0.62, width, height), fill=(150, 140, 120))
    for x in range(0, width, 180):  # buildings
        top = int(height * rng.uniform(0.25, 0.45))
        draw.rectangle((x + 10, top, x + 160, height * 0.62), fill=(225, 220, 210))
    banner = (width * 0.12, height * 0.18, width * 0.88, height * 0.32)
    draw.rectangle(banner, fill=(200, 30, 30))
    try:
        font = ImageFont.truetype(str(resources_dir() / "fonts" / "wqy-microhei.ttc"), 64)
        text = _BANNERS[variant % len(_BANNERS)]
        box = draw.textbbox((0, 0), text, font=font)
        draw.text(((width - (box[2] - box[0])) / 2, banner[1] + 22), text, font=font,
                  fill=(255, 236, 150))
    except OSError:  # no font shipped: a plain banner
        pass
    for _ in range(60):  # the crowd
        x, y = rng.randrange(width), rng.randrange(int(height * 0.6), height - 40)
        color = rng.choice(((40, 40, 60), (90, 60, 50), (30, 70, 120), (150, 40, 40)))
        draw.ellipse((x, y, x + 34, y + 34), fill=(235, 200, 170))
        draw.rectangle((x - 6, y + 34, x + 40, y + 110), fill=color)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    photo = prepare_photo(buffer.getvalue(), f"demo-{variant}.jpg")
    return photo.data, photo.thumbnail, photo.width, photo.height, photo.sha256
