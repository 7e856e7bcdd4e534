"""documents.site: the site (name, or start hosts and host patterns) a document was crawled for

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("site", sa.String(length=255), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_documents_site"), ["site"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_site"))
        batch_op.drop_column("site")
