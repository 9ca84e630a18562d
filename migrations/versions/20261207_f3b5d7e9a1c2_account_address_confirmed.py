"""an account made on the sign-up page proves its address (the link mailed to it) before it counts as that address's;
a login logged out on one device ends there only (ended_logins), the account's other logins go on

Revision ID: f3b5d7e9a1c2
Revises: f3b5d7e9a1c4
Create Date: 2026-12-07 09:30:00.000000

Accounts made before this revision count as confirmed (from when they were made): their owners used them before
confirmation was asked for. A downgrade drops both: every account then counts as its address's again, and a login
logged out on one device alone loads again until it runs out.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3b5d7e9a1c2'
down_revision = 'f3b5d7e9a1c4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE users SET email_confirmed_at = created_at")
    op.create_table('ended_logins',
    sa.Column('login_digest', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('runs_out_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ended_logins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('login_digest', name=op.f('pk_ended_logins'))
    )
    with op.batch_alter_table('ended_logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ended_logins_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ended_logins_runs_out_at'), ['runs_out_at'], unique=False)


def downgrade():
    with op.batch_alter_table('ended_logins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ended_logins_runs_out_at'))
        batch_op.drop_index(batch_op.f('ix_ended_logins_user_id'))
    op.drop_table('ended_logins')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
