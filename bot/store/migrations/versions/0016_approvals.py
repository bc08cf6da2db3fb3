"""goodwill above the policy's caps waits in one approval queue for a lead

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

from bot.store.types import Money

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'approvals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('remedy', sa.String(length=32), nullable=False),
        sa.Column('amount', Money(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('cap', Money(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('requested_by', sa.String(length=64), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('decided_by', sa.String(length=64), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_approvals_case_id', 'approvals', ['case_id'])
    op.create_index('ix_approvals_status', 'approvals', ['status'])


def downgrade() -> None:
    op.drop_index('ix_approvals_status', table_name='approvals')
    op.drop_index('ix_approvals_case_id', table_name='approvals')
    op.drop_table('approvals')
