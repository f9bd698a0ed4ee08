"""The county's 法律服务指引名录 (``county/directory.py``) and its import at a station
(``services.providers.import_directory``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.county.db import CountyDatabase
from workstation.county.directory import provider_directory
from workstation.county.importer import import_bundle
from workstation.domain.referral import ProviderInput
from workstation.services.context import ServiceError
from workstation.services.printing import first_admin
from workstation.services.providers import (
    create_provider,
    import_directory,
    list_providers,
    load_provider,
    update_provider,
)
from workstation.sync import station as sync

from .helpers import new_station


def _provider(name: str, **kw: object) -> ProviderInput:
    values = {"name": name, "kind": "law_firm", "address": "海港区文化路88号",
              "phone": "0335-3012345", "hours": "工作日 9:00-17:00"}
    values.update(kw)
    return ProviderInput(**values)  # type: ignore[arg-type]


def test_directory_merges_stations_newest_copy_wins(county: CountyDatabase,
                                                    tmp_path: Path) -> None:
    one = new_station(tmp_path / "one.db", "130302100001", "一号站", county=county)
    two = new_station(tmp_path / "two.db", "130302100002", "二号站", county=county)
    try:
        create_provider(one, first_admin(one), _provider("河北海港律师事务所"))
        create_provider(one, first_admin(one), _provider("海港区公证处", kind="notary"))
        later = create_provider(two, first_admin(two), _provider("河北海港律师事务所"))
        info = load_provider(two, later)
        update_provider(two, first_admin(two), later,
                        _provider("河北海港律师事务所", phone="0335-3099999"),
                        expected_version=info.version)
        for db in (one, two):
            for path in sync.export(db, tmp_path):
                import_bundle(county, path, ack_dir=tmp_path)

        doc = provider_directory(county)
        names = [p["name"] for p in doc["providers"]]
        assert names.count("河北海港律师事务所") == 1 and "海港区公证处" in names
        [firm] = [p for p in doc["providers"] if p["name"] == "河北海港律师事务所"]
        assert firm["phone"] == "0335-3099999"  # station two changed it last
        json.dumps(doc, ensure_ascii=False)

        # A third station takes the county's directory over.
        three = new_station(tmp_path / "three.db", "130302100003", "三号站")
        try:
            result = import_directory(three, first_admin(three),
                                      json.dumps(doc).encode("utf-8"))
            assert (result.added, result.updated) == (len(doc["providers"]), 0)
            mine = {p.name: p for p in list_providers(three)}
            assert mine["河北海港律师事务所"].phone == "0335-3099999"
            assert mine["海港区公证处"].kind == "notary"
            again = import_directory(three, first_admin(three), doc)
            assert again.unchanged == len(doc["providers"])
        finally:
            three.dispose()
    finally:
        one.dispose()
        two.dispose()


@pytest.mark.parametrize("county_backend", ["sqlite"], indirect=True)
def test_bad_directory_changes_nothing(county: CountyDatabase, tmp_path: Path) -> None:
    db = new_station(tmp_path / "s.db", "130302100001", "一号站")
    try:
        good = {"name": "海港区公证处", "kind": "notary", "phone": "0335-3056789"}
        bad = {"name": "某某银行", "kind": "bank"}
        doc = {"format": "workstation-provider-directory", "version": 1,
               "providers": [good, bad]}
        with pytest.raises(ServiceError) as info:
            import_directory(db, first_admin(db), doc)
        assert "第2家机构“某某银行”" in str(info.value)
        assert list_providers(db) == []
        with pytest.raises(ServiceError):
            import_directory(db, first_admin(db), b"not json")
        with pytest.raises(ServiceError):
            import_directory(db, first_admin(db), {"format": "other", "providers": []})
    finally:
        db.dispose()
