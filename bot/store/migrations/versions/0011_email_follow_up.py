"""a handed-off case keeps when its customer was promised an email answer, and when a person first answered

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('email_promised_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('first_reply_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        for column in ('first_reply_at', 'email_promised_at'):
            batch.drop_column(column)
