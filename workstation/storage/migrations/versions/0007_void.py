"""Voiding (作废) of persons and records, the idle-lock setting, an audit trail that refuses
DELETE as well as UPDATE.

Columns are added in place (``ALTER TABLE ADD COLUMN``; no table copy), so the change-log
and no-delete triggers of these tables stay as they are and every existing row is kept
(not voided).

Revision ID: 0007_void
Revises: 0006_publicity
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_void"
down_revision = "0006_publicity"
branch_labels = None
depends_on = None

# Frozen copy of the voidable tables at this revision.
VOIDABLE = ("person", "consultation", "mediation_case", "aid_referral")


def upgrade() -> None:
    for table in VOIDABLE:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("voided_at", sa.String(length=32), nullable=True))
            batch_op.add_column(sa.Column("voided_by", sa.String(), nullable=True))
            batch_op.add_column(sa.Column("void_reason", sa.String(), nullable=True))
            # Partial: only the few voided rows (see models.voided_index).
            batch_op.create_index(f"ix_{table}_voided", ["voided_at"], unique=False,
                                  sqlite_where=sa.text("voided_at IS NOT NULL"))
    with op.batch_alter_table("station") as batch_op:
        batch_op.add_column(sa.Column("idle_lock_minutes", sa.Integer(), nullable=False,
                                      server_default="10"))
    op.execute(
        "CREATE TRIGGER trg_audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS trg_audit_entry_no_delete")
    # In place again (SQLite 3.35+), so the tables keep their triggers.
    op.execute("ALTER TABLE station DROP COLUMN idle_lock_minutes")
    for table in VOIDABLE:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_voided")
        for column in ("void_reason", "voided_by", "voided_at"):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
