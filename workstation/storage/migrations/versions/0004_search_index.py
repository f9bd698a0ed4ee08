"""Search index: documents, FTS5 trigram index, exact/prefix keys; built for existing rows.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen copy of storage.search_index.FTS_DDL at this revision.
FTS_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, phones, tokenize='trigram', "
    "content='search_doc', content_rowid='id', columnsize=0)"
)


def upgrade() -> None:
    op.create_table(
        "search_doc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("phones", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("day", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=True),
        sa.Column("sort_key", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_type", "record_id"),
    )
    op.create_table(
        "search_term",
        sa.Column("term", sa.String(), nullable=False),
        sa.Column("doc_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", "doc_id"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("search_term") as batch_op:
        batch_op.create_index("ix_search_term_doc_id", ["doc_id"], unique=False)
    op.create_table(
        "search_link",
        sa.Column("person_doc", sa.Integer(), nullable=False),
        sa.Column("record_doc", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("person_doc", "record_doc"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("search_link") as batch_op:
        batch_op.create_index("ix_search_link_record_doc", ["record_doc"], unique=False)
    op.execute(FTS_DDL)

    # Index the rows an older revision left (the statements read the tables as of this
    # revision; a later revision that changes them must rebuild the index itself).
    from workstation.storage.search_index import rebuild_search_index

    rebuild_search_index(op.get_bind())


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_link")
    op.drop_table("search_term")
    op.drop_table("search_doc")
