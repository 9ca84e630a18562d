"""public progress page: its signed link's version and whether it is shared; owners' consent to be named

Revision ID: 0f172bd57cf0
Revises: a00ded194677
Create Date: 2026-12-04 13:50:33.309046

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0f172bd57cf0'
down_revision = 'a00ded194677'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress_link_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('progress_shared', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('named_publicly', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.drop_column('named_publicly')

    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('progress_shared')
        batch_op.drop_column('progress_link_version')
