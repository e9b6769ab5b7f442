"""initial schema

Revision ID: 4a33fa5847c0
Revises:
Create Date: 2026-11-22 02:58:16.253851

"""
from alembic import op
import sqlalchemy as sa

# Enum columns hold the code as plain text, with no CHECK, so adding a code needs no migration
# (advisor.models.columns.enum_column_type); timestamps are stored with their zone (UTC).
CODE = sa.String(length=40)
TIMESTAMP = sa.DateTime(timezone=True)

# revision identifiers, used by Alembic.
revision = '4a33fa5847c0'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('catalog_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_state'))
    )
    op.create_table('program',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('acgme_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=True),
    sa.Column('specialty', CODE, nullable=False),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('program_type', CODE, nullable=True),
    sa.Column('positions', sa.Integer(), nullable=True),
    sa.Column('img_share', sa.Float(), nullable=True),
    sa.Column('us_img_share', sa.Float(), nullable=True),
    sa.Column('non_us_img_share', sa.Float(), nullable=True),
    sa.Column('visa_j1', sa.Boolean(), nullable=True),
    sa.Column('visa_h1b', sa.Boolean(), nullable=True),
    sa.Column('step2_min', sa.Integer(), nullable=True),
    sa.Column('step2_median', sa.Integer(), nullable=True),
    sa.Column('yog_max_years', sa.Integer(), nullable=True),
    sa.Column('attempts_max', sa.Integer(), nullable=True),
    sa.Column('usce_required', sa.Boolean(), nullable=True),
    sa.Column('new_program', sa.Boolean(), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('updated_at', TIMESTAMP, nullable=False),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.Column('county', sa.String(length=80), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program')),
    sa.UniqueConstraint('acgme_id', name=op.f('uq_program_acgme_id'))
    )
    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_program_specialty'), ['specialty'], unique=False)

    op.create_table('student',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('citizenship', CODE, nullable=False),
    sa.Column('visa_needed', CODE, nullable=False),
    sa.Column('step1_result', CODE, nullable=False),
    sa.Column('step1_attempts', sa.Integer(), nullable=False),
    sa.Column('step1_score', sa.Integer(), nullable=True),
    sa.Column('step2ck_score', sa.Integer(), nullable=True),
    sa.Column('step2ck_attempts', sa.Integer(), nullable=False),
    sa.Column('step3_score', sa.Integer(), nullable=True),
    sa.Column('step3_passed', sa.Boolean(), nullable=True),
    sa.Column('graduation_year', sa.Integer(), nullable=False),
    sa.Column('publications', sa.Integer(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('specialty', CODE, nullable=False),
    sa.Column('backup_specialty', CODE, nullable=True),
    sa.Column('target_regions', sa.JSON(), nullable=False),
    sa.Column('created_at', TIMESTAMP, nullable=False),
    sa.Column('updated_at', TIMESTAMP, nullable=False),
    sa.Column('deleted_at', TIMESTAMP, nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_student'))
    )
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_student_name'), ['name'], unique=False)

    op.create_table('clinical_experience',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('kind', CODE, nullable=False),
    sa.Column('months', sa.Float(), nullable=False),
    sa.Column('specialty', CODE, nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.Column('county', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_clinical_experience_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinical_experience'))
    )
    with op.batch_alter_table('clinical_experience', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinical_experience_student_id'), ['student_id'], unique=False)

    op.create_table('regional_tie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('kind', CODE, nullable=False),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.Column('county', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_regional_tie_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regional_tie'))
    )
    with op.batch_alter_table('regional_tie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regional_tie_student_id'), ['student_id'], unique=False)

    op.create_table('us_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('specialty', CODE, nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.Column('county', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_us_letter_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_us_letter'))
    )
    with op.batch_alter_table('us_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_us_letter_student_id'), ['student_id'], unique=False)



def downgrade():
    with op.batch_alter_table('us_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_us_letter_student_id'))

    op.drop_table('us_letter')
    with op.batch_alter_table('regional_tie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regional_tie_student_id'))

    op.drop_table('regional_tie')
    with op.batch_alter_table('clinical_experience', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinical_experience_student_id'))

    op.drop_table('clinical_experience')
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_name'))

    op.drop_table('student')
    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_program_specialty'))

    op.drop_table('program')
    op.drop_table('catalog_state')
