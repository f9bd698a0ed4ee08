"""Migration 0009_committees on an existing station: one committee made from its settings
(named as documents printed it until then), every case linked to it as a new version, nothing
lost, and the admin asked to confirm."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from workstation.services.committees import list_committees, needs_confirmation
from workstation.services.records import load_case
from workstation.storage.engine import make_engine, open_database
from workstation.storage.migrate import current_revision, head_revision, upgrade_to_head

NOW = "2026-01-05T08:00:00.000000+00:00"


def _make_0008_station(path: Path) -> None:
    engine = make_engine(path)
    try:
        upgrade_to_head(engine, "0008_corrections")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO station (id, name, division_code, county_center, case_prefix, phone,"
                " address, referral_forward_days, idle_lock_minutes, created_at, updated_at,"
                " version) VALUES ('st-1', '王村镇公共法律服务工作站', '130302100000',"
                " '海港区中心', '王调', '', '', 3, 10, :now, :now, 1)"), {"now": NOW})
            for oid, name, role, active in (("op-1", "老王", "admin", 1),
                                            ("op-2", "小李", "mediator", 1),
                                            ("op-3", "老张", "mediator", 0)):
                conn.execute(text(
                    "INSERT INTO operator (id, station_id, created_at, updated_at, version,"
                    " name, username, role, password_hash, active) VALUES (:id, 'st-1', :now,"
                    " :now, 1, :name, :id, :role, 'x', :active)"),
                    {"id": oid, "now": NOW, "name": name, "role": role, "active": active})
            for pid, name in (("p-1", "张三"), ("p-2", "李四")):
                conn.execute(text(
                    "INSERT INTO person (id, station_id, created_at, updated_at, version, name,"
                    " name_keys, ethnicity, id_type, phone, address, household_registration,"
                    " occupation, employer, special_groups) VALUES (:id, 'st-1', :now, :now, 1,"
                    " :name, '', '', 'resident_id', '', '', '', '', '', '[]')"),
                    {"id": pid, "now": NOW, "name": name})
            for n, cid in enumerate(("c-1", "c-2"), start=1):
                conn.execute(text(
                    "INSERT INTO mediation_case (id, station_id, created_at, updated_at, version,"
                    " year, seq, number, source, referring_body, dispute_type, facts, claims,"
                    " amount_involved_fen, registered_on, extension_days, extension_reason,"
                    " status, status_reason, mediator_id, co_mediators) VALUES (:id, 'st-1',"
                    " :now, :now, 3, 2026, :n, :number, 'application', '', 'neighbour',"
                    " '排水沟纠纷。', '', 0, '2026-01-05', 0, '', 'registered', '', 'op-2', '')"),
                    {"id": cid, "now": NOW, "n": n, "number": f"〔2026〕王调字第000{n}号"})
                for position, (role, pid) in enumerate((("applicant", "p-1"),
                                                        ("respondent", "p-2"))):
                    conn.execute(text(
                        "INSERT INTO mediation_party (id, station_id, created_at, updated_at,"
                        " version, case_id, role, position, person_id, org_name,"
                        " org_representative, org_address) VALUES (:id, 'st-1', :now, :now, 1,"
                        " :case, :role, :pos, :pid, '', '', '')"),
                        {"id": f"{cid}-{position}", "now": NOW, "case": cid, "role": role,
                         "pos": position, "pid": pid})
            conn.execute(text("DELETE FROM change_log"))
    finally:
        engine.dispose()


def test_existing_station_gets_its_committee_and_keeps_its_cases(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_0008_station(path)

    db = open_database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        [committee] = list_committees(db)
        # Named as the documents printed it until now; the admin is asked to check it.
        assert (committee.name, committee.kind, committee.division_code) == (
            "王村人民调解委员会", "village", "130302100000")
        assert committee.is_default and committee.active
        assert set(committee.operator_ids) == {"op-1", "op-2"}  # the active operators
        assert committee.cases == 2
        assert needs_confirmation(db)

        with db.engine.connect() as conn:
            cases = conn.execute(text(
                "SELECT id, committee_id, version, number, facts FROM mediation_case "
                "ORDER BY id")).all()
            assert [(c.id, c.committee_id, c.version) for c in cases] == [
                ("c-1", committee.id, 4), ("c-2", committee.id, 4)]
            assert all(c.facts == "排水沟纠纷。" for c in cases)
            assert conn.execute(text("SELECT count(*) FROM mediation_party")).scalar() == 4
            assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 2
            # The committee and the relinked cases go to the county with the next bundle.
            logged = conn.execute(text(
                "SELECT table_name, record_id, version FROM change_log "
                "WHERE table_name NOT IN ('audit_entry', 'responsibility') ORDER BY seq")).all()
            assert [tuple(r) for r in logged] == [
                ("mediation_committee", committee.id, 1), ("mediation_case", "c-1", 4),
                ("mediation_case", "c-2", 4)]
            assert conn.execute(text(
                "SELECT count(*) FROM audit_entry WHERE action = 'create' AND "
                "record_type = 'mediation_committee'")).scalar() == 1
        detail = load_case(db, "c-1")
        assert detail.committee_name == "王村人民调解委员会"
        assert detail.title == "张三与李四邻里纠纷"
    finally:
        db.dispose()


def test_a_database_without_a_station_gets_no_committee(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "empty.db")
    try:
        upgrade_to_head(engine, "0008_corrections")
        upgrade_to_head(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM mediation_committee")).scalar() == 0
    finally:
        engine.dispose()
