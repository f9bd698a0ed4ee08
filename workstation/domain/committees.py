"""People's mediation committees (人民调解委员会) and how a mediation case is named.

The committee, not the station, mediates, signs and seals (People's Mediation Law arts. 7-8,
29): its name is printed exactly as on its seal. A station hosts one or more committees (a
township station often prints for village committees too); each case belongs to one.

:func:`case_title` is the one home of the wording that names a case ("张三、王五与李四邻里纠纷";
third parties after it). People's mediation is not a lawsuit: never "甲 诉 乙".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .enums import DisputeType, LabeledEnum, PartyRole
from .validators import ErrorCollector, check_encodable, require_text, validate_division_code

#: Every committee's name ends so (as on its seal).
COMMITTEE_SUFFIX = "人民调解委员会"
MAX_NAME = 60


class CommitteeType(LabeledEnum):
    """Kinds of people's mediation committees (人民调解委员会的类型)."""

    VILLAGE = "village", "村"
    RESIDENTS = "residents", "居（社区）"
    TOWNSHIP = "township", "乡镇（街道）"
    INDUSTRY = "industry", "行业性专业性"
    ENTERPRISE = "enterprise", "企事业单位"


# --- naming a case ------------------------------------------------------------------------------


def dispute_cause(dispute_type: str | None) -> str:
    """The dispute type as the end of a case's name (``邻里纠纷``, ``劳动争议纠纷``; plain
    ``纠纷`` for 其他)."""
    if not dispute_type or dispute_type == DisputeType.OTHER:
        return "纠纷"
    label = DisputeType.label_of(dispute_type)
    return label if label.endswith("纠纷") else label + "纠纷"


def parties_by_role(parties: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(申请人 / 被申请人 / 第三人, "name、name") for each role a case has, in that order: how
    forms and lists name the parties (third parties included)."""
    sides: dict[str, list[str]] = {r.value: [] for r in PartyRole}
    for role, name in parties:
        sides.setdefault(role, []).append(name)
    return [(r.label, "、".join(sides[r.value])) for r in PartyRole if sides[r.value]]


def case_title(parties: Iterable[tuple[str, str]], dispute_type: str | None = None) -> str:
    """How a mediation case is named, from its (role, name) pairs in position order:
    "张三、王五与李四邻里纠纷"; third parties follow in brackets ("…纠纷（第三人：赵六）").

    ``dispute_type`` is the case's coded dispute type (without it: "张三与李四纠纷").
    """
    sides: dict[str, list[str]] = {r.value: [] for r in PartyRole}
    for role, name in parties:
        sides.setdefault(role, []).append(name)
    applicants = "、".join(sides[PartyRole.APPLICANT])
    respondents = "、".join(sides[PartyRole.RESPONDENT])
    cause = dispute_cause(dispute_type)
    if applicants and respondents:
        title = f"{applicants}与{respondents}{cause}"
    else:
        title = f"{applicants or respondents}{cause}"
    if sides[PartyRole.THIRD_PARTY]:
        title += f"（{PartyRole.THIRD_PARTY.label}：{'、'.join(sides[PartyRole.THIRD_PARTY])}）"
    return title


# --- a committee's name -------------------------------------------------------------------------

_SERVICE_PART = re.compile(
    r"(公共法律服务|法律服务|司法所|人民调解|工作站|工作室|服务站|服务室).*$")
_SUFFIXES = "自治区|自治州|自治县|街道|社区|居委会|村委会|省|市|区|县|旗|镇|乡|村"
_UNIT = re.compile(rf".+?(?:{_SUFFIXES})(?!{_SUFFIXES})")


def suggest_committee(station_name: str) -> tuple[str, CommitteeType]:
    """A sensible first suggestion of the committee a station prints for, from the station's
    name: the smallest administrative unit it names plus 人民调解委员会.

    王村镇公共法律服务工作站 → 王村镇人民调解委员会 (乡镇); 新乡市红旗区向阳街道公共法律服务工作站
    → 向阳街道人民调解委员会; 海港镇东港村公共法律服务工作室 → 东港村人民调解委员会 (村).
    Only a suggestion: the name must be checked against the seal.
    """
    base = _SERVICE_PART.sub("", station_name.strip()) or station_name.strip()
    units = _UNIT.findall(base)
    unit = units[-1] if units else base
    if unit.endswith(("村", "村委会")):
        kind = CommitteeType.VILLAGE
    elif unit.endswith(("社区", "居委会")):
        kind = CommitteeType.RESIDENTS
    else:
        kind = CommitteeType.TOWNSHIP
    return unit + COMMITTEE_SUFFIX, kind


# --- input ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitteeInput:
    """A committee as the 设置 page, the setup wizard or the command line hands it over."""

    name: str
    kind: str
    division_code: str
    #: Operators of the station who mediate for it.
    operator_ids: tuple[str, ...] = ()
    #: Other mediators by name ("、"-separated), who have no login at the station.
    other_mediators: str = ""
    active: bool = True
    is_default: bool = False

    def validated(self) -> CommitteeInput:
        errors = ErrorCollector()
        name = errors.check(require_text, self.name, "name", "调解委员会名称", max_len=MAX_NAME)
        if name and not name.endswith(COMMITTEE_SUFFIX):
            errors.add("name", f"调解委员会名称应以“{COMMITTEE_SUFFIX}”结尾，并与印章一致")
        elif name and len(name) == len(COMMITTEE_SUFFIX):
            errors.add("name", "请在“人民调解委员会”前写明村、社区、乡镇或行业名称")
        if not self.kind:
            errors.add("kind", "请选择调解委员会类型")
        else:
            try:
                CommitteeType(self.kind)
            except ValueError:
                errors.add("kind", f"调解委员会类型的取值“{self.kind}”无效")
        code = errors.check(validate_division_code, self.division_code, min_level="county")
        others = "、".join(p.strip() for p in re.split(r"[、,，;；\s]+", self.other_mediators or "")
                          if p.strip())
        if len(others) > 200:
            errors.add("other_mediators", "其他调解员不能超过200个字")
        errors.check(check_encodable, others, "other_mediators", "其他调解员")
        errors.raise_if_any()
        return replace(self, name=name or "", division_code=code or "",
                       operator_ids=tuple(dict.fromkeys(self.operator_ids)),
                       other_mediators=others, active=bool(self.active),
                       is_default=bool(self.is_default) and bool(self.active))
