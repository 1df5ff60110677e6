"""callback requests by e-mail; satisfaction ratings

Revision ID: 0003_widget
Revises: 0002_security
Create Date: 2026-12-02 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_widget'
down_revision = '0002_security'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('callback_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=8), server_default='phone', nullable=False))
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
    op.create_table('satisfaction_ratings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('transition_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('handoff_reason', sa.String(length=64), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_satisfaction_ratings_agent_id_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_satisfaction_ratings_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['transition_id'], ['transitions.id'], name=op.f('fk_satisfaction_ratings_transition_id_transitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_satisfaction_ratings')),
    sa.UniqueConstraint('conversation_id', 'transition_id', name=op.f('uq_satisfaction_ratings_conversation_id_transition_id'))
    )
    with op.batch_alter_table('satisfaction_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_satisfaction_ratings_conversation_id'), ['conversation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('satisfaction_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_satisfaction_ratings_conversation_id'))
    op.drop_table('satisfaction_ratings')
    with op.batch_alter_table('callback_requests', schema=None) as batch_op:
        batch_op.drop_column('email')
        batch_op.drop_column('channel')
