"""Legal publicity activities with operators and photos, the referral directory, and the
provider a consultation guided the citizen to (issue 9). The new tables are synced: they get
the change-log and no-delete triggers of migration 0002.

``consultation.provider_id`` is added with a plain ``ALTER TABLE ... ADD COLUMN ...
REFERENCES`` (allowed by SQLite for a nullable column): a batch copy of the table would drop
its triggers and rewrite every consultation.

Revision ID: 0006_publicity
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_publicity"
down_revision = "0005"
branch_labels = None
depends_on = None

# Frozen copy of the tables this revision adds to sync (do not import the live models here).
SYNCED = ("referral_provider", "publicity_activity", "publicity_operator", "publicity_photo")

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
        "referral_provider",
        *_record_columns(),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("hours", sa.String(), nullable=False),
        sa.Column("services", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_record_keys(),
        sa.UniqueConstraint("station_id", "name"),
    )
    with op.batch_alter_table("referral_provider") as batch_op:
        batch_op.create_index("ix_referral_provider_station_id", ["station_id"], unique=False)
        batch_op.create_index("ix_referral_provider_kind", ["kind"], unique=False)

    op.create_table(
        "publicity_activity",
        *_record_columns(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place_kind", sa.String(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("form", sa.String(), nullable=False),
        sa.Column("theme", sa.String(), nullable=False),
        sa.Column("audience", sa.Integer(), nullable=False),
        sa.Column("materials", sa.Integer(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("operator_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        *_record_keys(),
        sa.UniqueConstraint("station_id", "year", "seq"),
    )
    with op.batch_alter_table("publicity_activity") as batch_op:
        for column in ("station_id", "number", "held_on", "place_kind", "form", "operator_id"):
            batch_op.create_index(f"ix_publicity_activity_{column}", [column], unique=False)

    op.create_table(
        "publicity_operator",
        *_record_columns(),
        sa.Column("activity_id", sa.String(), nullable=False),
        sa.Column("operator_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["publicity_activity.id"]),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"]),
        *_record_keys(),
        sa.UniqueConstraint("activity_id", "operator_id"),
    )
    with op.batch_alter_table("publicity_operator") as batch_op:
        for column in ("station_id", "activity_id", "operator_id"):
            batch_op.create_index(f"ix_publicity_operator_{column}", [column], unique=False)

    op.create_table(
        "publicity_photo",
        *_record_columns(),
        sa.Column("activity_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["publicity_activity.id"]),
        *_record_keys(),
    )
    with op.batch_alter_table("publicity_photo") as batch_op:
        for column in ("station_id", "activity_id"):
            batch_op.create_index(f"ix_publicity_photo_{column}", [column], unique=False)

    op.execute("ALTER TABLE consultation ADD COLUMN provider_id VARCHAR(36) "
               "REFERENCES referral_provider (id)")
    op.create_index("ix_consultation_provider_id", "consultation", ["provider_id"],
                    unique=False)

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
    op.drop_index("ix_consultation_provider_id", table_name="consultation")
    # SQLite cannot drop a column used in a foreign key in place: batch mode copies the table,
    # which drops its triggers, so they are made again (as migration 0002 made them).
    with op.batch_alter_table("consultation", recreate="always") as batch_op:
        batch_op.drop_column("provider_id")
    for event, op_code in (("INSERT", "I"), ("UPDATE", "U")):
        op.execute(
            f"CREATE TRIGGER trg_consultation_{event.lower()}_log AFTER {event} ON consultation "
            f"BEGIN INSERT INTO change_log (table_name, record_id, version, op, changed_at) "
            f"VALUES ('consultation', NEW.id, NEW.version, '{op_code}', {_NOW}); END"
        )
    op.execute(
        "CREATE TRIGGER trg_consultation_no_delete BEFORE DELETE ON consultation "
        "BEGIN SELECT RAISE(ABORT, 'records are never deleted: void them instead'); END"
    )
    op.drop_table("publicity_photo")
    op.drop_table("publicity_operator")
    op.drop_table("publicity_activity")
    op.drop_table("referral_provider")
