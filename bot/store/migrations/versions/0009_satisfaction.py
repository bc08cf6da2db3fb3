"""customer satisfaction kept with each case: when it was asked, who resolved the case, the 1-5 rating and a comment

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('csat_asked_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('csat_resolved_by', sa.String(length=8), nullable=True))
        batch.add_column(sa.Column('csat_rating', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('csat_rated_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('csat_comment', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        for column in ('csat_comment', 'csat_rated_at', 'csat_rating', 'csat_resolved_by', 'csat_asked_at'):
            batch.drop_column(column)
