"""Planning and building the demo records (rows as dicts for Core inserts)."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import Connection, insert

from workstation.domain.deadlines import is_urgent, mediation_deadline
from workstation.domain.eligibility import assess, required_materials
from workstation.domain.enums import (
    AidMatter,
    AidStatus,
    Channel,
    ConsultationTopic,
    DisputeType,
    HandlingResult,
    MediationStatus,
)
from workstation.domain.numbering import NumberKind
from workstation.domain.rating import (
    METHOD_SOURCE,
    NEGATIVE_REASONS,
    POSITIVE_REASONS,
    needs_review,
    review_due,
)
from workstation.storage.models import SYNCED_TABLES, SQLModel

from . import committees as demo_committees
from . import scenarios as sc
from . import texts
from .people import People, at

M = MediationStatus
A = AidStatus

NUMBER_KIND = {
    "consultation": NumberKind.CONSULTATION,
    "mediation_case": NumberKind.MEDIATION,
    "aid_referral": NumberKind.AID_REFERRAL,
}


@dataclass
class Context:
    rng: random.Random
    people: People
    station_id: str
    today: date
    last_day: date  # nothing is dated later than this (yesterday)
    uid: Callable[[], str]
    aid_center: str
    operators: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    #: Mediator id → name (a co-mediator is never the case's own mediator).
    mediator_names: dict[str, str] = field(default_factory=dict)
    #: The referral directory: provider name → id (consultations referred there name it).
    providers: dict[str, str] = field(default_factory=dict)
    #: (mediation committee id, weight): the committees new cases are spread over.
    committees: list[tuple[str, int]] = field(default_factory=list)
    #: Organisation parties by kind (set up with the context).
    orgs: sc.Orgs = field(init=False)

    def __post_init__(self) -> None:
        self.orgs = sc.Orgs(self.rng, self.people.name)


@dataclass
class Entry:
    """One planned record: kind, day, minute of day and (for cases/referrals) the status."""

    kind: str
    day: date
    minute: int
    status: str = ""
    value: str = ""  # topic / dispute type / matter
    special: str = ""  # "overdue", "due_soon", "urgent", "stale"


class Rows:
    """Rows to insert in one transaction, per table."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {name: [] for name in SYNCED_TABLES}

    def add(self, table: str, *rows: dict[str, Any]) -> None:
        self.tables[table].extend(rows)

    def add_responsibility(self, today: date) -> None:
        """Every consultation, case and referral of the batch gets its first receiver and
        handler (``services.responsibility``): the operator who registered it. Consultations
        that sent the citizen on count as followed through the next day (the demo has no
        stored links), so only recent ones wait on the workbench."""
        from workstation.domain.responsibility import NEEDS_FOLLOW_THROUGH

        for table, column in (("consultation", "operator_id"), ("mediation_case", "mediator_id"),
                              ("aid_referral", "operator_id")):
            for row in self.tables[table]:
                settled = None
                if table == "consultation" and row["handling_result"] in NEEDS_FOLLOW_THROUGH:
                    day = row["occurred_at"].date() + timedelta(days=1)
                    settled = day if day < today else None
                self.tables["responsibility"].append({
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"responsibility/{row['id']}")),
                    "station_id": row["station_id"], "created_at": row["created_at"],
                    "updated_at": row["created_at"], "version": 1, "record_type": table,
                    "record_id": row["id"], "first_receiver_id": row[column],
                    "handler_id": row[column], "handler_name": "", "settled_on": settled,
                    "settled_note": "已告知后续办理途径" if settled else ""})

    def write(self, conn: Connection) -> None:
        for name in SYNCED_TABLES:  # parents first (foreign keys are checked per statement)
            rows = self.tables[name]
            if rows:
                conn.execute(insert(SQLModel.metadata.tables[name]), rows)


# --- the plan ---------------------------------------------------------------------------------

_TOPIC_WEIGHTS = {
    "marriage_family": 14, "inheritance": 8, "neighbour": 10, "land_housing": 10,
    "contract_debt": 12, "labour": 8, "wages": 10, "injury": 5, "traffic": 6, "consumer": 4,
    "social_security": 5, "administrative": 3, "criminal": 2, "other": 3,
}
_DISPUTE_WEIGHTS = {
    "marriage_family": 15, "neighbour": 20, "housing_homestead": 12, "contract": 8,
    "production_business": 3, "damages": 10, "forest_land": 4, "land_requisition": 2,
    "environment": 2, "labour": 6, "consumer": 3, "medical": 2, "traffic": 6,
    "property_management": 5, "other": 3,
}
_MATTER_WEIGHTS = {
    "state_compensation": 1, "social_benefits": 6, "pension_bereaved": 3, "maintenance": 18,
    "wages": 30, "civil_capacity": 3, "environment": 1, "personal_injury": 20, "hero_honour": 1,
    "bravery": 1, "retrial_compensation": 1, "abuse_victim": 5, "criminal": 6, "other": 4,
}


def _covering(rng: random.Random, n: int, weights: dict[str, int]) -> list[str]:
    """``n`` values drawn by weight, containing every value once ``n`` allows it."""
    keys = list(weights)
    values = keys[:n] + rng.choices(keys, list(weights.values()), k=max(0, n - len(keys)))
    rng.shuffle(values)
    return values


def _pick(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in table], [w for _, w in table])[0]


def _mediation_status(rng: random.Random, age: int) -> str:
    if age <= 2:
        table = ((M.REGISTERED, 45), (M.ACCEPTED, 30), (M.MEDIATING, 20), (M.TERMINATED, 5))
    elif age <= 10:
        table = ((M.REGISTERED, 8), (M.ACCEPTED, 20), (M.MEDIATING, 45), (M.AGREED, 15),
                 (M.FAILED, 4), (M.TERMINATED, 8))
    elif age <= 30:
        table = ((M.REGISTERED, 2), (M.ACCEPTED, 5), (M.MEDIATING, 35), (M.AGREED, 35),
                 (M.FAILED, 8), (M.TERMINATED, 5), (M.FOLLOWED_UP, 10))
    elif age <= 60:
        table = ((M.AGREED, 6), (M.FAILED, 8), (M.TERMINATED, 5), (M.FOLLOWED_UP, 50),
                 (M.ARCHIVED, 31))
    else:
        # A station that keeps its time limits: old cases are concluded; the few overdue
        # ones are planted on purpose (see make_plan) so the dashboard has work to show.
        table = ((M.AGREED, 0.3), (M.FAILED, 3), (M.TERMINATED, 2), (M.FOLLOWED_UP, 20),
                 (M.ARCHIVED, 74))
    return _pick(rng, table)


def _aid_status(rng: random.Random, age: int) -> str:
    if age <= 3:
        table = ((A.DRAFT, 60), (A.FORWARDED, 30), (A.RECEIVED, 8), (A.CLOSED, 2))
    elif age <= 10:
        table = ((A.DRAFT, 8), (A.FORWARDED, 20), (A.RECEIVED, 30), (A.GRANTED, 25),
                 (A.DENIED, 7), (A.CLOSED, 3))
    elif age <= 60:
        table = ((A.RECEIVED, 1), (A.GRANTED, 50), (A.DENIED, 12), (A.CLOSED, 35))
    else:
        table = ((A.GRANTED, 24), (A.DENIED, 5), (A.CLOSED, 70))
    return _pick(rng, table)


def _random_day(rng: random.Random, today: date) -> date:
    while True:
        day = today - timedelta(days=rng.randint(1, 365))
        if day.weekday() < 5 or rng.random() < 0.25:
            return day


def make_plan(ctx: Context, records: int) -> list[Entry]:
    """All records to create, in date order (serial numbers follow this order)."""
    rng, today = ctx.rng, ctx.today
    n_c = round(records * 0.60)
    n_m = round(records * 0.28)
    n_a = records - n_c - n_m
    plan: list[Entry] = []

    def new(kind: str) -> Entry:
        return Entry(kind, _random_day(rng, today), rng.randrange(8 * 60 + 30, 17 * 60 + 30))

    for topic in _covering(rng, n_c, _TOPIC_WEIGHTS):
        entry = new("consultation")
        entry.value = topic
        plan.append(entry)

    cases = [new("mediation_case") for _ in range(n_m)]
    for entry, dispute in zip(cases, _covering(rng, n_m, _DISPUTE_WEIGHTS), strict=True):
        entry.value = dispute
        entry.status = _mediation_status(rng, (today - entry.day).days)
    specials = _specials(rng, cases, max(1, n_m // 150))
    for entry in specials[0]:  # open and overdue
        entry.day = today - timedelta(days=rng.randint(36, 90))
        entry.status, entry.special = rng.choice((M.ACCEPTED, M.MEDIATING)), "overdue"
    for entry in specials[1]:  # open, deadline within 7 days
        entry.day = today - timedelta(days=rng.randint(24, 29))
        entry.status, entry.special = M.MEDIATING, "due_soon"
    _cover_statuses(rng, today, cases, list(M), {M.REGISTERED: (1, 3)}, (40, 300))
    plan += cases

    referrals = [new("aid_referral") for _ in range(n_a)]
    for entry, matter in zip(referrals, _covering(rng, n_a, _MATTER_WEIGHTS), strict=True):
        entry.value = matter
        entry.status = _aid_status(rng, (today - entry.day).days)
    specials = _specials(rng, referrals, max(1, n_a // 100))
    for entry in specials[0]:  # urgent: limitation period runs out within 7 days
        entry.day = today - timedelta(days=rng.randint(1, 3))
        entry.status, entry.special = rng.choice((A.DRAFT, A.FORWARDED)), "urgent"
    for entry in specials[1]:  # not forwarded within 3 days
        entry.day = today - timedelta(days=rng.randint(4, 12))
        entry.status, entry.special = A.DRAFT, "stale"
    _cover_statuses(rng, today, referrals, list(A), {A.DRAFT: (1, 2)}, (40, 300))
    plan += referrals

    plan.sort(key=lambda e: (e.day, e.minute))
    return plan


def _specials(rng: random.Random, entries: list[Entry], k: int) -> tuple[list[Entry], list[Entry]]:
    if len(entries) < 4 * k + 10:
        k = 1 if len(entries) >= 20 else 0
    chosen = rng.sample(entries, 2 * k) if k else []
    return chosen[:k], chosen[k:]


def _cover_statuses(rng: random.Random, today: date, entries: list[Entry], statuses: list[str],
                    young: dict[str, tuple[int, int]], old: tuple[int, int]) -> None:
    """Make every status appear at least once (when there are enough entries)."""
    if len(entries) < 2 * len(statuses):
        return
    present = Counter(e.status for e in entries)
    free = [e for e in entries if not e.special]
    rng.shuffle(free)
    for status in statuses:
        if present[status]:
            continue
        entry = next(e for e in free if present[e.status] > 1)
        free.remove(entry)
        low, high = young.get(status, old)
        entry.day = today - timedelta(days=rng.randint(low, high))
        present[entry.status] -= 1
        entry.status = status
        present[status] += 1


# --- shared helpers ---------------------------------------------------------------------------

def _amount_text(fen: int) -> str:
    yuan = fen // 100
    if yuan >= 10000 and yuan % 1000 == 0:
        return f"{yuan / 10000:g}万元"
    return f"{yuan}元"


def _amount(rng: random.Random, low: int, high: int) -> int:
    """An amount in fen, rounded as people state them (yuan ``low``..``high``)."""
    yuan = rng.randint(low, high)
    step = 1000 if yuan >= 20000 else 100 if yuan >= 2000 else 50
    return max(step, round(yuan / step) * step) * 100


def _fill(ctx: Context, a: str, fen: int, org_kind: str) -> dict[str, Any]:
    """Slots of a consultation or aid referral (see ``scenarios.CONSULTS`` and ``AIDS``)."""
    rng = ctx.rng
    return {
        "a": a, "amt": _amount_text(fen), "n": rng.randint(2, 9), "m": rng.randint(2, 8),
        "v": rng.choice(sc.RURAL), "org": ctx.orgs.get(org_kind)[0] if org_kind else "",
        "place": rng.choice(texts.SPOTS), "road": rng.choice(texts.ROADS),
        "kin_dead": rng.choice(sc.KIN_DEAD), "kin_live": rng.choice(sc.KIN_LIVE),
        "illness": rng.choice(sc.ILLNESSES),
    }


def _timeline(ctx: Context, start: date, minute: int, gaps: list[int]) -> list[datetime]:
    """Datetimes of a record's steps: ``start`` then each gap (days) later, fitted to the
    days up to ``ctx.last_day`` and strictly increasing."""
    rng = ctx.rng
    room = (ctx.last_day - start).days
    total = sum(gaps)
    if total > room:
        scale = max(0, room) / total if total else 0
        gaps = [int(g * scale) for g in gaps]
    out = [at(start, minute)]
    day = start
    for gap in gaps:
        day = day + timedelta(days=gap)
        moment = at(day, rng.randrange(8 * 60 + 30, 17 * 60 + 30))
        if moment <= out[-1]:
            moment = out[-1] + timedelta(minutes=rng.randint(10, 60))
        out.append(moment)
    return out


def _record_base(ctx: Context, rid: str, created: datetime, updated: datetime,
                 version: int = 1) -> dict[str, Any]:
    return {"id": rid, "station_id": ctx.station_id, "created_at": created,
            "updated_at": updated, "version": version}


def _status_rows(ctx: Context, rows: Rows, record_type: str, rid: str, steps: list[str],
                 moments: list[datetime], reasons: dict[int, str], operator: str) -> None:
    previous: str | None = None
    for i, (status, moment) in enumerate(zip(steps, moments, strict=True)):
        rows.add("status_change", {
            **_record_base(ctx, ctx.uid(), moment, moment), "record_type": record_type,
            "record_id": rid, "from_status": previous, "to_status": status,
            "changed_at": moment, "operator_id": operator, "reason": reasons.get(i, ""),
        })
        previous = status


# --- consultations ----------------------------------------------------------------------------

#: Some citizens come through the 12348 hotline or platform (``demo.handling`` makes the
#: platform's orders for some of those).
_CHANNELS = ((Channel.WALK_IN, 50), (Channel.PHONE, 26), (Channel.HOTLINE_12348, 4),
             (Channel.ONLINE, 9), (Channel.PLATFORM_12348, 3), (Channel.VISIT, 8))
_REFERRALS_BY_TOPIC = {
    "marriage_family": ("to_mediation", "to_court", "to_legal_aid"),
    "inheritance": ("to_notary", "to_mediation", "to_lawyer"),
    "neighbour": ("to_mediation", "to_mediation", "to_department"),
    "land_housing": ("to_mediation", "to_department", "to_court"),
    "contract_debt": ("to_mediation", "to_court", "to_lawyer"),
    "labour": ("to_department", "to_legal_aid", "to_lawyer"),
    "wages": ("to_legal_aid", "to_department"),
    "injury": ("to_appraisal", "to_mediation", "to_legal_aid"),
    "traffic": ("to_appraisal", "to_mediation", "to_legal_aid"),
    "consumer": ("to_department", "to_mediation"),
    "social_security": ("to_department", "to_legal_aid"),
    "administrative": ("to_department", "to_lawyer"),
    "criminal": ("to_legal_aid", "to_lawyer", "to_department"),
    "other": ("to_notary", "to_lawyer", "to_department"),
}
def add_rating(ctx: Context, rows: Rows, record_type: str, record_id: str, method: str,
               moment: datetime, operator: str) -> str:
    """A rating of the record (``scenarios.RATING_VALUES`` by source); a 不满意 gets its review,
    closed when its day is well past. Returns the value."""
    rng = ctx.rng
    source = METHOD_SOURCE[method]
    value = _pick(rng, sc.RATING_VALUES[source])
    reasons: list[str] = []
    if source == "citizen" and rng.random() < 0.5:
        bank = NEGATIVE_REASONS if value == "dissatisfied" else POSITIVE_REASONS
        reasons = sorted(rng.sample(bank, rng.choice((1, 1, 2))))
    rid = ctx.uid()
    rows.add("rating", {
        **_record_base(ctx, rid, moment, moment), "record_type": record_type,
        "record_id": record_id, "value": value, "source": source, "method": method,
        "reasons": reasons, "comment": "", "rated_at": moment, "operator_id": operator,
    })
    if needs_review(value):
        due = review_due(moment.date())
        review: dict[str, Any] = {"reason": "", "action_taken": "", "contacted_on": None,
                                  "contact_method": "", "closed_at": None, "closed_by": None}
        # Most are dealt with in time; a few recent ones wait, now and then one of the last
        # month is forgotten (none older: a year-old review would not still be open). The
        # random draw is made as before, so the rest of the demo stays the same.
        if due < ctx.last_day - timedelta(days=4) and (
                rng.random() < 0.93 or due < ctx.last_day - timedelta(days=30)):
            reason, action, how = rng.choice(sc.REVIEWS)
            contacted = min(moment.date() + timedelta(days=rng.randint(1, 4)), ctx.last_day)
            closed = at(min(contacted + timedelta(days=rng.randint(0, 2)), ctx.last_day), 16 * 60)
            review = {"reason": reason, "action_taken": action, "contacted_on": contacted,
                      "contact_method": how, "closed_at": closed, "closed_by": ctx.operators[0]}
        created = moment
        rows.add("rating_review", {
            **_record_base(ctx, ctx.uid(), created, review["closed_at"] or created),
            "rating_id": rid, "due_on": due, **review})
    return value


def _consultation_rating(ctx: Context, rows: Rows, consultation_id: str, moment: datetime,
                         operator: str) -> str | None:
    """Rates a new consultation as stations do; the staff-ticked value (or None)."""
    method = _pick(ctx.rng, sc.CONSULTATION_RATING)
    if method == "none":
        return None
    if method == "slip":  # brought back some days later (never after yesterday)
        day = min(moment.date() + timedelta(days=ctx.rng.randint(1, 6)), ctx.last_day)
        moment = max(moment, at(day, 10 * 60))
    value = add_rating(ctx, rows, "consultation", consultation_id, method, moment, operator)
    return value if method == "entered" else None


def build_consultation(ctx: Context, rows: Rows, entry: Entry, year: int, seq: int,
                       number: str) -> None:
    rng, people = ctx.rng, ctx.people
    topic = entry.value
    moment = at(entry.day, entry.minute)
    consult = rng.choice(sc.CONSULTS[topic])
    person_id = None
    name = "来访群众"
    sex = rng.choice(("male", "female"))
    if rng.random() >= 0.05:  # about 1 in 20 is anonymous
        min_age = max(consult.min_age, 55 if topic in ("inheritance", "social_security")
                      and rng.random() < 0.5 else 20)
        if min_age > 20 or consult.sex:
            person_id = people.new(entry.day, min_age=min_age, sex=consult.sex)
            name, sex = people.pool[-1][1], people.pool[-1][2]
        else:
            person_id, name, sex = people.pick(entry.day, 0.12)
    fill = _fill(ctx, name, _amount(rng, *consult.money), consult.org)
    fill["spouse"] = people.name("female" if sex == "male" else "male")
    if person_id is not None:  # the asker's own spouse may be meant
        spouse = "妻子" if sex == "male" else "丈夫"
        fill["kin_dead"] = rng.choice((*sc.KIN_DEAD, spouse))
        fill["kin_live"] = rng.choice((*sc.KIN_LIVE, spouse))
    fill["other"] = people.name("male" if rng.random() < 0.6 else "female")
    result = "answered" if rng.random() < 0.68 else rng.choice(_REFERRALS_BY_TOPIC[topic])
    if result == "to_department":
        referred = rng.choice(texts.DEPARTMENTS)
    elif result == "to_legal_aid":
        referred = ctx.aid_center
    else:
        referred = texts.REFERRED_TO.get(result, "")
    answer = consult.answer
    if result != "answered":
        where = f"（{referred}）" if referred else ""
        answer += f"已{HandlingResult.label_of(result)}{where}。"
    consultation_id = ctx.uid()
    operator = rng.choice(ctx.operators)
    rows.add("consultation", {
        **_record_base(ctx, consultation_id, moment, moment), "year": year, "seq": seq,
        "number": number, "occurred_at": moment, "channel": _pick(rng, _CHANNELS),
        "person_id": person_id, "topic": topic,
        "question": consult.question.format(**fill), "answer": answer,
        "handling_result": result, "referred_to": referred,
        "provider_id": ctx.providers.get(referred) if result != "to_mediation" else None,
        "operator_id": operator, "minutes_spent": rng.choice(
            (5, 10, 10, 15, 15, 20, 20, 30, 30, 40, 45, 60, 90)),
        "satisfaction": None,
    })
    rows.tables["consultation"][-1]["satisfaction"] = _consultation_rating(
        ctx, rows, consultation_id, moment, operator)


# --- mediation cases --------------------------------------------------------------------------

_SOURCES = (("application", 70), ("own_initiative", 15), ("referred", 15))


def _case_path(rng: random.Random, status: str) -> list[str]:
    head = [M.REGISTERED, M.ACCEPTED, M.MEDIATING]
    if status in head:
        return head[: head.index(status) + 1]
    if status == M.TERMINATED:
        return [*head[: rng.choice((1, 2, 3, 3))], M.TERMINATED]
    if status in (M.AGREED, M.FAILED):
        return [*head, status]
    if status == M.FOLLOWED_UP:
        return [*head, M.AGREED, M.FOLLOWED_UP]
    ending = _pick(rng, ((M.FOLLOWED_UP, 65), (M.FAILED, 22), (M.TERMINATED, 13)))
    return [*_case_path(rng, ending), M.ARCHIVED]


_CASE_GAPS = {
    M.ACCEPTED: (0, 0, 1, 1, 2, 3), M.MEDIATING: (0, 1, 2, 3, 5), M.AGREED: (3, 7, 12, 18, 25),
    M.FAILED: (5, 10, 20, 28), M.TERMINATED: (1, 3, 6, 10), M.FOLLOWED_UP: (10, 20, 30, 40),
    M.ARCHIVED: (2, 5, 10, 20),
}


def _party_row(ctx: Context, role: str, position: int, case_id: str,
               moment: datetime) -> dict[str, Any]:
    return {**_record_base(ctx, ctx.uid(), moment, moment), "case_id": case_id, "role": role,
            "position": position, "person_id": None, "org_name": "", "org_representative": "",
            "org_address": ""}


def _org_party(ctx: Context, row: dict[str, Any], kind: str, village: str) -> str:
    name, rep, address = ctx.orgs.get(kind, village if kind == "village" else "")
    row.update(org_name=name, org_representative=rep, org_address=address)
    return name


def _surname(people: People, name: str) -> str:
    return name[:2] if name[:2] in people.compound_surnames else name[:1]


def _named(people: People, sex: str, surname: str | None) -> str:
    name = people.name(sex)
    return name if surname is None else surname + name[len(_surname(people, name)):]


def _kin(ctx: Context, day: date, sex: str, age: int,
         surname: str | None = None) -> tuple[str, str]:
    """A new person of ``sex`` and ``age`` (on ``day``), of ``surname`` if given."""
    people = ctx.people
    age += ctx.today.year - day.year  # People ages count from today
    pid = people.new(day, name=_named(people, sex, surname), sex=sex, min_age=age,
                     max_age=age)
    return pid, people.pool[-1][1]


_REL = {("male", "male"): "父子", ("male", "female"): "父女", ("female", "male"): "母子",
        ("female", "female"): "母女"}


def _related(ctx: Context, scenario: sc.CaseScenario, day: date,
             fill: dict[str, Any]) -> tuple[tuple[str, str], tuple[str, str]]:
    """Applicant and respondent (id, name) of a family dispute, of the scenario's relation."""
    rng, people = ctx.rng, ctx.people
    sex = scenario.applicant_sex
    if scenario.relation == "parent_child":
        sex = sex or rng.choice(("male", "female"))
        age = rng.randint(68, 86)
        a = _kin(ctx, day, sex, age)
        child_sex = rng.choice(("male", "female"))
        # children take their father's surname
        b = _kin(ctx, day, child_sex, max(30, age - rng.randint(22, 36)),
                 _surname(people, a[1]) if sex == "male" else None)
        fill.update(a_age=age, rel=_REL[(sex, child_sex)])
        return a, b
    if scenario.relation == "siblings":
        age = rng.randint(45, 70)
        a = _kin(ctx, day, "male", age)
        b = _kin(ctx, day, "male", age + rng.choice((-1, 1)) * rng.randint(1, 8),
                 _surname(people, a[1]))
        fill.update(rel="兄弟")
        return a, b
    # spouses: the husband a few years older as a rule
    husband = rng.randint(27, 60)
    wife = max(24, husband - rng.randint(-2, 5))
    sex = sex or rng.choice(("male", "female"))
    ages = {"male": husband, "female": wife}
    other = "female" if sex == "male" else "male"
    a = _kin(ctx, day, sex, ages[sex])
    b = _kin(ctx, day, other, ages[other])
    married = rng.randint(2, max(2, min(25, min(husband, wife) - 22)))
    fill.update(rel="夫妻", n=married, year0=day.year - married)
    return a, b


def _person(ctx: Context, entry: Entry, taken: set[str], sex: str | None,
            occupation: str = "", ages: tuple[int, int] = (30, 60)) -> tuple[str, str]:
    """An unrelated natural person (reused now and then); ``taken`` is never chosen again."""
    people = ctx.people
    if sex is not None:
        pid = people.new(entry.day, sex=sex, min_age=ages[0], max_age=ages[1],
                         occupation=occupation)
        taken.add(pid)
        return pid, people.pool[-1][1]
    for _ in range(5):
        pid, name, _sex = people.pick(entry.day, 0.2)
        if pid not in taken:
            break
    else:
        pid = people.new(entry.day)
        name = people.pool[-1][1]
    taken.add(pid)
    return pid, name


def _co_mediator(ctx: Context, mediator: str, pick: int) -> str:
    """A demo mediator's name to assist ``mediator``: the ``pick``-th, or the next one when
    that is the mediator himself."""
    name = texts.MEDIATORS[pick][0]
    if name == ctx.mediator_names.get(mediator):
        name = texts.MEDIATORS[(pick + 1) % len(texts.MEDIATORS)][0]
    return name


def build_case(ctx: Context, rows: Rows, entry: Entry, year: int, seq: int, number: str) -> None:
    rng = ctx.rng
    dtype = entry.value
    case_id = ctx.uid()
    steps = _case_path(rng, entry.status)
    gaps = [rng.choice(_CASE_GAPS[s]) for s in steps[1:]]
    if entry.special == "due_soon":
        gaps = [min(g, 1) for g in gaps]
    moments = _timeline(ctx, entry.day, entry.minute, gaps)
    created, updated = moments[0], moments[-1]
    days = dict(zip(steps, (m.date() for m in moments), strict=True))
    mediator = rng.choice(ctx.mediators)
    scenario, terms_t, fill = sc.draft_case(rng, dtype, entry.day)

    # parties: as the scenario has them
    applicant_row = _party_row(ctx, "applicant", 0, case_id, created)
    respondent_row = _party_row(ctx, "respondent", 1, case_id, created)
    parties = [applicant_row, respondent_row]
    taken: set[str] = set()
    if scenario.relation:
        (applicant_row["person_id"], a_name), (respondent_row["person_id"], b_name) = \
            _related(ctx, scenario, entry.day, fill)
    else:
        if scenario.applicant == sc.PERSON:
            applicant_row["person_id"], a_name = _person(
                ctx, entry, taken, scenario.applicant_sex, scenario.occupation,
                scenario.applicant_ages)
        else:
            a_name = _org_party(ctx, applicant_row, scenario.applicant, fill["v"])
        if scenario.respondent == sc.PERSON:
            respondent_row["person_id"], b_name = _person(ctx, entry, taken, None)
        else:
            b_name = _org_party(ctx, respondent_row, scenario.respondent, fill["v"])
        if scenario.group and rng.random() < 0.4:
            extra = _party_row(ctx, "applicant", 2, case_id, created)
            extra["person_id"], _ = _person(ctx, entry, taken, scenario.applicant_sex,
                                            scenario.occupation)
            parties.append(extra)
    rows.add("mediation_party", *parties)
    fill.update(a=a_name, b=b_name)
    payer = {"a": a_name, "b": b_name}.get(scenario.payer, "")
    fill.update(payer=payer, payee=b_name if payer == a_name else a_name)
    claims = scenario.claims.format(**fill)
    claimed = fill["c"] * 100 if "人民币{c}元" in scenario.claims else 0
    agreed = fill["agreed"] * 100
    source = _pick(rng, _SOURCES)
    referrers = sc.REFERRERS.get(dtype, ())
    if source == "referred" and not referrers:
        source = "application"

    accepted_on = days.get(M.ACCEPTED)
    extension = 0
    if M.MEDIATING in days and rng.random() < 0.04:
        extension = 15
    concluded = next((days[s] for s in (M.AGREED, M.FAILED, M.TERMINATED) if s in days), None)
    reasons: dict[int, str] = {}
    for i, step in enumerate(steps):
        if step == M.FAILED:
            reasons[i] = rng.choice(texts.FAIL_REASONS)
        elif step == M.TERMINATED:
            reasons[i] = rng.choice(texts.TERMINATE_REASONS)
    referrer = rng.choice(referrers) if source == "referred" else ""
    rows.add("mediation_case", {
        **_record_base(ctx, case_id, created, updated, len(steps) + (1 if extension else 0)),
        "year": year, "seq": seq, "number": number, "source": source,
        "referring_body": referrer, "referring_body_kind": sc.referrer_kind(referrer)
        if referrer else "",
        "dispute_type": dtype, "facts": scenario.facts.format(**fill), "claims": claims,
        "amount_involved_fen": claimed, "registered_on": entry.day, "accepted_on": accepted_on,
        "deadline": mediation_deadline(accepted_on, extension) if accepted_on else None,
        "extension_days": extension,
        "extension_reason": "案情复杂，经双方当事人同意延长调解期限" if extension else "",
        "status": steps[-1], "concluded_on": concluded,
        "status_reason": reasons.get(len(steps) - 1, ""), "mediator_id": mediator,
        "co_mediators": rng.choice(("", "", "", _co_mediator(ctx, mediator, rng.randrange(5)))),
        "committee_id": demo_committees.pick(case_id, ctx.committees),
    })
    _status_rows(ctx, rows, "mediation_case", case_id, steps, moments, reasons, mediator)
    ended = [i for i, step in enumerate(steps) if step in (M.AGREED, M.FAILED, M.TERMINATED)]
    if ended and rng.random() < sc.CASE_RATED:  # rated on the screen when the case closed
        add_rating(ctx, rows, "mediation_case", case_id, "screen",
                   moments[ended[0]] + timedelta(minutes=10), mediator)

    money = agreed > 0 and bool(payer)
    if M.MEDIATING in days:
        start = moments[steps.index(M.MEDIATING)]
        end = at(concluded, 17 * 60) if concluded else at(ctx.last_day, 17 * 60)
        _sessions(ctx, rows, case_id, start, end, fill, mediator, days.get(M.AGREED) is not None,
                  money)
    if M.AGREED in days:
        _agreement(ctx, rows, case_id, days[M.AGREED], moments[steps.index(M.AGREED)],
                   terms_t, scenario, agreed, len(parties), fill)
    if M.FOLLOWED_UP in days:
        moment = moments[steps.index(M.FOLLOWED_UP)]
        performance = _pick(rng, (("performed", 82), ("partly", 13), ("not_performed", 5)))
        notes = sc.FOLLOW_UPS[performance]
        if money and performance != "not_performed":
            notes = notes + sc.FOLLOW_UPS[performance + "_money"]
        rows.add("follow_up", {
            **_record_base(ctx, ctx.uid(), moment, moment), "case_id": case_id,
            "visited_on": moment.date(), "performance": performance, "satisfaction": None,
            "notes": rng.choice(notes).format(**fill), "operator_id": mediator,
        })
        rows.tables["follow_up"][-1]["satisfaction"] = add_rating(
            ctx, rows, "mediation_case", case_id, "visit", moment, mediator)


def _sessions(ctx: Context, rows: Rows, case_id: str, start: datetime, end: datetime,
              fill: dict[str, Any], mediator: str, agreed: bool, money: bool) -> None:
    rng = ctx.rng
    count = rng.randint(1, 3) if end > start else 1
    span = max(0.0, (end - start).total_seconds())
    offsets = sorted(rng.random() * span for _ in range(count))
    attendees = f"{fill['a']}、{fill['b']}"
    bank = (*sc.SESSIONS_ANY, sc.SESSION_OFFER) if money else sc.SESSIONS_ANY
    for i, offset in enumerate(offsets):
        held = start + timedelta(seconds=int(offset))
        last = agreed and i == count - 1
        record = sc.SESSION_SIGN if last else rng.choice(bank)
        rows.add("mediation_session", {
            **_record_base(ctx, ctx.uid(), held, held), "case_id": case_id, "held_at": held,
            "place": rng.choice(texts.SESSION_PLACES), "attendees": attendees,
            "record": record.format(**fill, offer=_offer(fill["agreed"])),
            "mediator_id": mediator,
        })


def _offer(agreed: int) -> int:
    """What the paying side first offered: well below what was finally agreed."""
    return max(50, round(agreed * 0.6 / 100) * 100)


def _agreement(ctx: Context, rows: Rows, case_id: str, effective: date, moment: datetime,
               terms_t: sc.Terms, scenario: sc.CaseScenario, amount: int, parties: int,
               fill: dict[str, Any]) -> None:
    rng = ctx.rng
    oral = rng.random() < 0.15
    deadline = effective + timedelta(days=rng.choice((7, 10, 15, 30))) \
        if amount and rng.random() < 0.7 else None
    applied = not oral and rng.random() < 0.12
    confirmation = effective + timedelta(days=rng.randint(2, 25)) if applied else None
    if confirmation is not None and confirmation > ctx.last_day:
        applied, confirmation = False, None
    if not amount:
        manner = "自行履行"
    elif not scenario.payer:
        manner = "按协议约定分配"
    elif scenario.monthly:
        manner = "按月支付"
    elif len(terms_t.shares) > 1:
        manner = "分期支付"
    else:
        manner = rng.choice(("现金一次性支付", "银行转账"))
    if scenario.blame:
        responsibility = rng.choice(scenario.blame).format(**fill)
    elif scenario.relation:
        responsibility = rng.choice(("", "双方对纠纷的发生均有一定责任。"))
    else:
        responsibility = rng.choice((
            f"{fill['b']}对纠纷的发生负主要责任，{fill['a']}负次要责任。",
            "双方对纠纷的发生均有一定责任。", f"{fill['b']}对纠纷的发生负全部责任。", ""))
    rows.add("mediation_agreement", {
        **_record_base(ctx, ctx.uid(), moment, moment), "case_id": case_id,
        "form": "oral" if oral else "written", "terms": terms_t.text.format(**fill),
        "responsibility": responsibility, "performance_manner": manner,
        "performance_place": rng.choice(("镇公共法律服务工作站", "村委会", "双方约定地点")),
        "performance_deadline": deadline, "effective_on": effective,
        "amount_agreed_fen": amount,
        "copies": 1 if oral else parties + 1, "judicial_confirmation_applied": applied,
        "judicial_confirmation_on": confirmation,
    })


# --- legal aid referrals ----------------------------------------------------------------------

_AID_GROUPS = {"maintenance": ("elderly",), "wages": ("migrant_worker",),
               "abuse_victim": ("dv_victim",), "bravery": (), "hero_honour": ()}


def _aid_path(rng: random.Random, status: str) -> list[str]:
    if status == A.DRAFT:
        return [A.DRAFT]
    if status == A.FORWARDED:
        return [A.DRAFT, A.FORWARDED]
    if status == A.RECEIVED:
        return [A.DRAFT, A.FORWARDED, A.RECEIVED]
    if status in (A.GRANTED, A.DENIED):
        head = [A.DRAFT, A.FORWARDED]
        if rng.random() < 0.75:
            head.append(A.RECEIVED)
        return [*head, status]
    before = _pick(rng, ((A.GRANTED, 75), (A.DENIED, 15), (A.DRAFT, 10)))
    return [*_aid_path(rng, before), A.CLOSED]


_AID_GAPS = {A.FORWARDED: (0, 1, 1, 2, 3), A.RECEIVED: (1, 1, 2, 3), A.GRANTED: (3, 5, 7, 9),
             A.DENIED: (3, 5, 7, 9)}


def build_referral(ctx: Context, rows: Rows, entry: Entry, year: int, seq: int,
                   number: str) -> None:
    rng, people = ctx.rng, ctx.people
    matter = entry.value
    rid = ctx.uid()
    steps = _aid_path(rng, entry.status)
    gaps = []
    for prev, step in pairwise(steps):
        if step == A.CLOSED:
            gaps.append(rng.randint(1, 15) if prev in (A.DRAFT, A.DENIED) else rng.randint(20, 200))
        else:
            gaps.append(rng.choice(_AID_GAPS[step]))
    moments = _timeline(ctx, entry.day, entry.minute, gaps)
    days = dict(zip(steps, (m.date() for m in moments), strict=True))
    operator = rng.choice(ctx.operators)

    scenario = rng.choice(sc.AIDS[matter])
    constrained = (scenario.sex or scenario.groups or scenario.occupation
                   or scenario.min_age > 20 or scenario.max_age < 75)
    age = rng.randint(scenario.min_age, scenario.max_age)
    if constrained:
        born = age + ctx.today.year - entry.day.year  # People ages count from today
        pid = people.new(entry.day, sex=scenario.sex, min_age=born, max_age=born,
                         groups=scenario.groups, occupation=scenario.occupation)
        _, name, sex = people.pool[-1]
    else:
        pid, name, sex = people.pick(entry.day, 0.1)
    groups = people.groups.get(pid, [])
    eligibility = assess(matter, groups)
    route = eligibility.route.value
    if eligibility.needs_confirmation and rng.random() < 0.4:
        route = "commitment"
    has_agent = bool(scenario.agent) or rng.random() < 0.15
    required = [m.code for m in required_materials(matter, route, has_agent=has_agent)]
    received = list(required)
    draft = steps[-1] == A.DRAFT or steps[-2:] == [A.DRAFT, A.CLOSED]
    if draft and rng.random() < 0.5:
        missing = set(rng.sample(required[1:], rng.randint(1, min(2, len(required) - 1))))
        received = [code for code in required if code not in missing]

    fill = _fill(ctx, name, _amount(rng, 3000, 150000), scenario.org)
    other_sex = scenario.other_sex or ("male" if rng.random() < 0.7 else "female")
    # a father's children bear his surname
    surname = _surname(people, name) if scenario.kin_surname and sex == "male" else None
    fill.update(b=_named(people, other_sex, surname), age=age, year0=entry.day.year - fill["n"],
                agent_rel=rng.choice(("父亲", "母亲", "配偶", "兄弟", "姐妹")))
    agent_relation = fill["agent_rel"] if scenario.agent else rng.choice(texts.RELATIONS)
    limitation = None
    if entry.special == "urgent":
        room = (ctx.today - entry.day).days
        limitation = entry.day + timedelta(days=rng.randint(room + 1, 6))
    elif rng.random() < 0.25:
        limitation = entry.day + timedelta(days=rng.choice((3, 5, 20, 45, 60, 90, 180)))
    decision = next((s for s in steps if s in (A.GRANTED, A.DENIED)), None)
    reasons = {}
    if steps[-2:] == [A.DRAFT, A.CLOSED]:
        reasons[len(steps) - 1] = rng.choice(texts.WITHDRAW_REASONS)
    closed = days.get(A.CLOSED)
    if closed and decision:
        reasons[len(steps) - 1] = rng.choice(texts.CLOSE_NOTES)
    lawyer = ""
    if decision == A.GRANTED:
        lawyer = f"{people.name(rng.choice(('male', 'female')))}（{rng.choice(texts.LAW_FIRMS)}）"
    income = rng.choice((0, 80000, 120000, 150000, 180000, 210000, 260000))
    rows.add("aid_referral", {
        **_record_base(ctx, rid, moments[0], moments[-1], len(steps)),
        "year": year, "seq": seq, "number": number, "applicant_id": pid,
        "agent_name": _agent_name(people, name, agent_relation) if has_agent else "",
        "agent_relation": agent_relation if has_agent else "",
        "agent_phone": people.phone() if has_agent else "", "matter": matter,
        "matter_detail": "", "procedural_role": scenario.role, "stage": scenario.stage,
        "cause_of_action": scenario.cause, "facts": scenario.facts.format(**fill),
        "request": scenario.request.format(**fill),
        "hardship_route": route, "household_size": rng.randint(1, 6),
        "monthly_income_fen": income if route == "commitment" else None,
        "property_note": rng.choice(("无房产、无车辆", "农村自建房一处", "无其他财产", "")),
        "limitation_deadline": limitation, "urgent": is_urgent(limitation, entry.day),
        "materials_received": received, "status": steps[-1], "applied_on": entry.day,
        "forwarded_to": ctx.aid_center if A.FORWARDED in days else "",
        "forwarded_on": days.get(A.FORWARDED), "center_received_on": days.get(A.RECEIVED),
        "decision": decision, "decision_on": days.get(decision) if decision else None,
        "decision_told_on": _told_on(days.get(decision) if decision else None, seq, ctx.today),
        "decision_note": rng.choice(texts.GRANT_NOTES if decision == A.GRANTED
                                    else texts.DENY_NOTES) if decision else "",
        "assigned_lawyer": lawyer, "closed_on": closed, "operator_id": operator,
    })
    _status_rows(ctx, rows, "aid_referral", rid, steps, moments, reasons, operator)
    if rng.random() < sc.AID_RATED:  # rated on the screen when the application was taken
        add_rating(ctx, rows, "aid_referral", rid, "screen", moments[0] + timedelta(minutes=20),
                   operator)


#: Decisions of the last days are not yet told to the applicant (a few 援助决定待告知 on the
#: workbench); older ones were told a day or two after the decision (without this the
#: workbench listed every demo decision of the year as overdue by months).
TELL_PENDING_DAYS = 10


def _told_on(decided: date | None, seq: int, today: date) -> date | None:
    """When the applicant was told of the decision (no random draw: the demo's other records
    stay as they were for a seed)."""
    if decided is None or decided > today - timedelta(days=TELL_PENDING_DAYS):
        return None
    return decided + timedelta(days=1 + seq % 2)


_SAME_SURNAME = {"父亲": "male", "儿子": "male", "女儿": "female", "兄弟": "male",
                 "姐妹": "female"}


def _agent_name(people: People, applicant: str, relation: str) -> str:
    """An agent's name: a relative by blood bears the applicant's surname, as a rule."""
    if relation in _SAME_SURNAME:
        return _named(people, _SAME_SURNAME[relation], _surname(people, applicant))
    sex = {"母亲": "female"}.get(relation) or people.rng.choice(("male", "female"))
    return people.name(sex)


BUILDERS: dict[str, Callable[[Context, Rows, Entry, int, int, str], None]] = {
    "consultation": build_consultation,
    "mediation_case": build_case,
    "aid_referral": build_referral,
}

# Enumerations the plan covers (kept here so a new member shows up in the weights tables).
assert set(_TOPIC_WEIGHTS) == {t.value for t in ConsultationTopic}
assert set(_DISPUTE_WEIGHTS) == {d.value for d in DisputeType}
assert set(_MATTER_WEIGHTS) == {m.value for m in AidMatter}
assert set(sc.CONSULTS) == set(_TOPIC_WEIGHTS) == set(_REFERRALS_BY_TOPIC)
assert set(sc.CASES) == set(_DISPUTE_WEIGHTS)
assert set(sc.AIDS) == set(_MATTER_WEIGHTS)
