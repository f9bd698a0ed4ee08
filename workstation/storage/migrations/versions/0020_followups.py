"""12348 work orders have a first receiver and a current handler too (首问负责): every
existing order gets its responsibility row the way migration 0016 gave the other records
theirs — first receiver = the operator of the order's ``create`` audit entry, else the
order's own operator; handler = the order's operator. Orders that already have a row are
left alone. The rows are new records, so the first bundle after the upgrade carries them.

Revision ID: 0020_followups
Revises: 0018_first_inquiry
Create Date: 2026-12-08
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0020_followups"
down_revision = "0019_ratings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    rows: list[dict[str, object]] = []
    for record_id, station_id, created_at, first_id, handler_id in conn.exec_driver_sql(
        "SELECT w.id, w.station_id, w.created_at, COALESCE(("
        "  SELECT a.operator_id FROM audit_entry a WHERE a.action = 'create' "
        "  AND a.record_type = 'work_order' AND a.record_id = w.id "
        "  AND a.operator_id IS NOT NULL ORDER BY a.id LIMIT 1), w.operator_id), w.operator_id "
        "FROM work_order w WHERE NOT EXISTS (SELECT 1 FROM responsibility r "
        "  WHERE r.record_type = 'work_order' AND r.record_id = w.id) "
        "ORDER BY w.created_at, w.id"
    ):
        rows.append({"id": str(uuid.uuid4()), "station_id": station_id,
                     "created_at": created_at, "updated_at": created_at, "version": 1,
                     "record_id": record_id, "first_receiver_id": first_id,
                     "handler_id": handler_id})
    if rows:
        conn.execute(sa.text(
            "INSERT INTO responsibility (id, station_id, created_at, updated_at, version, "
            "record_type, record_id, first_receiver_id, handler_id, handler_name, "
            "settled_on, settled_note) VALUES (:id, :station_id, :created_at, :updated_at, "
            ":version, 'work_order', :record_id, :first_receiver_id, :handler_id, '', NULL, "
            "'')"), rows)


def downgrade() -> None:
    # The rows stay: they are valid under 0016 (records are never deleted, and the service
    # reads an order's row the same with or without this revision).
    pass
