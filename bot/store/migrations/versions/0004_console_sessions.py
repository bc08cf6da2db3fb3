"""console sessions kept on the server, so that signing out ends them

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'console_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_name', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_name'], ['console_users.name'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token_hash'),
    )
    op.create_index('ix_console_sessions_user_name', 'console_sessions', ['user_name'])


def downgrade() -> None:
    op.drop_index('ix_console_sessions_user_name', table_name='console_sessions')
    op.drop_table('console_sessions')
