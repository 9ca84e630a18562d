"""series viewers: a membership or an invitation may be a series' (read its comparison, not its forums)

A network or funder could only see a series they created. Memberships and invitations now have a
third target, a series: exactly one of forum_id, organization_id and series_id is set. Existing
rows all have one of the first two and stay as they are. Going down, the series' viewers and their
invitations are deleted (the older schema has no place for them).

Revision ID: d5f2a8c4e1b7
Revises: d4f6a8c0e2b4
Create Date: 2026-12-05 20:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5f2a8c4e1b7'
down_revision = 'd4f6a8c0e2b4'
branch_labels = None
depends_on = None

TWO_TARGETS = "(forum_id IS NULL) <> (organization_id IS NULL)"
THREE_TARGETS = ("(CASE WHEN forum_id IS NULL THEN 0 ELSE 1 END + CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END"
                 " + CASE WHEN series_id IS NULL THEN 0 ELSE 1 END) = 1")


def upgrade():
    for table in ('memberships', 'invitations'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_series_id'), ['series_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_series_id_series'), 'series', ['series_id'], ['id'],
                                        ondelete='CASCADE')
            batch_op.drop_constraint(batch_op.f(f'ck_{table}_one_target'), type_='check')
            batch_op.create_check_constraint(batch_op.f(f'ck_{table}_one_target'), THREE_TARGETS)
            if table == 'memberships':
                batch_op.create_unique_constraint(batch_op.f('uq_memberships_user_id_series_id'),
                                                  ['user_id', 'series_id'])


def downgrade():
    for table in ('invitations', 'memberships'):
        op.execute(f"DELETE FROM {table} WHERE series_id IS NOT NULL")
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == 'memberships':
                batch_op.drop_constraint(batch_op.f('uq_memberships_user_id_series_id'), type_='unique')
            batch_op.drop_constraint(batch_op.f(f'ck_{table}_one_target'), type_='check')
            batch_op.create_check_constraint(batch_op.f(f'ck_{table}_one_target'), TWO_TARGETS)
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_series_id_series'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_series_id'))
            batch_op.drop_column('series_id')
