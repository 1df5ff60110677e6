"""comms studio: content fields, versions, revision, audit

Revision ID: 0004_studio
Revises: 0003_widget
Create Date: 2026-12-03 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_studio'
down_revision = '0003_widget'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('content_fields',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document', sa.String(length=120), nullable=False),
    sa.Column('path', sa.String(length=255), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('published_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_fields')),
    sa.UniqueConstraint('document', 'path', 'language', name=op.f('uq_content_fields_document_path_language'))
    )
    op.create_table('content_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_revision'))
    )
    # The one row the processes poll (handoff/studio/models.py: ContentRevision).
    op.execute("INSERT INTO content_revision (id, revision) VALUES (1, 0)")
    op.create_table('content_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_content_audit_agent_id_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['field_id'], ['content_fields.id'], name=op.f('fk_content_audit_field_id_content_fields'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_audit'))
    )
    with op.batch_alter_table('content_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_audit_field_id'), ['field_id'], unique=False)

    op.create_table('content_versions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('checks_passed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approver_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('publisher_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('publish_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['approver_id'], ['agents.id'], name=op.f('fk_content_versions_approver_id_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['agents.id'], name=op.f('fk_content_versions_author_id_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['field_id'], ['content_fields.id'], name=op.f('fk_content_versions_field_id_content_fields'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publisher_id'], ['agents.id'], name=op.f('fk_content_versions_publisher_id_agents'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_versions')),
    sa.UniqueConstraint('field_id', 'version', name=op.f('uq_content_versions_field_id_version'))
    )
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_versions_field_id'), ['field_id'], unique=False)

    op.create_table('content_approvals',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_content_approvals_agent_id_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['content_versions.id'], name=op.f('fk_content_approvals_version_id_content_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_approvals')),
    sa.UniqueConstraint('version_id', 'agent_id', name=op.f('uq_content_approvals_version_id_agent_id'))
    )
    with op.batch_alter_table('content_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_approvals_version_id'), ['version_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('content_approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_approvals_version_id'))

    op.drop_table('content_approvals')
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_versions_field_id'))

    op.drop_table('content_versions')
    with op.batch_alter_table('content_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_audit_field_id'))

    op.drop_table('content_audit')
    op.drop_table('content_revision')
    op.drop_table('content_fields')
