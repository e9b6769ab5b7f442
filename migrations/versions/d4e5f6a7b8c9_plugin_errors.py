"""Plugin failures in the database, so every server worker shows them to admins.

Revision ID: d4e5f6a7b8c9
Revises: a9b8c7d6e5f4
Create Date: 2026-12-03 17:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e5f6a7b8c9'
down_revision = 'a9b8c7d6e5f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plugin_error',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plugin', sa.String(length=100), nullable=False),
    sa.Column('hook', sa.String(length=100), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plugin_error'))
    )
    with op.batch_alter_table('plugin_error', schema=None) as batch_op:
        batch_op.create_index('ix_plugin_error_plugin_id', ['plugin', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('plugin_error', schema=None) as batch_op:
        batch_op.drop_index('ix_plugin_error_plugin_id')
    op.drop_table('plugin_error')
