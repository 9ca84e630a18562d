"""session tokens: a per-account token in every login's id, replaced to end all its sessions

Revision ID: 3f2a9c1d7b40
Revises: 0f172bd57cf0
Create Date: 2026-12-04 12:45:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f2a9c1d7b40'
down_revision = '0f172bd57cf0'
branch_labels = None
depends_on = None


def upgrade():
    # Added as a nullable column with a unique index: making it NOT NULL or adding a constraint
    # would rebuild the users table on SQLite, and dropping it would cascade to every forum.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))

    users = sa.table('users', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id)
                           .values(session_token=secrets.token_urlsafe(32)))
    op.create_index(op.f('ix_users_session_token'), 'users', ['session_token'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_users_session_token'), table_name='users')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_token')
