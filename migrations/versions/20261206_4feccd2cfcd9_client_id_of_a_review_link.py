"""client id of a review link

"Create a review link" tapped twice on a phone made two links for the same group; the form now carries
a client id, unique in its forum, as the other add forms do. Links made before have none: NULLs never
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


def upgrade():
    with op.batch_alter_table('review_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_review_links_forum_id_client_id'), ['forum_id', 'client_id'])


def downgrade():
    with op.batch_alter_table('review_links', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_review_links_forum_id_client_id'), type_='unique')
        batch_op.drop_column('client_id')
