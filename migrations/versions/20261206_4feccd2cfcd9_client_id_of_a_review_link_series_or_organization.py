"""client id of a review link, a series and an organization

"Create a review link", "Create the series" and "Create the organization" tapped twice on a phone each
made two; each form now carries a client id, unique in the link's forum, among the series' owner's
series, and among organizations, as the other add forms do. Rows made before have none: NULLs never
collide in a unique key, on SQLite as on PostgreSQL.

Revision ID: 4feccd2cfcd9
Revises: e3a5c7e9f1b2
Create Date: 2026-12-06 03:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4feccd2cfcd9'
down_revision = 'e3a5c7e9f1b2'
branch_labels = None
depends_on = None

# each table, and the columns its client id is unique with
SCOPES = {'review_links': ['forum_id'], 'series': ['owner_id'], 'organizations': []}


def _constraint(table, scope):
    return f"uq_{table}_{'_'.join(scope + ['client_id'])}"


def upgrade():
    for table, scope in SCOPES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
            batch_op.create_unique_constraint(batch_op.f(_constraint(table, scope)), scope + ['client_id'])


def downgrade():
    for table, scope in SCOPES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(_constraint(table, scope)), type_='unique')
            batch_op.drop_column('client_id')
