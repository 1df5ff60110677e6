"""training: the queue of trainings and the gate's evaluations per model fingerprint

Revision ID: 0008_training
Revises: 0007_intents
Create Date: 2026-12-07 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_training'
down_revision = '0007_intents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('training_jobs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('worker_pid', sa.Integer(), nullable=True),
    sa.Column('log_tail', sa.Text(), nullable=False),
    sa.Column('failure', sa.String(length=32), nullable=True),
    sa.Column('failure_detail', sa.String(length=500), nullable=True),
    sa.Column('model_path', sa.String(length=512), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=True),
    sa.Column('report', sa.JSON(), nullable=True),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('activated_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['activated_by'], ['agents.id'], name=op.f('fk_training_jobs_activated_by_agents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by'], ['agents.id'], name=op.f('fk_training_jobs_requested_by_agents'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_jobs'))
    )
    with op.batch_alter_table('training_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_jobs_state'), ['state'], unique=False)
        # One training at a time: a second running row is refused by the database itself.
        batch_op.create_index('uq_training_jobs_one_running', ['state'], unique=True,
                              sqlite_where=sa.text("state = 'running'"), postgresql_where=sa.text("state = 'running'"))
    op.create_table('model_evaluations',
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('evaluation', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('fingerprint', name=op.f('pk_model_evaluations'))
    )


def downgrade() -> None:
    op.drop_table('model_evaluations')
    with op.batch_alter_table('training_jobs', schema=None) as batch_op:
        batch_op.drop_index('uq_training_jobs_one_running')
        batch_op.drop_index(batch_op.f('ix_training_jobs_state'))
    op.drop_table('training_jobs')
