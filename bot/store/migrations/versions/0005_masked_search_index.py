"""the console's search index keeps customers' words with personal data masked

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

from bot.privacy.pii import mask_personal_data

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_conversations = sa.table('conversations', sa.column('conversation_id', sa.String), sa.column('search_text', sa.Text))


def upgrade() -> None:
    connection, last = op.get_bind(), ""
    while rows := connection.execute(sa.select(_conversations.c.conversation_id, _conversations.c.search_text)
                                     .where(_conversations.c.conversation_id > last)
                                     .order_by(_conversations.c.conversation_id).limit(1000)).all():
        for conversation_id, text in rows:
            masked = mask_personal_data(text or "").lower()
            if masked != text:
                connection.execute(_conversations.update()
                                   .where(_conversations.c.conversation_id == conversation_id)
                                   .values(search_text=masked))
        last = rows[-1][0]


def downgrade() -> None:
    """Masking cannot be undone: the clear text is gone (the tracker store still has it)."""
