"""a handed-off case keeps the address a customer agreed to be answered at, when they proved none

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('follow_up_email_sealed', sa.Text(), nullable=True))
        batch.add_column(sa.Column('follow_up_email_digest', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('follow_up_consent_at', sa.DateTime(), nullable=True))
        batch.create_index('ix_cases_follow_up_email_digest', ['follow_up_email_digest'])


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_index('ix_cases_follow_up_email_digest')
        for column in ('follow_up_consent_at', 'follow_up_email_digest', 'follow_up_email_sealed'):
            batch.drop_column(column)
