"""Legal Aid Law arts. 32 and 42 as the hardship-route suggestion applies them, and the
applicant's groups the aid sheet counts."""

from __future__ import annotations

from datetime import date

import pytest

from workstation.domain.eligibility import applicant_groups, assess
from workstation.domain.enums import AidMatter, HardshipRoute
from workstation.domain.identity import make_resident_id

NO_HARDSHIP = HardshipRoute.NO_HARDSHIP_MATTER
EXEMPT = HardshipRoute.EXEMPT_GROUP
COMMITMENT = HardshipRoute.COMMITMENT


@pytest.mark.parametrize("group", ["dv_victim", "hero_relative", "brave_act"])
@pytest.mark.parametrize("matter", [m.value for m in AidMatter])
def test_article_32_groups_are_free_of_hardship_for_any_matter(group: str, matter: str) -> None:
    result = assess(matter, [group])
    assert result.route is NO_HARDSHIP
    assert not result.needs_confirmation
    assert "第三十二条" in result.reasons[0]


def test_domestic_violence_victim_claiming_maintenance_is_not_steered_to_the_commitment() -> None:
    result = assess("maintenance", ["dv_victim", "women"])
    assert result.route is NO_HARDSHIP
    assert "家庭暴力受害人" in result.reasons[0]


@pytest.mark.parametrize("group", ["social_assistance", "judicial_assistance", "special_care"])
def test_article_42_assistance_and_special_care_exempt_outright(group: str) -> None:
    result = assess("other", [group])
    assert (result.route, result.needs_confirmation) == (EXEMPT, False)


@pytest.mark.parametrize("group", ["minor", "elderly", "disabled"])
def test_article_42_without_fixed_income_needs_confirmation(group: str) -> None:
    result = assess("other", [group])
    assert (result.route, result.needs_confirmation) == (EXEMPT, True)
    assert "无固定生活来源" in result.reasons[0]


def test_migrant_worker_claiming_wages_is_exempt() -> None:
    result = assess("wages", ["migrant_worker"])
    assert (result.route, result.needs_confirmation) == (EXEMPT, False)
    assert "劳动报酬" in result.reasons[0]


def test_migrant_worker_personal_injury_only_when_it_is_a_work_injury() -> None:
    result = assess("personal_injury", ["migrant_worker"])
    assert (result.route, result.needs_confirmation) == (EXEMPT, True)
    assert "工伤事故" in result.reasons[0]
    assert "交通事故" in result.reasons[1] and "承诺书" in result.reasons[1]


@pytest.mark.parametrize("matter", ["maintenance", "social_benefits", "environment", "other"])
def test_migrant_worker_other_matters_sign_the_commitment(matter: str) -> None:
    assert assess(matter, ["migrant_worker"]).route is COMMITMENT


@pytest.mark.parametrize("groups", [[], ["women"], ["veteran"], ["women", "veteran"]])
def test_groups_outside_the_articles_sign_the_commitment(groups: list[str]) -> None:
    assert assess("maintenance", groups).route is COMMITMENT


def test_article_32_matter_wins_whatever_the_groups() -> None:
    assert assess("bravery", ["migrant_worker"]).route is NO_HARDSHIP


# --- the applicant's groups ------------------------------------------------------------------

APPLIED = date(2026, 3, 15)


@pytest.mark.parametrize(("birth", "expected"), [
    (date(1966, 3, 15), ("elderly",)),   # 60 on the application day
    (date(1966, 3, 16), ()),             # 60 the day after
    (date(2008, 3, 16), ("minor",)),     # 17, 18 the day after
    (date(2008, 3, 15), ()),             # 18 that day
])
def test_age_groups_from_the_id_number_on_the_application_day(birth: date,
                                                              expected: tuple) -> None:
    number = make_resident_id("130302", birth, 1, "male")
    assert applicant_groups((), on=APPLIED, id_type="resident_id", id_number=number) == expected


def test_the_id_number_wins_over_a_recorded_birth_date_and_sex() -> None:
    number = make_resident_id("130302", date(1950, 1, 1), 2, "female")
    assert applicant_groups((), on=APPLIED, birth_date=date(1990, 1, 1), sex="male",
                            id_type="resident_id", id_number=number) == ("elderly", "women")


def test_declared_groups_in_the_sheets_order_unknown_dropped() -> None:
    got = applicant_groups(("veteran", "disabled", "nonsense", "migrant_worker"), on=APPLIED,
                           birth_date=date(1950, 5, 5), sex="female")
    assert got == ("migrant_worker", "elderly", "disabled", "women", "veteran")


def test_nothing_known_adds_nothing() -> None:
    assert applicant_groups((), on=APPLIED) == ()
    assert applicant_groups(("minor",), on=APPLIED, birth_date=date(1980, 1, 1)) == ("minor",)
