"""model activation: history and audit of activations, the shared Rasa rotation, front doors' view of it

Revision ID: 0009_activation
Revises: 0008_training
Create Date: 2026-12-05 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_activation'
down_revision = '0008_training'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('model_activations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('model_id', sa.String(length=64), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_model_activations'))
    )
    rotation = op.create_table('model_rotation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('holder', sa.String(length=32), nullable=True),
    sa.Column('lease_until', sa.Float(), nullable=False),
    sa.Column('draining', sa.JSON(), nullable=False),
    sa.Column('step', sa.String(length=64), nullable=True),
    sa.Column('target', sa.Text(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_model_rotation'))
    )
    op.bulk_insert(rotation, [{'id': 1, 'generation': 0, 'lease_until': 0.0, 'draining': []}])
    op.create_table('model_rotation_seen',
    sa.Column('instance', sa.String(length=32), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('busy', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('instance', name=op.f('pk_model_rotation_seen'))
    )


def downgrade() -> None:
    op.drop_table('model_rotation_seen')
    op.drop_table('model_rotation')
    op.drop_table('model_activations')
