"""Corrections (更正): a legal aid referral already forwarded to the center keeps its fields
and gets an appended correction note instead (``aid_referral.correction_note``).

Added in place (``ALTER TABLE ADD COLUMN``), so the table keeps its change-log and no-delete
triggers; existing rows get an empty note.

Revision ID: 0008_corrections
Revises: 0007_void
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_corrections"
down_revision = "0007_void"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("aid_referral") as batch_op:
        batch_op.add_column(sa.Column("correction_note", sa.String(), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    op.execute("ALTER TABLE aid_referral DROP COLUMN correction_note")
