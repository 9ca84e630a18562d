"""committee links, proposals and item history: the steering committee acts itself

Revision ID: a00ded194677
Revises: 8e2d4a7c1f05
Create Date: 2026-12-04 13:33:50.775688

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a00ded194677'
down_revision = '8e2d4a7c1f05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_item_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('author_user_id', sa.Integer(), nullable=True),
    sa.Column('author_signup_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_item_id'], ['action_items.id'], name=op.f('fk_action_item_changes_action_item_id_action_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_signup_id'], ['steering_signups.id'], name=op.f('fk_action_item_changes_author_signup_id_steering_signups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_user_id'], ['users.id'], name=op.f('fk_action_item_changes_author_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_item_changes'))
    )
    with op.batch_alter_table('action_item_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_item_changes_action_item_id'), ['action_item_id'], unique=False)

    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposal', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('proposed_by_signup_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_action_items_proposed_by_signup_id_steering_signups'), 'steering_signups', ['proposed_by_signup_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_signup_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_follow_ups_author_signup_id_steering_signups'), 'steering_signups', ['author_signup_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee_link_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('committee_link_revoked_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.drop_column('committee_link_revoked_at')
        batch_op.drop_column('committee_link_version')

    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_follow_ups_author_signup_id_steering_signups'), type_='foreignkey')
        batch_op.drop_column('author_signup_id')

    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_items_proposed_by_signup_id_steering_signups'), type_='foreignkey')
        batch_op.drop_column('proposed_by_signup_id')
        batch_op.drop_column('proposal')

    with op.batch_alter_table('action_item_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_item_changes_action_item_id'))

    op.drop_table('action_item_changes')
