"""First-inquiry responsibility (首问负责): who answers for each record, hand-overs, and the
stored link from a consultation to the case or aid application it led to (synced: change-log
and no-delete triggers as in migration 0002); the admin's consultation time limit.

Existing consultations, mediation cases and aid referrals get a responsibility row: first
receiver = the operator who created the record (the ``create`` audit entry's operator, else
the record's own operator); current handler = the record's operator (a case's mediator).
These rows are new records, so the first bundle after the upgrade carries them.

Revision ID: 0018_first_inquiry
Revises: 0015_audit_chain
Create Date: 2026-12-08
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0018_first_inquiry"
down_revision = "0017_hotline_orders"
branch_labels = None
depends_on = None

# Frozen copies (do not import the live models here).
SYNCED = ("responsibility", "handover", "record_link")
#: Record kinds that existed before this revision and the column naming their operator.
EXISTING = (("consultation", "operator_id"), ("mediation_case", "mediator_id"),
            ("aid_referral", "operator_id"))

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _record_keys() -> list[sa.Constraint]:
    return [sa.ForeignKeyConstraint(["station_id"], ["station.id"]),
            sa.PrimaryKeyConstraint("id")]


def upgrade() -> None:
    op.create_table(
        "responsibility",
        *_record_columns(),
        sa.Column("record_type", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("first_receiver_id", sa.String(), nullable=False),
        sa.Column("handler_id", sa.String(), nullable=True),
        sa.Column("handler_name", sa.String(), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("settled_note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["first_receiver_id"], ["operator.id"]),
        sa.ForeignKeyConstraint(["handler_id"], ["operator.id"]),
        *_record_keys(),
        sa.UniqueConstraint("record_type", "record_id"),
    )
    with op.batch_alter_table("responsibility") as batch_op:
        for column in ("station_id", "first_receiver_id", "handler_id"):
            batch_op.create_index(f"ix_responsibility_{column}", [column], unique=False)

    op.create_table(
        "handover",
        *_record_columns(),
        sa.Column("record_type", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("from_operator_id", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("to_operator_id", sa.String(), nullable=True),
        sa.Column("to_name", sa.String(), nullable=False),
        sa.Column("provider_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("handed_at", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("decided_at", sa.String(length=32), nullable=True),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("confirmed_by", sa.String(), nullable=False),
        sa.Column("decline_reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["from_operator_id"], ["operator.id"]),
        sa.ForeignKeyConstraint(["to_operator_id"], ["operator.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["operator.id"]),
        sa.ForeignKeyConstraint(["provider_id"], ["referral_provider.id"]),
        *_record_keys(),
    )
    with op.batch_alter_table("handover") as batch_op:
        for column in ("station_id", "record_type", "record_id", "from_operator_id",
                       "to_operator_id", "status"):
            batch_op.create_index(f"ix_handover_{column}", [column], unique=False)

    op.create_table(
        "record_link",
        *_record_columns(),
        sa.Column("from_type", sa.String(length=32), nullable=False),
        sa.Column("from_id", sa.String(length=36), nullable=False),
        sa.Column("to_type", sa.String(length=32), nullable=False),
        sa.Column("to_id", sa.String(length=36), nullable=False),
        sa.Column("operator_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        *_record_keys(),
        sa.UniqueConstraint("from_type", "from_id", "to_type", "to_id"),
    )
    with op.batch_alter_table("record_link") as batch_op:
        for column in ("station_id", "from_id", "to_id"):
            batch_op.create_index(f"ix_record_link_{column}", [column], unique=False)

    op.execute("ALTER TABLE station ADD COLUMN consultation_days INTEGER NOT NULL DEFAULT 5")

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

    conn = op.get_bind()
    rows: list[dict[str, object]] = []
    for table, column in EXISTING:
        # First receiver: the creating operator (the record's "create" audit entry, else its
        # own operator); handler: the record's operator (a case's mediator).
        for record_id, station_id, created_at, operator_id, handler_id in conn.exec_driver_sql(
            f"SELECT r.id, r.station_id, r.created_at, COALESCE(("
            f"  SELECT a.operator_id FROM audit_entry a WHERE a.action = 'create' "
            f"  AND a.record_type = '{table}' AND a.record_id = r.id "
            f"  AND a.operator_id IS NOT NULL ORDER BY a.id LIMIT 1), r.{column}), r.{column} "
            f"FROM {table} r ORDER BY r.created_at, r.id"
        ):
            rows.append({"id": str(uuid.uuid4()), "station_id": station_id,
                         "created_at": created_at, "updated_at": created_at, "version": 1,
                         "record_type": table, "record_id": record_id,
                         "first_receiver_id": operator_id, "handler_id": handler_id})
    if rows:
        conn.execute(sa.text(
            "INSERT INTO responsibility (id, station_id, created_at, updated_at, version, "
            "record_type, record_id, first_receiver_id, handler_id, handler_name, "
            "settled_on, settled_note) VALUES (:id, :station_id, :created_at, :updated_at, "
            ":version, :record_type, :record_id, :first_receiver_id, :handler_id, '', NULL, "
            "'')"), rows)


def downgrade() -> None:
    for table in SYNCED:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{event}_log")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_delete")
    for table in reversed(SYNCED):
        op.drop_table(table)
    op.execute("ALTER TABLE station DROP COLUMN consultation_days")
