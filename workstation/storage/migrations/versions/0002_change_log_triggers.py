"""Change-log triggers: every insert or update of a synced table appends a change_log row.

Triggers run inside the writing transaction, so the record and its change-log row commit
together or not at all, whatever code (ORM, Core bulk insert, raw SQL) wrote the record.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copy of the synced tables at this revision (do not import the live models here).
SYNCED = (
    "operator",
    "person",
    "consultation",
    "mediation_case",
    "mediation_party",
    "mediation_session",
    "mediation_agreement",
    "follow_up",
    "aid_referral",
    "status_change",
)

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def upgrade() -> None:
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
    op.execute(
        "CREATE TRIGGER trg_audit_entry_append_only BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
    )


def downgrade() -> None:
    for table in SYNCED:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{event}_log")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_delete")
    op.execute("DROP TRIGGER IF EXISTS trg_audit_entry_append_only")
