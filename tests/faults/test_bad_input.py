"""Bad input: hypothesis-generated nasty values through validators, services and the CLI.

Never an exception other than ``ValidationError``/``ServiceError``; a refused call leaves every
table count unchanged (no half-saved record); an accepted input round-trips exactly (the text
stored is the text given after the documented ``strip()``).
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli_support import run_workstation
from workstation.domain.errors import ValidationError
from workstation.domain.identity import make_resident_id
from workstation.domain.inputs import (
    CaseInput,
    ConsultationInput,
    PartyInput,
    PersonInput,
    ReferralInput,
)
from workstation.services.aid import create_referral
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError
from workstation.services.mediation import open_case
from workstation.storage.engine import Database

from ._support import ROOT

TABLES = ("person", "consultation", "mediation_case", "mediation_party", "aid_referral",
          "audit_entry", "change_log", "search_doc")
SETTINGS = settings(max_examples=50, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])

NASTY = [
    "", " ", "\x00", "a\x00b", "张三\x00", "😀", "👨‍👩‍👧‍👦", "𠮷野家", "\u200b", "\ufeff",
    "'); DROP TABLE person;--", "\" OR 1=1 --", "%_\\", "\n\r\t", "\u202eRTL", "ｱｲｳ",
    "x" * 100_000, "𠮷" * 100_000, " 张三 ", "Robert'); DELETE FROM consultation;--",
]
nasty_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60),
                       st.text(alphabet=st.characters(min_codepoint=0x20000,
                                                      max_codepoint=0x2FFFF), max_size=10))
REGION = "130302"


def _good_id(seq: int) -> str:
    return make_resident_id(REGION, date(1980, 5, 17), seq % 500, "male")


def _bad_id(seq: int) -> str:
    good = _good_id(seq)
    wrong = "0123456789X".replace(good[-1], "")[seq % 10]
    return good[:-1] + wrong


id_numbers = st.one_of(
    st.none(), nasty_text, st.integers(0, 499).map(_good_id), st.integers(0, 499).map(_bad_id),
    st.sampled_from(["130302199902301234", "130302302605170011", "13030219800517001",
                     "1303021980051700111"]),  # 30 Feb, future birth, short, long
)
dates = st.one_of(st.just(date.today() - timedelta(days=2)),
                  st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                  st.sampled_from([date.today() + timedelta(days=1), date(1899, 12, 31)]))
datetimes = st.one_of(
    st.just(datetime.now(UTC) - timedelta(hours=1)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.sampled_from([UTC, None])),
    st.just(datetime.now(UTC) - timedelta(hours=1)),
)
amounts = st.one_of(st.integers(-10**12, 10**12), st.sampled_from([-1, 0, 1]))


@st.composite
def persons(draw: Any) -> PersonInput:
    """Plausible people with nasty free text in "plain" examples; else everything is nasty."""
    if not draw(PLAIN):
        return PersonInput(
            name=draw(nasty_text),
            sex=draw(st.sampled_from([None, "male", "female", "x", "'; --"])),
            birth_date=draw(st.one_of(st.none(), dates)),
            id_number=draw(id_numbers),
            phone=draw(st.one_of(st.just(""), nasty_text, st.just("13800138000"))),
            address=draw(nasty_text),
        )
    return PersonInput(
        name=draw(st.one_of(st.sampled_from(["张三", " 𠮷田 ", "Robert'); DROP TABLE person;--",
                                             "😀李"]), filled_text.map(lambda t: t[:50]))),
        id_number=draw(st.one_of(st.none(), st.integers(0, 499).map(_good_id))),
        address=draw(st.one_of(filled_text.map(lambda t: t[:200]), st.just("海港镇东村1号"))),
    )


ACCEPTED: dict[str, int] = {}


PLAIN = st.shared(st.booleans(), key="plain")
filled_text = st.one_of(st.sampled_from(["老板拖欠工资", " 𠮷野家\x00的房子 ", "😀" * 3000,
                                         "'); DROP TABLE person;--", "a\x00b", "\u202e右"]),
                        st.text(min_size=1, max_size=80).filter(str.strip))


def mostly(good: Any, bad: Any) -> Any:
    """``good`` in the "plain" examples (about half: enough pass to test the round trip),
    ``bad`` in the others."""
    good = good if isinstance(good, st.SearchStrategy) else st.just(good)
    return PLAIN.flatmap(lambda plain: good if plain else bad)


def with_id(person: PersonInput, seq: int) -> PersonInput:
    return PersonInput(name=person.name, id_number=_good_id(seq), address=person.address)


def _counts(db: Database) -> dict[str, int]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
                for t in TABLES}


def _call(db: Database, fn: Any, *args: Any) -> Any:
    """Run a service; a refusal must be a ValidationError/ServiceError and change nothing."""
    before = _counts(db)
    try:
        result = fn(*args)
    except (ValidationError, ServiceError) as exc:
        if os.environ.get("FAULT_DEBUG"):
            print("REFUSED", fn.__name__, str(exc)[:200])
        assert _counts(db) == before, "refused call left rows behind"
        return None
    ACCEPTED[fn.__name__] = ACCEPTED.get(fn.__name__, 0) + 1
    return result


def _row(db: Database, sql: str, **params: Any) -> Any:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).one()


@SETTINGS
@given(person=persons())
def test_person_validator(person: PersonInput) -> None:
    try:
        out = person.validated()
    except ValidationError as exc:
        assert exc.errors and all(e.message for e in exc.errors)
        return
    assert out.name == person.name.strip()
    assert out.address == person.address.strip()


@SETTINGS
@given(person=persons(), question=mostly(filled_text, nasty_text),
       answer=mostly(filled_text, nasty_text),
       when=mostly(datetime.now(UTC) - timedelta(hours=1), datetimes),
       minutes=mostly(st.none(), st.integers(-10**6, 10**6)),
       channel=mostly("walk_in", st.sampled_from(["phone", "", "bogus", "'); DROP TABLE x;--"])))
def _register_consultation_examples(db: Database, actor: Actor, person: PersonInput,
                               question: str, answer: str, when: datetime,
                               minutes: int | None, channel: str) -> None:
    data = ConsultationInput(occurred_at=when, channel=channel, topic="wages",
                             question=question, handling_result="answered", answer=answer,
                             person=person, minutes_spent=minutes)
    record_id = _call(db, register_consultation, db, actor, data)
    if record_id is None:
        return
    row = _row(db, "SELECT c.question, c.answer, p.name, p.address FROM consultation c "
               "JOIN person p ON p.id = c.person_id WHERE c.id = :id", id=record_id)
    assert row.question == question.strip()
    assert row.answer == answer.strip()
    if not (person.id_number or "").strip():  # a new person (known IDs reuse the old row)
        assert (row.name, row.address) == (person.name.strip(), person.address.strip())


@SETTINGS
@given(applicant=persons(), respondent=persons(), facts=mostly(filled_text, nasty_text),
       claims=mostly(filled_text, nasty_text),
       amount=mostly(st.integers(0, 10**9), amounts),
       registered=mostly(date.today() - timedelta(days=1), dates),
       org=st.sampled_from(["", "某某有限公司", "'); DROP TABLE person;--", "𠮷\x00"]))
def _open_case_examples(db: Database, actor: Actor, applicant: PersonInput, respondent: PersonInput,
                   facts: str, claims: str, amount: int, registered: date, org: str) -> None:
    other = (PartyInput(role="respondent", org_name=org, org_representative=org)
             if org else PartyInput(role="respondent", person=respondent))
    data = CaseInput(source="application", dispute_type="neighbour", facts=facts,
                     claims=claims, registered_on=registered, amount_involved_fen=amount,
                     parties=(PartyInput(role="applicant", person=applicant), other))
    case_id = _call(db, open_case, db, actor, data)
    if case_id is None:
        return
    assert amount >= 0
    row = _row(db, "SELECT facts, claims, amount_involved_fen FROM mediation_case "
               "WHERE id = :id", id=case_id)
    assert (row.facts, row.claims, row.amount_involved_fen) == (facts.strip(), claims.strip(),
                                                                 amount)


@SETTINGS
@given(applicant=mostly(st.builds(with_id, persons(), st.integers(0, 499)), persons()),
       facts=mostly(filled_text, nasty_text), request=mostly(filled_text, nasty_text),
       income=mostly(st.one_of(st.none(), st.integers(0, 10**9)), amounts),
       household=mostly(4, st.one_of(st.none(), st.integers(-5, 40))),
       applied=mostly(date.today() - timedelta(days=1), dates),
       matter=mostly("wages", st.sampled_from(["other", "", "nope"])), detail=nasty_text)
def _create_referral_examples(db: Database, actor: Actor, applicant: PersonInput, facts: str,
                         request: str, income: int | None, household: int | None,
                         applied: date, matter: str, detail: str) -> None:
    data = ReferralInput(matter=matter, facts=facts, request=request,
                         hardship_route="commitment", applied_on=applied, applicant=applicant,
                         monthly_income_fen=income, household_size=household,
                         matter_detail=detail)
    referral_id = _call(db, create_referral, db, actor, data)
    if referral_id is None:
        return
    assert income is None or income >= 0
    row = _row(db, "SELECT facts, request FROM aid_referral WHERE id = :id", id=referral_id)
    assert (row.facts, row.request) == (facts.strip(), request.strip())


@pytest.mark.parametrize("examples", [_register_consultation_examples, _open_case_examples,
                                      _create_referral_examples],
                         ids=["register_consultation", "open_case", "create_referral"])
def test_service_survives_nasty_input(db: Database, actor: Actor, examples: Any) -> None:
    """Refused: only ValidationError/ServiceError, nothing saved. Accepted: exact round trip."""
    ACCEPTED.clear()
    examples(db=db, actor=actor)
    assert sum(ACCEPTED.values()) >= 5, f"too few inputs accepted to test round trips: {ACCEPTED}"


# --- command line ----------------------------------------------------------------------------

WEIRD = ["𠮷野家", "😀" * 50, "'); DROP TABLE person;--", "-", "--", "\u202e", "ｘ" * 5000,
         "../../etc/passwd", "%s%n", "-1"]


@pytest.fixture
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "station.db"
    result = _cli("init", "--db", str(path), "--station-name", "海港镇公共法律服务工作站",
                  "--division-code", "130302100000", "--county", "海港区公共法律服务中心",
                  "--admin", "admin", "--case-prefix", "海调", stdin="correct-horse-1\n")
    assert result.returncode == 0, result.stderr
    return path


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    # Logged in as the admin, so the weird values reach the argument checks and services.
    env = dict(os.environ, PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen",
               WORKSTATION_USER="admin", WORKSTATION_PASSWORD="correct-horse-1")
    return run_workstation(args, input=stdin, env=env, cwd=ROOT)


def _bad_commands(db: str, weird: str, tmp: Path) -> list[list[str]]:
    return [
        ["list", weird, "--db", db],
        ["list", "persons", "--limit", weird, "--db", db],
        ["demo", "--records", weird, "--db", db],
        ["print", weird, "--record", "x", "--out", str(tmp / "o.pdf"), "--db", db],
        ["print", "mediation_agreement", "--record", weird, "--out", str(tmp / "o.pdf"),
         "--db", db],
        ["stats", "--db", str(tmp / f"{weird[:20]}.db")],
        ["init", "--db", str(tmp / "new.db"), "--station-name", weird, "--division-code",
         weird, "--county", weird, "--admin", weird],
        ["sync", "import-ack", str(tmp / "nope.wsa"), "--db", db],
        ["sync", "set-county-key", "--key", str(tmp / "nokey"), "--db", db],
        [weird],
    ]


def test_cli_refuses_weird_arguments_cleanly(cli_db: Path, tmp_path: Path) -> None:
    """A handful of nasty argument values: exit code != 0, no traceback, clean message."""
    db = str(cli_db)
    commands = [cmd for weird in WEIRD[:2] for cmd in _bad_commands(db, weird, tmp_path)]
    commands += [_bad_commands(db, weird, tmp_path)[i % 10]
                 for i, weird in enumerate(WEIRD[2:] * 2)]
    results = [(c, _cli(*c, stdin="pw-long-enough-1\n")) for c in commands]
    for cmd, result in results:
        assert result.returncode != 0, (cmd, result.stdout[-500:])
        assert "Traceback" not in result.stderr, (cmd, result.stderr[-3000:])
        assert result.stderr.strip(), cmd
    assert not (tmp_path / "new.db").exists(), "refused init left a database file behind"
    assert not (tmp_path / "o.pdf").exists()


# --- regressions: bugs these tests found (fixed in the working tree meanwhile) -------------------

OVERFLOW = 10**20  # more fen than SQLite's signed 64-bit INTEGER holds


def test_case_amount_beyond_int64_is_a_validation_error(db: Database, actor: Actor,
                                                        make: Any) -> None:
    before = _counts(db)
    with pytest.raises(ValidationError):
        open_case(db, actor, make.case(amount_involved_fen=OVERFLOW))
    assert _counts(db) == before


def test_referral_income_beyond_int64_is_a_validation_error(db: Database, actor: Actor,
                                                            make: Any) -> None:
    with pytest.raises(ValidationError):
        create_referral(db, actor, make.referral(monthly_income_fen=OVERFLOW))


def test_lone_surrogate_is_a_validation_error(db: Database, actor: Actor, make: Any) -> None:
    with pytest.raises(ValidationError):
        register_consultation(db, actor, make.consultation(question="工资\ud800拖欠"))


def test_cli_huge_limit_is_refused_cleanly(cli_db: Path) -> None:
    result = _cli("list", "persons", "--limit", "99999999999999999999999", "--db", str(cli_db))
    assert "Traceback" not in result.stderr, result.stderr[-1500:]
