"""Online upload: the county receiver's address, the pinned TLS certificate, automatic upload
on/off, and the background uploader's back-off state (issue 15).

Revision ID: 0014_sync_upload
Revises: 0011_screening
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_sync_upload"
down_revision = "0013_sync_conflicts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("pin_sha256", sa.String(), nullable=False),
        sa.Column("next_attempt_at", sa.String(length=32), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_result", sa.String(), nullable=False),
        sa.Column("last_result_at", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("last_success_at", sa.String(length=32), nullable=True),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("sync_upload")
