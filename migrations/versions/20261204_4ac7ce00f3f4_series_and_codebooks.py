"""series and codebooks: forums in a series, a codebook per forum, action items carried over from the previous edition

Revision ID: 4ac7ce00f3f4
Revises: c4e7a1b9d2f6
Create Date: 2026-12-04 15:23:50.597583

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4ac7ce00f3f4'
down_revision = 'c4e7a1b9d2f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_fr', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_series_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series'))
    )
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_series_owner_id'), ['owner_id'], unique=False)

    op.create_table('codebook_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('label_fr', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('description_fr', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('source_forum_id', sa.Integer(), nullable=True),
    sa.Column('source_theme_key', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_codebook_codes_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_forum_id'], ['forums.id'], name=op.f('fk_codebook_codes_source_forum_id_forums'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codebook_codes')),
    sa.UniqueConstraint('forum_id', 'key', name=op.f('uq_codebook_codes_forum_id_key'))
    )
    with op.batch_alter_table('codebook_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codebook_codes_forum_id'), ['forum_id'], unique=False)

    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_from_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_action_items_carried_from_id'), ['carried_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_action_items_carried_from_id_action_items'), 'action_items', ['carried_from_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('previous_forum_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_forums_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_forums_series_id_series'), 'series', ['series_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_forums_previous_forum_id_forums'), 'forums', ['previous_forum_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_forums_previous_forum_id_forums'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_forums_series_id_series'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_forums_series_id'))
        batch_op.drop_column('previous_forum_id')
        batch_op.drop_column('series_id')

    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_items_carried_from_id_action_items'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_action_items_carried_from_id'))
        batch_op.drop_column('carried_from_id')

    with op.batch_alter_table('codebook_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_codebook_codes_forum_id'))

    op.drop_table('codebook_codes')
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_series_owner_id'))

    op.drop_table('series')
