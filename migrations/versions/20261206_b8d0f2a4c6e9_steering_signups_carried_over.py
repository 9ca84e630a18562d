"""steering_signups: whether a member was carried over from the previous edition, kept when last year's sign-up goes

Revision ID: b8d0f2a4c6e9
Revises: 566051169570
Create Date: 2026-12-06 23:20:00.000000

Members carried over before the column came are those still linked to last year's sign-up
(carried_from_signup_id); one whose sign-up was deleted since lost that link, and reads as signed up this year.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d0f2a4c6e9'
down_revision = '566051169570'
branch_labels = None
depends_on = None


# Should SQLite rebuild the table, it keeps AUTOINCREMENT (39f8a19da4cc).
KEEP_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('steering_signups', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('carried_over', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE steering_signups SET carried_over = true WHERE carried_from_signup_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column('carried_over')
