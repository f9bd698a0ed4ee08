"""Sync state and the bundles a station wrote (issue 5).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # station_private_key is unencrypted PEM for now; issue 7 encrypts it at rest.
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_private_key", sa.String(), nullable=False),
        sa.Column("station_public_key", sa.String(), nullable=False),
        sa.Column("county_public_key", sa.String(), nullable=True),
        sa.Column("last_acked_change_seq", sa.Integer(), nullable=False),
        sa.Column("last_acked_bundle_seq", sa.Integer(), nullable=False),
        sa.Column("next_bundle_seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sync_bundle",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("from_seq", sa.Integer(), nullable=False),
        sa.Column("to_seq", sa.Integer(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("acked_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )


def downgrade() -> None:
    op.drop_table("sync_bundle")
    op.drop_table("sync_state")
