"""goodwill carried out in the shop, exactly once, with the key the shop keeps

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

from bot.store.types import Money

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'shop_remedies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('remedy', sa.String(length=32), nullable=False),
        sa.Column('amount', Money(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('claimed_until', sa.DateTime(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('shop_reference', sa.String(length=120), nullable=True),
        sa.Column('error', sa.String(length=300), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('done_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    op.create_index('ix_shop_remedies_case_id', 'shop_remedies', ['case_id'])


def downgrade() -> None:
    op.drop_index('ix_shop_remedies_case_id', table_name='shop_remedies')
    op.drop_table('shop_remedies')
