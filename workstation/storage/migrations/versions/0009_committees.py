"""People's mediation committees as data: the ``mediation_committee`` table (synced), the
committee of each case (``mediation_case.committee_id``), and the station's flag asking the
admin to confirm the committees (``station.committees_unconfirmed``).

An existing station gets one committee made from its settings: named as the documents printed
it until now (the old guess from the station's name, frozen below), typed from that name, for
the station's division; every case is linked to it, and the flag asks the admin at the next
login to check the name against the seal. A database without a station gets nothing (the setup
wizard asks).

Columns are added in place (``ALTER TABLE ADD COLUMN``): the tables keep their change-log and
no-delete triggers. The committee table gets the change-log triggers but no no-delete trigger
(an unused committee may be deleted). Linking the cases is one UPDATE of ``committee_id`` that
leaves ``version`` alone: the change-log trigger still logs each case (each case gets a new
version, so the county takes it as a change).

Revision ID: 0009_committees
Revises: 0008_corrections
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009_committees"
down_revision = "0008_corrections"
branch_labels = None
depends_on = None

TABLE = "mediation_committee"
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _old_guess(station_name: str) -> str:
    """Frozen copy of the name the documents printed before this revision."""
    name = station_name.strip()
    match = re.match(r"^(.+?(?:街道|镇|乡|社区|村))", name)
    return (match.group(1) if match else name) + "人民调解委员会"


def _kind(name: str) -> str:
    base = name.removesuffix("人民调解委员会")
    if base.endswith("村"):
        return "village"
    if base.endswith("社区"):
        return "residents"
    return "township"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("division_code", sa.String(length=12), nullable=False),
        sa.Column("operator_ids", sa.JSON(), nullable=False),
        sa.Column("other_mediators", sa.String(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["station.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("station_id", "name"),
    )
    op.create_index(f"ix_{TABLE}_station_id", TABLE, ["station_id"], unique=False)
    for event, op_code in (("INSERT", "I"), ("UPDATE", "U")):
        op.execute(
            f"CREATE TRIGGER trg_{TABLE}_{event.lower()}_log AFTER {event} ON {TABLE} "
            f"BEGIN INSERT INTO change_log (table_name, record_id, version, op, changed_at) "
            f"VALUES ('{TABLE}', NEW.id, NEW.version, '{op_code}', {_NOW}); END"
        )
    op.execute("ALTER TABLE mediation_case ADD COLUMN committee_id VARCHAR(36) "
               "REFERENCES mediation_committee (id)")
    op.create_index("ix_mediation_case_committee_id", "mediation_case", ["committee_id"],
                    unique=False)
    with op.batch_alter_table("station") as batch_op:
        batch_op.add_column(sa.Column("committees_unconfirmed", sa.Boolean(), nullable=False,
                                      server_default="0"))

    conn = op.get_bind()
    station = conn.execute(sa.text("SELECT id, name, division_code FROM station")).first()
    if station is None:
        return
    name = _old_guess(station.name or "")
    committee_id = str(uuid.uuid4())
    mediators = [r[0] for r in conn.execute(sa.text(
        "SELECT id FROM operator WHERE active = 1 ORDER BY name, id"))]
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    conn.execute(sa.text(
        f"INSERT INTO {TABLE} (id, station_id, created_at, updated_at, version, name, kind, "
        "division_code, operator_ids, other_mediators, is_default, active) VALUES (:id, :sid, "
        ":now, :now, 1, :name, :kind, :code, :ops, '', 1, 1)"),
        {"id": committee_id, "sid": station.id, "now": now, "name": name, "kind": _kind(name),
         "code": station.division_code, "ops": json.dumps(mediators)})
    # A new version, so the county takes the linked case as a change (not a conflict).
    conn.execute(sa.text("UPDATE mediation_case SET committee_id = :cid, "
                         "version = version + 1, updated_at = :now WHERE committee_id IS NULL"),
                 {"cid": committee_id, "now": now})
    conn.execute(sa.text("UPDATE station SET committees_unconfirmed = 1"))
    conn.execute(sa.text(
        "INSERT INTO audit_entry (at, operator_id, action, record_type, record_id, detail) "
        f"VALUES ({_NOW}, NULL, 'create', '{TABLE}', :id, :detail)"),
        {"id": committee_id, "detail": f"{name}（由站点设置生成，待管理员确认）"})


def downgrade() -> None:
    op.execute("ALTER TABLE station DROP COLUMN committees_unconfirmed")
    op.drop_index("ix_mediation_case_committee_id", table_name="mediation_case")
    # SQLite cannot drop a column used in a foreign key in place: batch mode copies the table,
    # which drops its triggers, so they are made again (as migration 0002 made them). The
    # parties, sessions... refer to the case table: their checks wait for the commit, when the
    # copy has its name again.
    op.execute("PRAGMA defer_foreign_keys = ON")
    with op.batch_alter_table("mediation_case", recreate="always") as batch_op:
        batch_op.drop_column("committee_id")
    for event, op_code in (("INSERT", "I"), ("UPDATE", "U")):
        op.execute(
            f"CREATE TRIGGER trg_mediation_case_{event.lower()}_log AFTER {event} ON "
            f"mediation_case BEGIN INSERT INTO change_log (table_name, record_id, version, op, "
            f"changed_at) VALUES ('mediation_case', NEW.id, NEW.version, '{op_code}', {_NOW}); "
            "END"
        )
    op.execute(
        "CREATE TRIGGER trg_mediation_case_no_delete BEFORE DELETE ON mediation_case "
        "BEGIN SELECT RAISE(ABORT, 'records are never deleted: void them instead'); END"
    )
    for event in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_{event}_log")
    op.drop_table(TABLE)
