"""support console: users, audit log, conversation index, case handling by people

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

from bot.store.types import Money

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'console_users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('user_name', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('target', sa.String(length=255), nullable=True),
        sa.Column('detail', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])
    op.create_table(
        'conversations',
        sa.Column('conversation_id', sa.String(length=255), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('last_at', sa.DateTime(), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=True),
        sa.Column('user_turns', sa.Integer(), nullable=False),
        sa.Column('bot_turns', sa.Integer(), nullable=False),
        sa.Column('paused', sa.Boolean(), nullable=False),
        sa.Column('search_text', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('conversation_id'),
    )
    op.create_index('ix_conversations_last_at', 'conversations', ['last_at', 'conversation_id'])
    op.create_index('ix_conversations_started_at', 'conversations', ['started_at'])
    state = op.create_table(
        'conversation_index_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('last_event_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(state, [{'id': 1, 'last_event_id': 0}])
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_off_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('agent', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('resolution_remedy', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('resolution_amount', Money(), nullable=True))
        batch_op.add_column(sa.Column('resolution_note', sa.Text(), nullable=True))
        batch_op.create_index('ix_cases_status', ['status'])


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_status')
        for column in ('resolution_note', 'resolution_amount', 'resolution_remedy', 'closed_at', 'claimed_at',
                       'agent', 'handed_off_at'):
            batch_op.drop_column(column)
    op.drop_table('conversation_index_state')
    op.drop_index('ix_conversations_started_at', 'conversations')
    op.drop_index('ix_conversations_last_at', 'conversations')
    op.drop_table('conversations')
    op.drop_index('ix_audit_log_at', 'audit_log')
    op.drop_table('audit_log')
    op.drop_table('console_users')
