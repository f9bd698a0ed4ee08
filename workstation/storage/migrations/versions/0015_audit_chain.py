"""The audit trail hash-chained and carried to the county (issue 16).

``audit_entry`` gains ``seq`` (unique), ``prev_hash`` and ``hash``; the existing entries are
chained in ``id`` order. A trigger refuses an insert that does not extend the chain (every
writer goes through ``storage.audit_chain``), and another logs each new entry in the change
log so it travels in the next bundle; the existing entries are logged here once.

Revision ID: 0015_audit_chain
Revises: 0014_sync_upload
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workstation.domain.audit_chain import GENESIS, entry_hash

revision = "0015_audit_chain"
down_revision = "0014_sync_upload"
branch_labels = None
depends_on = None

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
APPEND_ONLY = ("CREATE TRIGGER trg_audit_entry_append_only BEFORE UPDATE ON audit_entry "
               "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END")
CHAIN = (
    "CREATE TRIGGER trg_audit_entry_chain BEFORE INSERT ON audit_entry "
    "WHEN NEW.seq IS NULL "
    "OR NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_entry) "
    f"OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_entry WHERE seq = NEW.seq - 1), '{GENESIS}') "
    "BEGIN SELECT RAISE(ABORT, 'audit entry does not extend the chain'); END")
LOG = ("CREATE TRIGGER trg_audit_entry_insert_log AFTER INSERT ON audit_entry "
       "BEGIN INSERT INTO change_log (table_name, record_id, version, op, changed_at) "
       f"VALUES ('audit_entry', CAST(NEW.id AS TEXT), 1, 'I', {_NOW}); END")


def upgrade() -> None:
    op.add_column("audit_entry", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("audit_entry", sa.Column("prev_hash", sa.String(), server_default="",
                                           nullable=False))
    op.add_column("audit_entry", sa.Column("hash", sa.String(), server_default="",
                                           nullable=False))
    op.execute("DROP TRIGGER IF EXISTS trg_audit_entry_append_only")
    conn = op.get_bind()
    prev = GENESIS
    rows = conn.execute(sa.text(
        "SELECT id, at, operator_id, action, record_type, record_id, detail FROM audit_entry "
        "ORDER BY id")).all()
    links = []
    for seq, row in enumerate(rows, 1):
        digest = entry_hash(prev, seq, row.at, row.operator_id, row.action,
                            row.record_type or "", row.record_id or "", row.detail or "")
        links.append({"seq": seq, "prev": prev, "h": digest, "id": row.id})
        prev = digest
    if links:  # one executemany
        conn.execute(sa.text("UPDATE audit_entry SET seq = :seq, prev_hash = :prev, hash = :h "
                             "WHERE id = :id"), links)
    op.create_index("ix_audit_entry_seq", "audit_entry", ["seq"], unique=True)
    op.execute(APPEND_ONLY)
    op.execute(CHAIN)
    op.execute(LOG)
    op.execute("INSERT INTO change_log (table_name, record_id, version, op, changed_at) "
               f"SELECT 'audit_entry', CAST(id AS TEXT), 1, 'I', {_NOW} FROM audit_entry ORDER BY seq")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS trg_audit_entry_insert_log")
    op.execute("DROP TRIGGER IF EXISTS trg_audit_entry_chain")
    op.execute("DROP TRIGGER IF EXISTS trg_audit_entry_append_only")
    op.drop_index("ix_audit_entry_seq", table_name="audit_entry")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
    op.execute(APPEND_ONLY)
