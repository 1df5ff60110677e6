"""intents: the intents and their examples per language (the intent editor, issue 13 item 2)

Revision ID: 0007_intents
Revises: 0005_update_notes
Create Date: 2026-12-06 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_intents'
down_revision = '0005_update_notes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('intents',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('leads_to', sa.String(length=24), nullable=True),
    sa.Column('response', sa.String(length=120), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['agents.id'], name=op.f('fk_intents_created_by_agents'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intents')),
    sa.UniqueConstraint('name', name=op.f('uq_intents_name'))
    )
    op.create_table('intent_examples',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('intent_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('twin', sa.Integer(), nullable=False),
    sa.Column('file', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('seed_file', sa.String(length=64), nullable=True),
    sa.Column('seed_intent', sa.String(length=100), nullable=True),
    sa.Column('seed_hash', sa.String(length=64), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['agents.id'], name=op.f('fk_intent_examples_created_by_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['intent_id'], ['intents.id'], name=op.f('fk_intent_examples_intent_id_intents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intent_examples')),
    sa.UniqueConstraint('language', 'key_hash', 'twin', name=op.f('uq_intent_examples_language_key_hash_twin'))
    )
    with op.batch_alter_table('intent_examples', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intent_examples_intent_id'), ['intent_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('intent_examples', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intent_examples_intent_id'))
    op.drop_table('intent_examples')
    op.drop_table('intents')
