"""intent titles: the plain name of an intent made in the studio, per language (issue 13, item 2)

Revision ID: 0012_intent_titles
Revises: 0010_insights
Create Date: 2026-12-11 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_intent_titles'
down_revision = '0010_insights'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('intents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('titles', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('intents', schema=None) as batch_op:
        batch_op.drop_column('titles')
