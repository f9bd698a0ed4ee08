"""Conflicts the county reports back (issue 15, item 3): the station's X25519 key pair in
sync_state (the county encrypts its data of conflicting records for it) and sync_conflict,
the conflicts listed in the newest acknowledgement (not synced: no change-log triggers).

Revision ID: 0013_sync_conflicts
Revises: 0011_screening
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_sync_conflicts"
down_revision = "0012_sync_epoch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch_op:
        batch_op.add_column(sa.Column("box_private_key", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("box_public_key", sa.String(), nullable=True))
    op.create_table(
        "sync_conflict",
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("reason_text", sa.String(), nullable=False),
        sa.Column("county_version", sa.Integer(), nullable=False),
        sa.Column("station_version", sa.Integer(), nullable=False),
        sa.Column("bundle_seq", sa.Integer(), nullable=False),
        sa.Column("detected_at", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("county_data", sa.String(), nullable=True),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.Column("resolved_at", sa.String(length=32), nullable=True),
        sa.Column("resolution", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("table_name", "record_id"),
    )


def downgrade() -> None:
    op.drop_table("sync_conflict")
    with op.batch_alter_table("sync_state") as batch_op:
        batch_op.drop_column("box_public_key")
        batch_op.drop_column("box_private_key")
