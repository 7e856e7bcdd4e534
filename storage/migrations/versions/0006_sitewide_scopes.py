"""Corpus steps that update: documents.url_hash and sitewide_pending, table sitewide_scopes, clusters.leader_id, table cluster_keys

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 20:40:00
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("url_hash", sa.BigInteger(), server_default="0", nullable=False))
        # stored documents were stripped already
        batch_op.add_column(sa.Column("sitewide_pending", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_documents_sitewide_pending"), ["sitewide_pending"], unique=False)
        batch_op.create_index("ix_documents_host_url_hash", ["host", "url_hash"], unique=False)
    _fill_url_hashes()
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("leader_id", sa.Integer(), nullable=True))
    op.create_table(
        "cluster_keys",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["clusters.id"], name=op.f("fk_cluster_keys_cluster_id_clusters"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", "cluster_id", name=op.f("pk_cluster_keys")),
    )
    op.create_index(op.f("ix_cluster_keys_cluster_id"), "cluster_keys", ["cluster_id"], unique=False)
    op.create_table(
        "sitewide_scopes",
        sa.Column("scope", sa.String(length=300), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("keys", sa.JSON(), nullable=False),
        sa.Column("headings", sa.JSON(), nullable=False),
        sa.Column(
            "learned_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_sitewide_scopes")),
    )


def url_hash(url: str) -> int:
    # frozen here as storage.repository.url_hash was when this revision was written
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def _fill_url_hashes() -> None:
    conn = op.get_bind()
    documents = sa.table(
        "documents", sa.column("id", sa.Integer), sa.column("url", sa.String), sa.column("url_hash", sa.BigInteger)
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.select(documents.c.id, documents.c.url).where(documents.c.id > last).order_by(documents.c.id).limit(5000)
        ).all()
        if not rows:
            return
        conn.execute(
            documents.update().where(documents.c.id == sa.bindparam("row_id")).values(url_hash=sa.bindparam("hash")),
            [{"row_id": row_id, "hash": url_hash(url)} for row_id, url in rows],
        )
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index(op.f("ix_cluster_keys_cluster_id"), table_name="cluster_keys")
    op.drop_table("cluster_keys")
    op.drop_table("sitewide_scopes")
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.drop_column("leader_id")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_host_url_hash")
        batch_op.drop_index(batch_op.f("ix_documents_sitewide_pending"))
        batch_op.drop_column("sitewide_pending")
        batch_op.drop_column("url_hash")
