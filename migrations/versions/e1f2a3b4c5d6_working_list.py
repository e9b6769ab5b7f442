"""The working list: each student's pins, exclusions, notes and application statuses per
season, and the per-season row whose version guards edits.

Revision ID: e1f2a3b4c5d6
Revises: f7a8b9c0d1e2
Create Date: 2026-12-03 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1f2a3b4c5d6'
down_revision = 'f7a8b9c0d1e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('working_list',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('season', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_working_list_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('student_id', 'season', name=op.f('pk_working_list'))
    )
    op.create_table('list_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('season', sa.Integer(), nullable=False),
    sa.Column('acgme_id', sa.String(length=32), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('excluded', sa.Boolean(), nullable=False),
    sa.Column('exclude_reason', sa.String(length=300), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('applied', 'invited', 'not_invited', 'interviewed', 'ranked', 'matched', 'withdrawn', 'declined', name='applicationstatus', native_enum=False, create_constraint=False, length=40), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("NOT excluded OR exclude_reason <> ''", name=op.f('ck_list_entry_excluded_needs_reason')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_list_entry_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list_entry')),
    sa.UniqueConstraint('student_id', 'season', 'acgme_id', name=op.f('uq_list_entry_student_id'))
    )
    with op.batch_alter_table('list_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_list_entry_student_id'), ['student_id'], unique=False)


def downgrade():
    with op.batch_alter_table('list_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_list_entry_student_id'))
    op.drop_table('list_entry')
    op.drop_table('working_list')
