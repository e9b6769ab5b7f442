"""Trust, second round (data): outcome season locks.

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


def downgrade():
    op.drop_table('outcome_season')
