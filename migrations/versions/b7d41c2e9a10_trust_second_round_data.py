"""Trust, second round (data): outcome season locks; import jobs of every kind, one at a time;
the share-link throttle and counted audit entries; the retention period and de-identified
outcomes.

Revision ID: b7d41c2e9a10
Revises: 586f58824940
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d41c2e9a10'
down_revision = '586f58824940'
branch_labels = None
depends_on = None


def upgrade():
    # One lock row per student and season; saves and imports update it before they compare
    # and write. Rows of seasons already recorded are made here; missing ones are made on use.
    op.create_table('outcome_season',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('season', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_outcome_season_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('student_id', 'season', name=op.f('pk_outcome_season'))
    )
    op.execute("INSERT INTO outcome_season (student_id, season, version) "
               "SELECT DISTINCT student_id, season, 0 FROM outcome")

    # Import jobs: what they import, the one active job, and which process runs it. Jobs
    # already stored are catalog uploads; unfinished ones have no runner, so the first start
    # marks them failed and drops their file.
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=40), nullable=False,
                                      server_default='catalog'))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('runner', sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_import_job_active'), ['active'])

    # Share links count their views per minute; audit entries count repeated events.
    with op.batch_alter_table('share_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('window_started_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('window_views', sa.Integer(), nullable=False,
                                      server_default='0'))

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('count', sa.Integer(), nullable=False, server_default='1'))

    # How long student profiles are kept; a de-identified outcome has no student.
    with op.batch_alter_table('office_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('keep_seasons', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('retention_action', sa.String(length=40), nullable=False,
                                      server_default='deidentify'))

    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.alter_column('student_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # De-identified outcomes have no student to go back to.
    op.execute("DELETE FROM outcome WHERE student_id IS NULL")
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.alter_column('student_id', existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table('office_settings', schema=None) as batch_op:
        batch_op.drop_column('retention_action')
        batch_op.drop_column('keep_seasons')

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('count')

    with op.batch_alter_table('share_link', schema=None) as batch_op:
        batch_op.drop_column('window_views')
        batch_op.drop_column('window_started_at')

    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_import_job_active'), type_='unique')
        batch_op.drop_column('runner')
        batch_op.drop_column('active')
        batch_op.drop_column('kind')

    op.drop_table('outcome_season')
