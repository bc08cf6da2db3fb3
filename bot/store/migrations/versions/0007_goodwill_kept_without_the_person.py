"""goodwill given stays in the books without the person once their data is erased or expired

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('goodwill_grants') as batch:
        batch.alter_column('customer_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    """Only possible while no grant has lost its customer."""
    with op.batch_alter_table('goodwill_grants') as batch:
        batch.alter_column('customer_id', existing_type=sa.Integer(), nullable=False)
