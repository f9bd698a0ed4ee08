"""Dispute screening and prevention (矛盾纠纷排查化解): the screening register and the disputes
it found (synced: change-log and no-delete triggers as in migration 0002); on mediation cases
the coded kind of the referring body and a prevention indicator.

Case columns are added in place (``ALTER TABLE ADD COLUMN``), so the table keeps its
triggers. Existing referred cases get the kind "other" (其他) with their body's name kept:
nothing recorded which kind of body it was.

Revision ID: 0011_screening
Revises: 0008_corrections
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_screening"
down_revision = "0010_case_file"
branch_labels = None
depends_on = None

# Frozen copy of the tables this revision adds to sync (do not import the live models here).
SYNCED = ("screening", "screening_dispute")
CASE_COLUMNS = ("referring_body_kind", "prevention_kind", "prevention_persons")

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _record_keys() -> list[sa.Constraint]:
    return [sa.ForeignKeyConstraint(["station_id"], ["station.id"]),
            sa.PrimaryKeyConstraint("id")]


def upgrade() -> None:
    op.create_table(
        "screening",
        *_record_columns(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("participants", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("operator_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        *_record_keys(),
        sa.UniqueConstraint("station_id", "year", "seq"),
    )
    with op.batch_alter_table("screening") as batch_op:
        for column in ("station_id", "number", "held_on", "kind", "operator_id"):
            batch_op.create_index(f"ix_screening_{column}", [column], unique=False)

    op.create_table(
        "screening_dispute",
        *_record_columns(),
        sa.Column("screening_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("parties", sa.String(), nullable=False),
        sa.Column("dispute_type", sa.String(), nullable=False),
        sa.Column("risk_level", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("referred_to", sa.String(), nullable=False),
        sa.Column("prevention_kind", sa.String(), nullable=False),
        sa.Column("prevention_persons", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["screening_id"], ["screening.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["mediation_case.id"]),
        *_record_keys(),
    )
    with op.batch_alter_table("screening_dispute") as batch_op:
        for column in ("station_id", "screening_id", "dispute_type", "outcome", "case_id"):
            batch_op.create_index(f"ix_screening_dispute_{column}", [column], unique=False)

    op.execute("ALTER TABLE mediation_case ADD COLUMN referring_body_kind VARCHAR "
               "NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE mediation_case ADD COLUMN prevention_kind VARCHAR "
               "NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE mediation_case ADD COLUMN prevention_persons INTEGER "
               "NOT NULL DEFAULT 0")
    # The name stays; the kind is unknown, so 其他. The version is kept: the county sets its
    # own copies the same way (county.db) and the report counts them under 其他 either way.
    op.execute("UPDATE mediation_case SET referring_body_kind = 'other' "
               "WHERE source = 'referred'")

    for table in SYNCED:
        for event, op_code in (("INSERT", "I"), ("UPDATE", "U")):
            op.execute(
                f"CREATE TRIGGER trg_{table}_{event.lower()}_log AFTER {event} ON {table} "
                f"BEGIN INSERT INTO change_log (table_name, record_id, version, op, changed_at) "
                f"VALUES ('{table}', NEW.id, NEW.version, '{op_code}', {_NOW}); END"
            )
        op.execute(
            f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'records are never deleted: void them instead'); END"
        )


def downgrade() -> None:
    for table in SYNCED:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{event}_log")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_delete")
    for column in CASE_COLUMNS:
        op.execute(f"ALTER TABLE mediation_case DROP COLUMN {column}")
    op.drop_table("screening_dispute")
    op.drop_table("screening")
