"""index documents (host, status, sitewide_pending, id): a run's host questions answered from it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 03:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_documents_host_status_pending", "documents", ["host", "status", "sitewide_pending", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_documents_host_status_pending", table_name="documents")
