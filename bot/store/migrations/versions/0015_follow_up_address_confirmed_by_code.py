"""an address a customer typed is confirmed by a code mailed to it before anything else is sent there

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('follow_up_pending_sealed', sa.Text(), nullable=True))
        batch.add_column(sa.Column('follow_up_pending_digest', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('follow_up_code_digest', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('follow_up_code_sent_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('follow_up_code_tries', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('follow_up_codes_sent', sa.Integer(), nullable=False, server_default='0'))
        batch.create_index('ix_cases_follow_up_pending_digest', ['follow_up_pending_digest'])


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_index('ix_cases_follow_up_pending_digest')
        for column in ('follow_up_codes_sent', 'follow_up_code_tries', 'follow_up_code_sent_at',
                       'follow_up_code_digest', 'follow_up_pending_digest', 'follow_up_pending_sealed'):
            batch.drop_column(column)
