"""The county schema step for chain epochs: a county database made before them keeps its
stations, bundles and refusals (all epoch 1) and gains the epoch in the bundles' keys."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
)
from sqlalchemy.exc import IntegrityError

from workstation.county import migrations
from workstation.county.db import CountyDatabase, Timestamp, bundle, station

from .helpers import reopen

NOW = "2026-12-01T08:00:00.000000+00:00"


def _old_tables() -> MetaData:
    """station, bundle and bundle_refusal as they were before chain epochs."""
    old = MetaData()
    Table("station", old,
          Column("division_code", String(12), primary_key=True),
          Column("station_id", String(36), unique=True, nullable=True),
          Column("name", Text, nullable=False), Column("public_key", Text, nullable=False),
          Column("revoked", Boolean, nullable=False),
          Column("registered_at", Timestamp, nullable=False),
          Column("last_seq", Integer, nullable=False),
          Column("last_sha256", String(64), nullable=True),
          Column("last_change_seq", Integer, nullable=False))
    Table("bundle", old,
          Column("division_code", String(12), nullable=False),
          Column("seq", Integer, nullable=False), Column("sha256", String(64), nullable=False),
          Column("file_name", Text, nullable=False), Column("from_seq", Integer, nullable=False),
          Column("to_seq", Integer, nullable=False),
          Column("imported_at", Timestamp, nullable=False),
          Column("summary", Text, nullable=False),
          PrimaryKeyConstraint("division_code", "seq"))
    Table("bundle_refusal", old,
          Column("division_code", String(12), nullable=False),
          Column("seq", Integer, nullable=False), Column("sha256", String(64), nullable=False),
          Column("file_name", Text, nullable=False), Column("reason", Text, nullable=False),
          Column("refused_at", Timestamp, nullable=False),
          PrimaryKeyConstraint("division_code", "seq", "sha256"))
    return old


@pytest.fixture
def old_county(county_factory: Callable[[], CountyDatabase]) -> CountyDatabase:
    county = county_factory()
    old = _old_tables()
    with county.write() as conn:
        for name in ("bundle_refusal", "bundle", "station"):
            conn.exec_driver_sql(f"DROP TABLE {name}")
        old.create_all(conn)
        conn.execute(insert(old.tables["station"]).values(
            division_code="130302100000", name="海港镇", public_key="PEM", revoked=False,
            registered_at=NOW, last_seq=2, last_sha256="b" * 64, last_change_seq=40))
        for seq in (1, 2):
            conn.execute(insert(old.tables["bundle"]).values(
                division_code="130302100000", seq=seq, sha256=str(seq) * 64,
                file_name=f"130302100000-00000{seq}.wsb", from_seq=1, to_seq=20 * seq,
                imported_at=NOW, summary="{}"))
        conn.execute(insert(old.tables["bundle_refusal"]).values(
            division_code="130302100000", seq=4, sha256="c" * 64, file_name="x.wsb",
            reason="缺少第 3 号数据包", refused_at=NOW))
        conn.execute(migrations.county_meta.delete())  # as made before versioning: version 1
    return county


def test_old_county_gains_epochs_and_keeps_its_rows(old_county: CountyDatabase) -> None:
    county = reopen(old_county)
    try:
        inspector = inspect(county.engine)
        assert inspector.get_pk_constraint("bundle")["constrained_columns"] == [
            "division_code", "epoch", "seq"]
        if county.dialect == "postgresql":
            assert inspector.get_pk_constraint("bundle")["name"] == "bundle_pkey"
        assert inspector.get_pk_constraint("bundle_refusal")["constrained_columns"] == [
            "division_code", "epoch", "seq", "sha256"]
        with county.engine.connect() as conn:
            assert migrations.read_version(conn) == migrations.SCHEMA_VERSION
            st = conn.execute(select(station)).one()
            assert (st.epoch, st.epoch_first_seq, st.last_seq, st.epoch_started_at) == (
                1, 0, 2, None)
            assert sorted((r.epoch, r.seq, r.to_seq) for r in conn.execute(select(bundle))) == [
                (1, 1, 20), (1, 2, 40)]
        with county.write() as conn:  # the same number in another epoch is another bundle
            conn.execute(insert(bundle).values(
                division_code="130302100000", seq=2, epoch=2, sha256="d" * 64,
                file_name="130302100000-e2-000002.wsb", from_seq=1, to_seq=9,
                imported_at=NOW, summary="{}"))
        with pytest.raises(IntegrityError), county.write() as conn:
            conn.execute(insert(bundle).values(
                division_code="130302100000", seq=2, epoch=2, sha256="e" * 64,
                file_name="again.wsb", from_seq=1, to_seq=9, imported_at=NOW, summary="{}"))
    finally:
        county.dispose()
    again = reopen(old_county)  # a second open runs nothing more
    again.dispose()
