"""The student's training gap, English (OET Medicine, spoken) and ECFMG certification status.

All nullable: None means not recorded, so existing students keep "not recorded".

Revision ID: 2894a673d136
Revises: 22349f98da8b
Create Date: 2026-12-03 11:46:19.617129

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2894a673d136'
down_revision = '22349f98da8b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.add_column(sa.Column('training_gap_months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('training_gap_explained', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('oet_status', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('spoken_english', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('ecfmg_status', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.drop_column('ecfmg_status')
        batch_op.drop_column('spoken_english')
        batch_op.drop_column('oet_status')
        batch_op.drop_column('training_gap_explained')
        batch_op.drop_column('training_gap_months')
