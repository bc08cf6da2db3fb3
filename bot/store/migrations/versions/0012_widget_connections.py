"""the widget sockets, connected or closed, so the console knows whether a customer has left

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'widget_connections',
        sa.Column('socket_id', sa.String(length=64), primary_key=True),
        sa.Column('conversation_id', sa.String(length=255), nullable=False),
        sa.Column('connected_at', sa.DateTime(), nullable=False),
        sa.Column('disconnected_at', sa.DateTime(), nullable=True),
    )
    op.create_index('ix_widget_connections_conversation_id', 'widget_connections', ['conversation_id'])


def downgrade() -> None:
    op.drop_index('ix_widget_connections_conversation_id', table_name='widget_connections')
    op.drop_table('widget_connections')
