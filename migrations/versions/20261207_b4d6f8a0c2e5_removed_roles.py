"""a role someone was removed from is remembered, so that opening its forum, organization or series again says their
role was removed (403) rather than that the page does not exist (404)

Revision ID: b4d6f8a0c2e5
Revises: e2a4c6f8b0d3
Create Date: 2026-12-07 06:10:00.000000

Roles removed before this revision were not recorded: those people still get the 404 of a stranger. A downgrade drops
the table (and with it the difference).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d6f8a0c2e5'
down_revision = 'e2a4c6f8b0d3'
branch_labels = None
depends_on = None

ONE_TARGET = ("(CASE WHEN forum_id IS NULL THEN 0 ELSE 1 END + CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END"
              " + CASE WHEN series_id IS NULL THEN 0 ELSE 1 END) = 1")


def upgrade():
    op.create_table('removed_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('removed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint(ONE_TARGET, name=op.f('ck_removed_roles_one_target')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_removed_roles_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_removed_roles_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], name=op.f('fk_removed_roles_series_id_series'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_removed_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_removed_roles')),
    sa.UniqueConstraint('user_id', 'forum_id', name=op.f('uq_removed_roles_user_id_forum_id')),
    sa.UniqueConstraint('user_id', 'organization_id', name=op.f('uq_removed_roles_user_id_organization_id')),
    sa.UniqueConstraint('user_id', 'series_id', name=op.f('uq_removed_roles_user_id_series_id'))
    )
    with op.batch_alter_table('removed_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_removed_roles_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_removed_roles_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_removed_roles_series_id'), ['series_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_removed_roles_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('removed_roles')
