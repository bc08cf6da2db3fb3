"""wrong emails are counted in the store, per order, per client and per conversation, across conversations

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'email_guesses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_reference', sa.String(length=40), nullable=True),
        sa.Column('client_digest', sa.String(length=64), nullable=True),
        sa.Column('conversation_id', sa.String(length=255), nullable=False),
        sa.Column('guessed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('order_reference', 'client_digest', 'conversation_id', 'guessed_at'):
        op.create_index(f'ix_email_guesses_{column}', 'email_guesses', [column])


def downgrade() -> None:
    for column in ('order_reference', 'client_digest', 'conversation_id', 'guessed_at'):
        op.drop_index(f'ix_email_guesses_{column}', table_name='email_guesses')
    op.drop_table('email_guesses')
