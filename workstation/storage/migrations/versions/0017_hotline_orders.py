"""12348 work orders (12348工单): the orders the 12348 platform dispatches to the station, the
station's handling linked to them and the reply back (synced: change-log and no-delete
triggers as in migration 0002). Channels gain 12348热线 / 12348网络平台 as new codes; no
stored value changes.

Revision ID: 0017_hotline_orders
Revises: 0015_audit_chain
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_hotline_orders"
down_revision = "0016_aid_rules"
branch_labels = None
depends_on = None

# Frozen copy of the table this revision adds to sync (do not import the live models here).
SYNCED = ("work_order",)

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def upgrade() -> None:
    op.create_table(
        "work_order",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("order_no", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("request", sa.String(), nullable=False),
        sa.Column("caller_name", sa.String(), nullable=False),
        sa.Column("caller_phone", sa.String(), nullable=False),
        sa.Column("operator_id", sa.String(), nullable=False),
        sa.Column("consultation_id", sa.String(length=36), nullable=True),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("referral_id", sa.String(length=36), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply_content", sa.String(), nullable=False),
        sa.Column("reply_method", sa.String(), nullable=False),
        sa.Column("replied_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["station_id"], ["station.id"]),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["mediation_case.id"]),
        sa.ForeignKeyConstraint(["referral_id"], ["aid_referral.id"]),
        sa.ForeignKeyConstraint(["replied_by"], ["operator.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("station_id", "order_no"),
    )
    with op.batch_alter_table("work_order") as batch_op:
        for column in ("station_id", "order_no", "channel", "received_on", "due_on",
                       "operator_id", "consultation_id", "case_id", "referral_id",
                       "replied_on"):
            batch_op.create_index(f"ix_work_order_{column}", [column], unique=False)

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


def downgrade() -> None:
    for table in SYNCED:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{event}_log")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_delete")
    op.drop_table("work_order")
