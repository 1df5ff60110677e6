"""studio: a note to customers per published version; update notes sent to open chats

Revision ID: 0005_update_notes
Revises: 0004_studio
Create Date: 2026-12-04 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_update_notes'
down_revision = '0004_studio'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_note', sa.Text(), nullable=True))
    # One row per (conversation, published version) told in an open chat: the unique key makes
    # exactly one front door process send the note (handoff/replies/live_updates.py).
    op.create_table('content_update_notes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_content_update_notes_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['content_versions.id'], name=op.f('fk_content_update_notes_version_id_content_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_update_notes')),
    sa.UniqueConstraint('conversation_id', 'version_id', name=op.f('uq_content_update_notes_conversation_id_version_id'))
    )


def downgrade() -> None:
    op.drop_table('content_update_notes')
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.drop_column('customer_note')
