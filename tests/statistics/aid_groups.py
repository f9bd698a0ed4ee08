"""Five legal aid applications whose applicants fall in hand-picked groups (March 2026).

Ages come from the ID numbers at the application day (60 or older: 老年人; under 18:
未成年人); sex female: 妇女; the rest is declared.

A1 male, born 1958-03-10, applied 03-09 (68), declared 农民工; forwarded 03-10.
A2 female, born 2010-06-01, applied 03-12 (15); not forwarded.
A3 male, born 1966-03-20, applied 03-19 (59, the day before his 60th birthday), declared
   残疾人 and 退役军人; forwarded 03-20.
A4 female, born 1990-01-01, declared 家庭暴力受害人, applied 02-20 (outside), forwarded 03-02.
A5 male, born 1966-03-15, applied 03-15 (60 that day), declared 农民工; forwarded 03-16.
U1 wages applied 03-02 with the limitation deadline 03-12, forwarded 03-04 (not urgent then:
   8 days left) — counted urgent by nobody; U2 applied 03-02, deadline 03-12, still not
   forwarded on the report day 03-31: urgent as of that day.
"""

from __future__ import annotations

from datetime import date

from workstation.domain.identity import make_resident_id
from workstation.domain.inputs import PersonInput, ReferralInput
from workstation.services import aid
from workstation.services.context import Actor
from workstation.storage.engine import Database

PERIOD = "2026-03"
AS_OF = date(2026, 3, 31)

#: referral_by_group: (接收申请, 转交)
EXPECTED_BY_GROUP = {
    "migrant_worker": (2, 2), "elderly": (2, 2), "minor": (1, 0), "disabled": (1, 1),
    "women": (1, 1), "veteran": (1, 1), "dv_victim": (0, 1), "social_assistance": (0, 0),
}
#: referral_by_matter, wages row: (接收申请, 其中紧急, 转交) — A1 A2 A3 A5 U1 U2 received in
#: March, U2 urgent (U1 was not on the day it was forwarded); A1 A3 A5 U1 forwarded in March
#: (A4 is a maintenance claim).
EXPECTED_WAGES = (6, 1, 4)


def _person(name: str, birth: date, sex: str, seq: int, groups: tuple[str, ...] = ()
            ) -> PersonInput:
    return PersonInput(name=name, id_number=make_resident_id("130302", birth, seq, sex),
                       special_groups=groups)


def build_aid_groups(db: Database, actor: Actor) -> dict[str, str]:
    """Create the applications above; their ids by name."""
    ids: dict[str, str] = {}

    def referral(name: str, person: PersonInput, applied: date, forwarded: date | None,
                 matter: str = "wages", deadline: date | None = None) -> None:
        rid = aid.create_referral(db, actor, ReferralInput(
            matter=matter, facts="工资被拖欠。", request="请求法律援助。",
            hardship_route="commitment", household_size=2, applied_on=applied,
            applicant=person, limitation_deadline=deadline), today=applied)
        if forwarded is not None:
            aid.forward_referral(db, actor, rid, forwarded_to="海港区法律援助中心",
                                 forwarded_on=forwarded, allow_incomplete=True, today=forwarded)
        ids[name] = rid

    referral("A1", _person("甲老农", date(1958, 3, 10), "male", 1, ("migrant_worker",)),
             date(2026, 3, 9), date(2026, 3, 10))
    referral("A2", _person("乙小妹", date(2010, 6, 1), "female", 2), date(2026, 3, 12), None)
    referral("A3", _person("丙退伍", date(1966, 3, 20), "male", 3, ("disabled", "veteran")),
             date(2026, 3, 19), date(2026, 3, 20))
    referral("A4", _person("丁女士", date(1990, 1, 1), "female", 4, ("dv_victim",)),
             date(2026, 2, 20), date(2026, 3, 2), matter="maintenance")
    referral("A5", _person("戊务工", date(1966, 3, 15), "male", 5, ("migrant_worker",)),
             date(2026, 3, 15), date(2026, 3, 16))
    referral("U1", _person("己申请", date(1980, 5, 5), "male", 6), date(2026, 3, 2),
             date(2026, 3, 4), deadline=date(2026, 3, 12))
    referral("U2", _person("庚申请", date(1981, 5, 5), "male", 7), date(2026, 3, 2), None,
             deadline=date(2026, 3, 12))
    return ids
