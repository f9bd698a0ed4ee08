"""Demo records hold together: parties, facts, claims, terms, amounts, referring bodies, answers
and aid referrals agree, read back from a generated station as a clerk would read them."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from workstation.demo.generator import create_demo_station
from workstation.domain.enums import DisputeType
from workstation.storage.engine import Database

TODAY = date(2026, 3, 15)
N = 4000

MONEY = re.compile(r"人民币(\d+)元")
ANY_YUAN = re.compile(r"(\d+(?:\.\d+)?)万?元")


def rows(db: Database, sql: str) -> list:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql)).all())


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    station = create_demo_station(tmp_path_factory.mktemp("scenarios") / "demo.db", N, seed=11,
                                  today=TODAY)
    yield station
    station.dispose()


def counted(textual: str) -> int:
    """Fen of the sums a claim or terms text counts (``人民币N元``)."""
    return sum(int(m) for m in MONEY.findall(textual)) * 100


def _age(birth: str, on: str) -> int:
    b, d = date.fromisoformat(birth), date.fromisoformat(on)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


@pytest.fixture(scope="module")
def cases(db: Database) -> list[dict]:
    data = {r[0]: {"id": r[0], "type": r[1], "source": r[2], "body": r[3], "facts": r[4],
                   "claims": r[5], "involved": r[6], "registered": r[7], "parties": []}
            for r in rows(db, "SELECT id, dispute_type, source, referring_body, facts, claims,"
                              " amount_involved_fen, registered_on FROM mediation_case")}
    for case_id, role, org, name, sex, birth in rows(
            db, "SELECT mp.case_id, mp.role, mp.org_name, p.name, p.sex, p.birth_date"
                " FROM mediation_party mp LEFT JOIN person p ON p.id = mp.person_id"
                " ORDER BY mp.case_id, mp.position"):
        data[case_id]["parties"].append({"role": role, "org": org, "name": name, "sex": sex,
                                         "birth": birth})
    for case_id, terms, agreed, manner, blame in rows(
            db, "SELECT case_id, terms, amount_agreed_fen, performance_manner, responsibility"
                " FROM mediation_agreement"):
        data[case_id].update(terms=terms, agreed=agreed, manner=manner, blame=blame)
    return list(data.values())


def test_every_dispute_type_has_cases(cases: list[dict]) -> None:
    assert {c["type"] for c in cases} == {d.value for d in DisputeType}
    assert sum("terms" in c for c in cases) > 200


def test_agreed_amount_is_the_sum_of_the_terms(cases: list[dict]) -> None:
    agreements = [c for c in cases if "terms" in c]
    with_money = 0
    for case in agreements:
        terms = case["terms"]
        assert case["agreed"] == counted(terms), terms
        with_money += case["agreed"] > 0
        # any other figure in yuan is a monthly rate of a clause that says so
        for clause in terms.split("；"):
            for _ in ANY_YUAN.findall(MONEY.sub("", clause)):
                assert "每月" in clause, clause
        assert not re.search(r"(?<!\d)0元", terms), terms
        if case["agreed"] == 0:
            assert case["manner"] == "自行履行" and not ANY_YUAN.search(terms), terms
    assert with_money > len(agreements) // 2
    assert len(agreements) - with_money > 20


def test_apology_only_terms_have_no_amount(cases: list[dict]) -> None:
    apologies = [c for c in cases if "terms" in c and "道歉" in c["terms"]
                 and "人民币" not in c["terms"]]
    assert len(apologies) > 5
    for case in apologies:
        assert case["agreed"] == 0 and not ANY_YUAN.search(case["terms"]), case["terms"]


def test_amount_involved_is_what_the_claims_count(cases: list[dict]) -> None:
    for case in cases:
        assert case["involved"] == counted(case["claims"]), case["claims"]
        assert "0元" not in re.sub(r"\d0元", "", case["claims"])


ORG_WORDS = {
    "consumer": ("电动车", "饭店", "餐饮"),
    "property_management": ("物业服务有限公司",),
    "labour": ("有限公司",),
    "medical": ("卫生室", "诊所"),
    "environment": ("石料加工", "养殖专业合作社"),
    "land_requisition": ("村民委员会",),
}


def test_organisations_only_where_one_belongs(cases: list[dict]) -> None:
    seen: Counter[str] = Counter()
    for case in cases:
        orgs = [p["org"] for p in case["parties"] if p["org"]]
        assert all(p["org"] or p["name"] for p in case["parties"])
        if not orgs:
            continue
        seen[case["type"]] += 1
        assert case["type"] in ORG_WORDS, (case["type"], orgs)
        assert len(orgs) == 1
        assert any(w in orgs[0] for w in ORG_WORDS[case["type"]]), (case["type"], orgs)
        assert orgs[0] in case["facts"]
    for dtype in ("consumer", "property_management", "labour", "medical"):
        assert seen[dtype], dtype
    # a medical or consumer dispute is always against the clinic or shop
    for case in cases:
        if case["type"] in ("medical", "consumer", "labour"):
            assert case["parties"][1]["org"], case["facts"]


def test_family_disputes_between_relatives(cases: list[dict]) -> None:
    relations: Counter[str] = Counter()
    for case in cases:
        if case["type"] != "marriage_family" and "兄弟" not in case.get("terms", ""):
            continue
        a, b = case["parties"][:2]
        assert a["name"] and b["name"] and not a["org"] and not b["org"]
        assert len(case["parties"]) == 2
        age_a, age_b = (_age(p["birth"], case["registered"]) for p in (a, b))
        kind = re.search(r"系(父子|父女|母子|母女)关系", case["facts"])
        if kind:
            relations["parent_child"] += 1
            rel = kind.group(1)
            assert a["sex"] == ("male" if rel[0] == "父" else "female")
            assert b["sex"] == ("male" if rel[1] == "子" else "female")
            assert age_a >= 60 and age_b >= 18 and 18 <= age_a - age_b <= 45
            assert f"（{age_a}岁）" in case["facts"] or f"（{age_a + 1}岁）" in case["facts"]
            if a["sex"] == "male":
                assert a["name"][0] == b["name"][0], (a["name"], b["name"])
            assert "赡养" in case["facts"] + case["claims"]
        elif "夫妻" in case["facts"] or "登记结婚" in case["facts"]:
            relations["spouses"] += 1
            assert {a["sex"], b["sex"]} == {"male", "female"}
            assert age_a >= 22 and age_b >= 22 and abs(age_a - age_b) <= 10
            married = re.search(r"结婚(\d+)年|(\d{4})年登记结婚", case["facts"])
            assert married
            years = int(married.group(1)) if married.group(1) else \
                int(case["registered"][:4]) - int(married.group(2))
            assert min(age_a, age_b) - years >= 20
        else:
            relations["siblings"] += 1
            assert case["type"] == "land_requisition" and "之父" in case["facts"]
            assert a["sex"] == b["sex"] == "male" and a["name"][0] == b["name"][0]
            assert abs(age_a - age_b) <= 10
    assert relations["parent_child"] and relations["spouses"] and relations["siblings"]


def test_referring_body_fits_the_type(cases: list[dict]) -> None:
    bodies: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        if case["source"] != "referred":
            assert case["body"] == ""
            continue
        body = case["body"]
        assert body
        bodies[case["type"]].add(body)
        if "交警" in body:
            assert case["type"] == "traffic"
        if "信访" in body:
            assert case["type"] == "land_requisition"
        if "派出所" in body:
            assert case["type"] in ("neighbour", "damages")
        if "人力资源" in body:
            assert case["type"] == "labour"
        if "市场监督" in body:
            assert case["type"] == "consumer"
    assert all("人民法院" in b for b in bodies["contract"])
    assert all("信访" in b for b in bodies["land_requisition"])
    assert any("交警" in b for b in bodies["traffic"])
    assert any("派出所" in b for b in bodies["neighbour"] | bodies["damages"])


def test_responsibility_as_the_police_found(cases: list[dict]) -> None:
    checked = 0
    for case in cases:
        if case["type"] == "traffic" and "terms" in case:
            checked += 1
            if "同等责任" in case["facts"]:
                assert "同等责任" in case["blame"], case["blame"]
            else:
                assert "主要责任" in case["facts"] and "主要责任" in case["blame"]
    assert checked


def test_dates_in_facts_precede_registration(cases: list[dict]) -> None:
    for case in cases:
        registered = date.fromisoformat(case["registered"])
        for y, m, d in re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", case["facts"]):
            assert date(int(y), int(m), int(d)) < registered, case["facts"]
        for y in re.findall(r"(\d{4})年", case["facts"]):
            assert 1990 < int(y) <= registered.year, case["facts"]


#: Words of the law or the subject each topic's answers must speak of.
TOPIC_WORDS = {
    "marriage_family": ("婚姻", "离婚", "赡养", "彩礼", "家庭暴力", "抚养"),
    "inheritance": ("继承", "遗嘱", "遗产"),
    "neighbour": ("相邻", "邻里"),
    "land_housing": ("土地", "宅基地", "租赁"),
    "contract_debt": ("合同", "借贷", "诉讼时效", "保证"),
    "labour": ("劳动合同法", "工伤"),
    "wages": ("工资", "劳动报酬"),
    "injury": ("侵权", "人身损害"),
    "traffic": ("道路交通", "交通事故", "交强险"),
    "consumer": ("消费者权益保护法",),
    "social_security": ("社会保险", "社会救助", "医疗保障", "医疗保险"),
    "administrative": ("行政",),
    "criminal": ("刑事诉讼法", "刑法", "社区矫正"),
    "other": ("民法典", "公证", "社会保险"),
}


def test_consultation_answers_on_topic(db: Database) -> None:
    data = rows(db, "SELECT topic, question, answer FROM consultation")
    assert {t for t, _, _ in data} == set(TOPIC_WORDS)
    for topic, question, answer in data:
        assert any(w in answer for w in TOPIC_WORDS[topic]), (topic, question, answer)
        assert "{" not in question and "{" not in answer


def test_consultation_relatives_fit_the_asker(db: Database) -> None:
    for question, sex in rows(db, "SELECT c.question, p.sex FROM consultation c"
                                  " JOIN person p ON p.id = c.person_id"):
        if sex == "male":
            assert not re.match(r"^丈夫", question), question
        if "保护令" in question:
            assert sex == "female"


#: Cause of action → (procedural role, stage) of the aid applicant.
AID_ROLES = {
    "追索劳动报酬纠纷": ("plaintiff", "arbitration"),
    "确认劳动关系纠纷": ("plaintiff", "arbitration"),
    "工伤保险待遇纠纷": ("plaintiff", "arbitration"),
    "赡养纠纷": ("plaintiff", "first_instance"),
    "抚养纠纷": ("plaintiff", "first_instance"),
    "离婚纠纷": ("plaintiff", "first_instance"),
    "刑事辩护": ("suspect", "investigation"),
    "刑事附带民事诉讼": ("victim", "first_instance"),
}


def test_aid_matter_role_and_stage_agree(db: Database) -> None:
    data = rows(db, "SELECT a.matter, a.cause_of_action, a.procedural_role, a.stage, a.facts,"
                    " a.request, a.applied_on, p.birth_date, p.sex, a.agent_name,"
                    " a.agent_relation, p.name"
                    " FROM aid_referral a JOIN person p ON p.id = a.applicant_id")
    causes: Counter[str] = Counter()
    for (matter, cause, role, stage, facts, request, applied, birth, sex, agent, relation,
         name) in data:
        causes[cause] += 1
        if cause in AID_ROLES:
            assert (role, stage) == AID_ROLES[cause], (cause, role, stage)
        if matter == "criminal":
            assert role in ("suspect", "victim")
        else:
            assert role in ("plaintiff", "defendant") and stage != "investigation"
        if cause == "赡养纠纷":
            assert _age(birth, applied) >= 60
        if matter == "abuse_victim":
            assert sex == "female" and "丈夫" in facts
        if cause == "刑事辩护":
            assert agent and f"由其{relation}代为申请" in facts, facts
        if relation in ("父亲", "兄弟", "儿子"):
            assert agent[0] == name[0], (name, relation, agent)
        child = re.search(r"(?:其子|的儿子)(\w{2,3}?)(?:等|患)", facts)
        if child and sex == "male":
            assert child.group(1)[0] == name[0], (name, facts)
        if "{" in facts + request:
            pytest.fail(facts + request)
    for cause in ("追索劳动报酬纠纷", "赡养纠纷", "刑事辩护"):
        assert causes[cause], cause


def _texts(path: Path, seed: int) -> list:
    db = create_demo_station(path, 400, seed=seed, today=TODAY)
    try:
        return [rows(db, "SELECT number, facts, claims, amount_involved_fen, referring_body"
                         " FROM mediation_case ORDER BY number"),
                rows(db, "SELECT terms, amount_agreed_fen FROM mediation_agreement"
                         " ORDER BY terms"),
                rows(db, "SELECT number, question, answer FROM consultation ORDER BY number"),
                rows(db, "SELECT number, cause_of_action, procedural_role, stage, facts"
                         " FROM aid_referral ORDER BY number")]
    finally:
        db.dispose()


def test_scenarios_deterministic_per_seed(tmp_path: Path) -> None:
    first = _texts(tmp_path / "a.db", 3)
    assert first == _texts(tmp_path / "b.db", 3)
    assert first != _texts(tmp_path / "c.db", 4)


def test_a_co_mediator_is_never_the_cases_own_mediator(db: Database) -> None:
    found = rows(db, "SELECT c.co_mediators, o.name FROM mediation_case c "
                     "JOIN operator o ON o.id = c.mediator_id WHERE c.co_mediators != ''")
    assert found  # some cases have one
    assert all(co != name for co, name in found)


def test_referred_cases_name_their_bodys_kind(db: Database) -> None:
    found = rows(db, "SELECT referring_body, referring_body_kind FROM mediation_case "
                     "WHERE source = 'referred'")
    kinds = {kind for _, kind in found}
    assert {"court", "police"} <= kinds  # 诉调 and 警调 appear in any sizeable demo
    for body, kind in found:
        expected = ("court" if "法院" in body or "法庭" in body else
                    "police" if any(w in body for w in ("派出所", "公安", "交警")) else
                    "petition" if "信访" in body else "other")
        assert kind == expected, body
