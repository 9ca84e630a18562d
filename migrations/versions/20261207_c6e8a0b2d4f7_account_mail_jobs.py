"""jobs: an account's mail (the sign-up page's, the link to confirm its address) is a job of its own, belonging to the
account (user_id) rather than to a forum

Revision ID: c6e8a0b2d4f7
Revises: a4c6e8f0b2d5
Create Date: 2026-12-07 17:00:00.000000

A downgrade deletes the accounts' mail jobs (they belong to no forum, which the column then requires).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6e8a0b2d4f7'
down_revision = 'a4c6e8f0b2d5'
branch_labels = None
depends_on = None


# SQLite rebuilds the table to change a column: it keeps AUTOINCREMENT (39f8a19da4cc).
KEEP_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('jobs', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.alter_column('forum_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_jobs_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_jobs_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    op.execute("DELETE FROM jobs WHERE forum_id IS NULL")
    with op.batch_alter_table('jobs', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_jobs_user_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_jobs_user_id'))
        batch_op.alter_column('forum_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('user_id')
