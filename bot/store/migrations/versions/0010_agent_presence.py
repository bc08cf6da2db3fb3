"""who is at the console and available to take a handed-off conversation

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'agent_presence',
        sa.Column('user_name', sa.String(length=64), nullable=False),
        sa.Column('available', sa.Boolean(), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_name'], ['console_users.name'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_name'),
    )


def downgrade() -> None:
    op.drop_table('agent_presence')
