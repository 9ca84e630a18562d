"""the forum's close: the day it was pressed on (where the forum was then) and its number; "Not yet" said to the
dashboard's guess that the forum is over

Revision ID: c5e1d7a3f9b4
Revises: a7be6a06b07b
Create Date: 2026-12-07 02:30:00.000000

Forums closed before this revision have no day kept (``room_closed_on`` NULL): their close's day is read from its
moment in the forum's time zone, as before, and their close is number 0. A downgrade drops the three columns; the
forums keep their ``room_closed_at``.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e1d7a3f9b4'
down_revision = 'a7be6a06b07b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('room_closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('room_close_number', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('room_not_over_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('room_not_over_at')
        batch_op.drop_column('room_close_number')
        batch_op.drop_column('room_closed_on')
