"""a conversation may hold several cases (a second problem, a new complaint after one ended)

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_constraint('uq_cases_conversation', type_='unique')
        batch.create_index('ix_cases_conversation_id', ['conversation_id'])


def downgrade() -> None:
    """Only possible while no conversation holds two cases."""
    with op.batch_alter_table('cases') as batch:
        batch.drop_index('ix_cases_conversation_id')
        batch.create_unique_constraint('uq_cases_conversation', ['conversation_id'])
