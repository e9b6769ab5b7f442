"""An index on outcome.updated_at: each assessment checks the newest change to the outcomes.

Revision ID: c5d2e8f1a7b3
Revises: 2894a673d136
Create Date: 2026-12-03 13:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c5d2e8f1a7b3'
down_revision = '2894a673d136'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_updated_at'), ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_updated_at'))
