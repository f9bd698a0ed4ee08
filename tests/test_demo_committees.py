"""Demo data has realistic mediation committees and spreads its cases over them."""

from __future__ import annotations

from workstation.demo.generator import generate_demo
from workstation.services.committees import list_committees
from workstation.services.context import Actor
from workstation.storage.engine import Database


def test_demo_makes_township_and_village_committees(db: Database, actor: Actor, sql) -> None:
    generate_demo(db, 300, seed=3)
    committees = {c.name: c for c in list_committees(db)}
    township = committees.pop("海港镇人民调解委员会")
    assert township.kind == "township" and township.is_default
    assert 1 <= len(committees) <= 2
    for name, village in committees.items():
        assert name.endswith("村人民调解委员会") and village.kind == "village"
        assert village.division_code.startswith("130302100") and village.division_code[9:] != "000"
        assert village.mediators and not village.is_default
    assert "东港村人民调解委员会" in committees
    assert sql.count("mediation_case", "committee_id IS NULL") == 0
    assert all(c.cases > 0 for c in list_committees(db))
    assert township.cases > max(c.cases for c in committees.values())
    # a second run keeps the committees it made
    generate_demo(db, 30, seed=4)
    assert len(list_committees(db)) == len(committees) + 1
    assert sql.count("mediation_case", "committee_id IS NULL") == 0
