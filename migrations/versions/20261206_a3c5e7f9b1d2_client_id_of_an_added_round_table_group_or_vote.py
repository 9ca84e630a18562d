"""client id of an added round, table, stakeholder group or vote

"Add table" tapped twice on a phone answered 409 (the number was taken by the first tap), and "Add"
of a round or group, or "Create the vote", made two; each of these forms now carries a client id,
unique in its forum. Rows made before have none: NULLs never collide in a unique key, on SQLite as
on PostgreSQL.

Revision ID: a3c5e7f9b1d2
Revises: e7b3d9f1a2c5
Create Date: 2026-12-06 00:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c5e7f9b1d2'
down_revision = 'e7b3d9f1a2c5'
branch_labels = None
depends_on = None

TABLES = ('rounds', 'tables', 'stakeholder_groups', 'ballots')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_forum_id_client_id'), ['forum_id', 'client_id'])


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_forum_id_client_id'), type_='unique')
            batch_op.drop_column('client_id')
