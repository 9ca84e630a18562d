"""client id of an added evaluation question, codebook code or invitation

"Add question" tapped twice on a phone added the question twice, "Add code" added a second code (or
answered "key taken" when a key was typed), and "Invite" sent two e-mails, the first one's link
already replaced; each form now carries a client id, unique in its forum (an invitation's in its
forum, organization or series), as the add forms of rounds, tables, groups and votes do. Rows made
before have none: NULLs never collide in a unique key, on SQLite as on PostgreSQL.

Revision ID: e3a5c7e9f1b2
Revises: d2f4a6c8e0b1
Create Date: 2026-12-06 01:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a5c7e9f1b2'
down_revision = 'd2f4a6c8e0b1'
branch_labels = None
depends_on = None

TABLES = ('evaluation_questions', 'codebook_codes')


INVITATION_TARGETS = ('forum_id', 'organization_id', 'series_id')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_forum_id_client_id'), ['forum_id', 'client_id'])
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
        for target in INVITATION_TARGETS:
            batch_op.create_unique_constraint(batch_op.f(f'uq_invitations_{target}_client_id'), [target, 'client_id'])


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        for target in INVITATION_TARGETS:
            batch_op.drop_constraint(batch_op.f(f'uq_invitations_{target}_client_id'), type_='unique')
        batch_op.drop_column('client_id')
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_forum_id_client_id'), type_='unique')
            batch_op.drop_column('client_id')
