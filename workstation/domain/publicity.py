"""Legal publicity activities (法治宣传活动): coded values and the validated input.

A station records each activity it holds: the day, where (the kind of place and its name),
in what form, the theme, how many people it reached, how many copies of materials were
handed out, who took part (operators) and notes, with photos kept in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .enums import LabeledEnum
from .validators import ErrorCollector, check_encodable, require_text

#: Photos are downscaled to at most this many pixels on their long side (JPEG).
PHOTO_MAX_SIDE = 1600
#: Thumbnails shown in lists and forms.
THUMBNAIL_MAX_SIDE = 200
#: Largest stored photo after downscaling (bytes); JPEG quality is lowered to fit.
PHOTO_MAX_BYTES = 900 * 1024
#: Photos one activity may keep (bundles carry them all; see docs/sync-bundle.md).
MAX_PHOTOS = 12
#: Files larger than this are refused before decoding (a camera JPEG is 3-15 MB).
PHOTO_MAX_FILE_BYTES = 40 * 1024 * 1024
#: Pictures with more pixels than this are refused (decompression bombs; 100 MP cameras aside).
PHOTO_MAX_PIXELS = 120_000_000
#: Most pixels ever decoded, checked from the file's header before decoding (a JPEG after its
#: reduced-size decoding was chosen: camera photos of any size pass). Decoding, converting and
#: shrinking cost ~9 bytes a pixel: 25 MP (6000×4000) stays near 225 MB, where an 86 KB
#: palette PNG of 9400×9400 would cost 865 MB.
PHOTO_DECODE_MAX_PIXELS = 25_000_000
#: Audience counts above this are treated as typing errors (a broadcast may reach a town).
MAX_AUDIENCE = 1_000_000
MAX_MATERIALS = 1_000_000
EARLIEST = date(1990, 1, 1)


class PublicityPlace(LabeledEnum):
    """Kind of place where an activity was held."""

    VILLAGE = "village", "村（居）委会"
    COMMUNITY = "community", "社区"
    SCHOOL = "school", "学校"
    MARKET = "market", "集市"
    ENTERPRISE = "enterprise", "企业"
    WORKSITE = "worksite", "工地"
    PUBLIC_SPACE = "public_space", "广场等公共场所"
    AGENCY = "agency", "机关单位"
    ONLINE = "online", "网络平台"
    OTHER = "other", "其他"


class PublicityForm(LabeledEnum):
    """Form of an activity."""

    LECTURE = "lecture", "法治讲座"
    STALL = "stall", "设摊宣传咨询"
    VISIT = "visit", "入户走访"
    BROADCAST = "broadcast", "广播宣传"
    ONLINE = "online", "网络宣传"
    PERFORMANCE = "performance", "文艺宣传"
    TRAINING = "training", "法律培训"
    OTHER = "other", "其他"


@dataclass(frozen=True)
class ActivityInput:
    """What the 普法宣传 form or the command line hands to the service."""

    held_on: date
    place_kind: str
    place: str
    form: str
    theme: str
    audience: int = 0
    materials: int = 0
    notes: str = ""
    #: Operators who took part (the first is the one responsible); none → the acting operator.
    operator_ids: tuple[str, ...] = ()

    def validated(self, today: date | None = None) -> ActivityInput:
        """Normalised copy, or ``ValidationError`` naming every bad field."""
        day = today or date.today()
        errors = ErrorCollector()
        _choice(errors, PublicityPlace, self.place_kind, "place_kind", "活动场所类型")
        _choice(errors, PublicityForm, self.form, "form", "宣传形式")
        if self.held_on is None:
            errors.add("held_on", "请填写活动日期")
        elif self.held_on > day:
            errors.add("held_on", "活动日期不能晚于今天")
        elif self.held_on < EARLIEST:
            errors.add("held_on", "活动日期过早，请核对")
        place = errors.check(require_text, self.place, "place", "活动地点", max_len=200)
        theme = errors.check(require_text, self.theme, "theme", "宣传主题", max_len=200)
        notes = (self.notes or "").strip()
        if len(notes) > 4000:
            errors.add("notes", "活动情况不能超过4000个字")
        errors.check(check_encodable, notes, "notes", "活动情况")
        _count(errors, self.audience, "audience", "受众人数", MAX_AUDIENCE)
        _count(errors, self.materials, "materials", "发放资料份数", MAX_MATERIALS)
        operators = tuple(dict.fromkeys(o for o in self.operator_ids if o))
        errors.raise_if_any()
        return replace(self, place=place or "", theme=theme or "", notes=notes,
                       operator_ids=operators)


def _choice(errors: ErrorCollector, enum: type[LabeledEnum], value: str | None, name: str,
            label: str) -> None:
    if not value:
        errors.add(name, f"请选择{label}")
        return
    try:
        enum(value)
    except ValueError:
        errors.add(name, f"{label}的取值“{value}”无效")


def _count(errors: ErrorCollector, value: int | None, name: str, label: str,
           largest: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(name, f"{label}应为整数")
    elif value < 0:
        errors.add(name, f"{label}不能为负数")
    elif value > largest:
        errors.add(name, f"{label}过大，请核对")
