"""carrier scans and proofs pushed by a tracking webhook, kept by tracking number

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'tracking_updates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.String(length=160), nullable=False),
        sa.Column('tracking', sa.String(length=100), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('scans', sa.JSON(), nullable=False),
        sa.Column('proof', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_id'),
    )
    op.create_index('ix_tracking_updates_tracking', 'tracking_updates', ['tracking'])


def downgrade() -> None:
    op.drop_index('ix_tracking_updates_tracking', table_name='tracking_updates')
    op.drop_table('tracking_updates')
