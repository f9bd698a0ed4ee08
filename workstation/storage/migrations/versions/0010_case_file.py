"""The whole case file (卷宗): steps of a case (权利义务告知, 调查, 督促履行, 反馈函) in the new
synced table ``mediation_step``; 记录人 on sessions; 回访方式 and 被回访人 on follow-ups; the
court's judicial-confirmation result and the performance status on agreements.

Columns are added in place (``ALTER TABLE ADD COLUMN``) so the tables keep their change-log and
no-delete triggers; existing rows get empty values (an empty performance status reads 尚未核实,
an empty result "no result yet"). Agreements whose latest follow-up recorded a performance get
that performance as their status, so supervision is offered where it is due.

Revision ID: 0010_case_file
Revises: 0008_corrections
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_case_file"
down_revision = "0009_committees"
branch_labels = None
depends_on = None

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

# Frozen copy of the columns this revision adds (do not import the live models here).
_ADDED = {
    "mediation_session": ("recorder",),
    "follow_up": ("method", "visitee"),
    "mediation_agreement": ("judicial_result", "judicial_court", "judicial_ruling_number",
                            "performance_status"),
}


def upgrade() -> None:
    op.create_table(
        "mediation_step",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("manner", sa.String(), nullable=False),
        sa.Column("staff", sa.String(), nullable=False),
        sa.Column("people", sa.String(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("content", sa.String(), nullable=False),
        sa.Column("result", sa.String(), nullable=False),
        sa.Column("operator_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["station.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["mediation_case.id"]),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("station_id", "case_id", "kind", "done_on"):
        op.create_index(f"ix_mediation_step_{column}", "mediation_step", [column], unique=False)
    for event, op_code in (("INSERT", "I"), ("UPDATE", "U")):
        op.execute(
            f"CREATE TRIGGER trg_mediation_step_{event.lower()}_log AFTER {event} "
            f"ON mediation_step BEGIN INSERT INTO change_log "
            f"(table_name, record_id, version, op, changed_at) "
            f"VALUES ('mediation_step', NEW.id, NEW.version, '{op_code}', {_NOW}); END"
        )
    op.execute(
        "CREATE TRIGGER trg_mediation_step_no_delete BEFORE DELETE ON mediation_step "
        "BEGIN SELECT RAISE(ABORT, 'records are never deleted: void them instead'); END"
    )

    for table, columns in _ADDED.items():
        for column in columns:
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE mediation_agreement ADD COLUMN judicial_result_on DATE")
    # The performance the latest follow-up found; a new version, so it syncs as a change.
    op.execute(
        "UPDATE mediation_agreement SET version = version + 1, performance_status = ("
        "SELECT f.performance FROM follow_up f WHERE f.case_id = mediation_agreement.case_id "
        "ORDER BY f.visited_on DESC, f.created_at DESC LIMIT 1) "
        "WHERE EXISTS (SELECT 1 FROM follow_up f WHERE f.case_id = mediation_agreement.case_id)"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE mediation_agreement DROP COLUMN judicial_result_on")
    for table, columns in _ADDED.items():
        for column in columns:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    for event in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_mediation_step_{event}_log")
    op.execute("DROP TRIGGER IF EXISTS trg_mediation_step_no_delete")
    for column in ("station_id", "case_id", "kind", "done_on"):
        op.drop_index(f"ix_mediation_step_{column}", table_name="mediation_step")
    op.drop_table("mediation_step")
