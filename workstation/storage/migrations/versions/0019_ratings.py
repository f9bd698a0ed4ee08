"""Citizens' ratings (群众评价) and the review of a 不满意 (issue 17, item 3): ``rating`` and
``rating_review``, synced (change-log and no-delete triggers as in migration 0002).

The satisfaction ticked so far becomes ratings: a consultation's as 工作人员代录 (the operator
being rated ticked it), a follow-up visit's as 回访 of its case (on the visit's day). They keep
their day and operator, and travel in the next bundle (the triggers exist before they are
written). No review task is opened for an old 不满意: nobody can contact those citizens now
about a rating nobody asked them for. The old ``satisfaction`` columns stay (older bundles and
the county still read them) but nothing counts them any more.

Revision ID: 0019_ratings
Revises: 0015_audit_chain
Create Date: 2026-12-08
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from alembic import op

revision = "0019_ratings"
down_revision = "0018_first_inquiry"
branch_labels = None
depends_on = None

# Frozen copy of the tables this revision adds to sync (do not import the live models here).
SYNCED = ("rating", "rating_review")

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


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def upgrade() -> None:
    op.create_table(
        "rating",
        *_record_columns(),
        sa.Column("record_type", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("comment", sa.String(), nullable=False),
        sa.Column("rated_at", sa.String(length=32), nullable=False),
        sa.Column("operator_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        *_record_keys(),
    )
    with op.batch_alter_table("rating") as batch_op:
        for column in ("station_id", "record_type", "record_id", "source", "rated_at",
                       "operator_id"):
            batch_op.create_index(f"ix_rating_{column}", [column], unique=False)

    op.create_table(
        "rating_review",
        *_record_columns(),
        sa.Column("rating_id", sa.String(length=36), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("action_taken", sa.String(), nullable=False),
        sa.Column("contacted_on", sa.Date(), nullable=True),
        sa.Column("contact_method", sa.String(), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("closed_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["rating_id"], ["rating.id"]),
        sa.ForeignKeyConstraint(["closed_by"], ["operator.id"]),
        *_record_keys(),
    )
    with op.batch_alter_table("rating_review") as batch_op:
        batch_op.create_index("ix_rating_review_station_id", ["station_id"], unique=False)
        batch_op.create_index("ix_rating_review_rating_id", ["rating_id"], unique=True)
        batch_op.create_index("ix_rating_review_due_on", ["due_on"], unique=False)

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
    _carry_over_satisfaction()


def _carry_over_satisfaction() -> None:
    """Old ticks become ratings: consultations as 工作人员代录, follow-up visits as 回访."""
    conn = op.get_bind()
    now = _stamp(datetime.now(UTC))
    rows: list[dict[str, object]] = []

    def add(station_id: str, record_type: str, record_id: str, value: str, source: str,
            method: str, rated_at: str, operator_id: str) -> None:
        rows.append({"id": str(uuid.uuid4()), "station_id": station_id, "created_at": now,
                     "updated_at": now, "version": 1, "record_type": record_type,
                     "record_id": record_id, "value": value, "source": source,
                     "method": method, "reasons": json.dumps([]), "comment": "",
                     "rated_at": rated_at, "operator_id": operator_id})

    for cid, station_id, value, occurred_at, operator_id in conn.execute(sa.text(
            "SELECT id, station_id, satisfaction, occurred_at, operator_id FROM consultation "
            "WHERE satisfaction IS NOT NULL AND satisfaction != '' AND voided_at IS NULL")):
        add(station_id, "consultation", cid, value, "staff", "entered", occurred_at,
            operator_id)
    for station_id, case_id, value, visited_on, operator_id in conn.execute(sa.text(
            "SELECT station_id, case_id, satisfaction, visited_on, operator_id FROM follow_up "
            "WHERE satisfaction IS NOT NULL AND satisfaction != ''")):
        day = date.fromisoformat(str(visited_on)[:10])
        add(station_id, "mediation_case", case_id, value, "visit", "visit",
            _stamp(datetime.combine(day, time(12)).astimezone()), operator_id)
    if rows:
        columns = list(rows[0])
        conn.execute(sa.text(
            f"INSERT INTO rating ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)})"), rows)


def downgrade() -> None:
    for table in SYNCED:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{event}_log")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_delete")
    op.drop_table("rating_review")
    op.drop_table("rating")
