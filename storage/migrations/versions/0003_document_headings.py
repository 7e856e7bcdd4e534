"""documents.headings: the paragraphs a page marks as headings, with their level

Segmentation reads them (a block heading that is not a question starts a section), and
site-wide stripping re-segments stored documents, so they are stored with the text.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 20:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headings", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("headings")
