"""insights: an index on the day a conversation started (the insights select conversations by it)

Revision ID: 0010_insights
Revises: 0007_intents
Create Date: 2026-12-10 09:00:00
"""
from alembic import op


revision = '0010_insights'
down_revision = '0011_suggestions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversations_created_at'))
