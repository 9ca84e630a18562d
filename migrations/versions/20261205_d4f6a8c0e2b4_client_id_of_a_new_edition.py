"""client id of a new edition

"Create the new edition" sent twice (a double click, Back and send) made two forums, each carrying
last year's open action items; the form now carries a client id, unique among its owner's forums.
Forums made before have none: NULLs never collide in a unique key, on SQLite as on PostgreSQL.

Revision ID: d4f6a8c0e2b4
Revises: 01b1ad98a3f6
Create Date: 2026-12-05 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4f6a8c0e2b4'
down_revision = '01b1ad98a3f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_forums_owner_id_client_id'), ['owner_id', 'client_id'])


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_forums_owner_id_client_id'), type_='unique')
        batch_op.drop_column('client_id')
