"""tables: a short code a facilitator can type instead of scanning the capture link's QR code

Revision ID: c4e7a2b9d153
Revises: 991d969d88e6
Create Date: 2026-12-04 15:40:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e7a2b9d153'
down_revision = '991d969d88e6'
branch_labels = None
depends_on = None

# A frozen copy of the app's alphabet and length (migrations do not import app code).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 7


def upgrade():
    with op.batch_alter_table('tables', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capture_code', sa.String(length=12), nullable=True))

    connection = op.get_bind()
    taken = set()
    for (table_id,) in connection.execute(sa.text("SELECT id FROM tables ORDER BY id")).all():
        code = None
        while code is None or code in taken:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        taken.add(code)
        connection.execute(sa.text("UPDATE tables SET capture_code = :code WHERE id = :id"),
                           {"code": code, "id": table_id})

    with op.batch_alter_table('tables', schema=None) as batch_op:
        batch_op.alter_column('capture_code', existing_type=sa.String(length=12), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_tables_capture_code'), ['capture_code'])


def downgrade():
    with op.batch_alter_table('tables', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_tables_capture_code'), type_='unique')
        batch_op.drop_column('capture_code')
