"""what the bot understood of each customer message; "Was this helpful?" per answer; the review inbox

Revision ID: 0006_inbox
Revises: 0005_update_notes
Create Date: 2026-12-05 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_inbox'
down_revision = '0005_update_notes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('intent', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('intent_confidence', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('intent_ranking', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_messages_intent'), ['intent'], unique=False)
    op.create_table('answer_ratings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_answer_ratings_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_answer_ratings_message_id_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_ratings')),
    sa.UniqueConstraint('message_id', name=op.f('uq_answer_ratings_message_id'))
    )
    with op.batch_alter_table('answer_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_ratings_conversation_id'), ['conversation_id'], unique=False)
    op.create_table('inbox_decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('intent', sa.String(length=100), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_inbox_decisions_agent_id_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_inbox_decisions_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_inbox_decisions_message_id_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox_decisions')),
    sa.UniqueConstraint('message_id', name=op.f('uq_inbox_decisions_message_id'))
    )
    with op.batch_alter_table('inbox_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbox_decisions_conversation_id'), ['conversation_id'], unique=False)


def downgrade() -> None:
    op.drop_table('inbox_decisions')
    op.drop_table('answer_ratings')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_intent'))
        batch_op.drop_column('intent_ranking')
        batch_op.drop_column('intent_confidence')
        batch_op.drop_column('intent')
