"""Chain epochs of the station's sync bundles: recovery after a restore or a rollback.

A station restored from an older backup (or a PC reimaged from an older copy) would reuse
bundle numbers the county already imported with other content. It starts a new chain epoch
instead: ``sync_state`` records the epoch its bundles belong to, when and why it started, and
a "new epoch needed" mark (the number the next export starts, when and why it was found,
and what the station last knew); ``sync_bundle`` records each bundle's epoch. See
``docs/sync-bundle.md`` (Recovery after a restore).

Added in place (``ALTER TABLE ADD COLUMN``); existing rows are epoch 1 with nothing pending.

Revision ID: 0012_sync_epoch
Revises: 0011_screening
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_sync_epoch"
down_revision = "0011_screening"
branch_labels = None
depends_on = None

STATE_COLUMNS = ("epoch", "epoch_first_seq", "epoch_started_at", "epoch_reason",
                 "epoch_pending", "epoch_marked_at", "epoch_previous")


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.Integer(), nullable=False,
                                      server_default="1"))
        batch_op.add_column(sa.Column("epoch_first_seq", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("epoch_started_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("epoch_reason", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("epoch_pending", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("epoch_marked_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("epoch_previous", sa.String(), nullable=True))
    with op.batch_alter_table("sync_bundle") as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.Integer(), nullable=False,
                                      server_default="1"))


def downgrade() -> None:
    op.execute("ALTER TABLE sync_bundle DROP COLUMN epoch")
    for column in reversed(STATE_COLUMNS):
        op.execute(f"ALTER TABLE sync_state DROP COLUMN {column}")
