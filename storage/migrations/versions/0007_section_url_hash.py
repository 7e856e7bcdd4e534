"""sections.url_hash (its document's) and index (cluster_id, url_hash): a cluster's sample read in order

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("url_hash", sa.BigInteger(), server_default="0", nullable=False))
    op.execute(
        "UPDATE sections SET url_hash = (SELECT documents.url_hash FROM documents "
        "WHERE documents.id = sections.document_id)"
    )
    op.create_index("ix_sections_cluster_id_url_hash", "sections", ["cluster_id", "url_hash"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sections_cluster_id_url_hash", table_name="sections")
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_column("url_hash")
