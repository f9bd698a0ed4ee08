"""Legal aid rules: the form of aid, the opposing party, the agent's document, the day the
applicant was told of the decision (``aid_referral``), and the forwarding promise for urgent
applications (``station.urgent_forward_days``: 0 the same day, 1 the next working day).

Added in place (``ALTER TABLE ADD COLUMN``), so the tables keep their change-log and
no-delete triggers; existing rows get empty values.

Revision ID: 0016_aid_rules
Revises: 0015_audit_chain
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_aid_rules"
down_revision = "0015_audit_chain"
branch_labels = None
depends_on = None

_TEXT_COLUMNS = ("aid_form", "opposing_party", "agent_id_type", "agent_id_number")


def upgrade() -> None:
    with op.batch_alter_table("aid_referral") as batch_op:
        for name in _TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("decision_told_on", sa.Date(), nullable=True))
    with op.batch_alter_table("station") as batch_op:
        batch_op.add_column(sa.Column("urgent_forward_days", sa.Integer(), nullable=False,
                                      server_default="1"))


def downgrade() -> None:
    for name in (*_TEXT_COLUMNS, "decision_told_on"):
        op.execute(f"ALTER TABLE aid_referral DROP COLUMN {name}")
    op.execute("ALTER TABLE station DROP COLUMN urgent_forward_days")
