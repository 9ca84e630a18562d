"""correction_steps: who made each step, so that each organizer undoes their own

Steps made before have no author: no one's to undo from the board.

Revision ID: a7c9e1f3b5d8
Revises: 39f8a19da4cc
Create Date: 2026-12-06 03:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c9e1f3b5d8'
down_revision = '39f8a19da4cc'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('correction_steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_correction_steps_author_user_id_users'), 'users',
                                    ['author_user_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('correction_steps', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_correction_steps_author_user_id_users'), type_='foreignkey')
        batch_op.drop_column('author_user_id')
