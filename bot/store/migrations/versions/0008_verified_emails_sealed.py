"""the email a customer proved an order with, sealed in our store instead of readable in the tracker

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'verifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=255), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('email_digest', sa.String(length=64), nullable=False),
        sa.Column('email_sealed', sa.Text(), nullable=False),
        sa.Column('verified_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_verifications_conversation_order', 'verifications', ['conversation_id', 'order_id'])
    op.create_index('ix_verifications_email_digest', 'verifications', ['email_digest'])


def downgrade() -> None:
    op.drop_index('ix_verifications_email_digest', table_name='verifications')
    op.drop_index('ix_verifications_conversation_order', table_name='verifications')
    op.drop_table('verifications')
