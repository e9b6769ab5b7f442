"""The season's costs and dates in the office settings, and each student's season checklist.

Revision ID: f7a8b9c0d1e2
Revises: c5d2e8f1a7b3
Create Date: 2026-12-03 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f7a8b9c0d1e2'
down_revision = 'c5d2e8f1a7b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('office_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signal_allowances', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('signals_prefer_regions', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('eras_fees', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('eras_opens_on', sa.Date(), nullable=True))

    op.create_table('season_checklist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('season_year', sa.Integer(), nullable=False),
    sa.Column('letters_requested_due', sa.Date(), nullable=True),
    sa.Column('letters_requested_done', sa.Date(), nullable=True),
    sa.Column('letters_received_due', sa.Date(), nullable=True),
    sa.Column('letters_received_done', sa.Date(), nullable=True),
    sa.Column('rotations_due', sa.Date(), nullable=True),
    sa.Column('rotations_done', sa.Date(), nullable=True),
    sa.Column('step3_due', sa.Date(), nullable=True),
    sa.Column('ecfmg_due', sa.Date(), nullable=True),
    sa.Column('eras_submitted_due', sa.Date(), nullable=True),
    sa.Column('eras_submitted_done', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_season_checklist_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_season_checklist')),
    sa.UniqueConstraint('student_id', 'season_year', name=op.f('uq_season_checklist_student_id'))
    )
    with op.batch_alter_table('season_checklist', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_season_checklist_student_id'), ['student_id'], unique=False)


def downgrade():
    with op.batch_alter_table('season_checklist', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_season_checklist_student_id'))

    op.drop_table('season_checklist')
    with op.batch_alter_table('office_settings', schema=None) as batch_op:
        batch_op.drop_column('eras_opens_on')
        batch_op.drop_column('eras_fees')
        batch_op.drop_column('signals_prefer_regions')
        batch_op.drop_column('signal_allowances')
