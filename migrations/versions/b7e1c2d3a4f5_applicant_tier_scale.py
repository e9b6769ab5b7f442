"""The applicant tier's scale, and the strategies it was judged under.

Revision ID: b7e1c2d3a4f5
Revises: b7d41c2e9a10
Create Date: 2026-12-03 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c2d3a4f5'
down_revision = 'b7d41c2e9a10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applicant_tier_scale', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('tier_strategies', sa.String(length=400), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.drop_column('tier_strategies')
        batch_op.drop_column('applicant_tier_scale')
