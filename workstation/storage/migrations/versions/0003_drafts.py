"""Drafts of forms being typed (local, not synced).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.String(), nullable=False),
        sa.Column("form_key", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("payload", sa.String(), nullable=False),
        sa.Column("saved_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("operator_id", "form_key"),
    )
    with op.batch_alter_table("draft") as batch_op:
        batch_op.create_index("ix_draft_operator_id", ["operator_id"], unique=False)


def downgrade() -> None:
    op.drop_table("draft")
