"""a participant continues on another phone: the one-time codes their first phone shows (device_moves)

Revision ID: b7d2e4f6a8c1
Revises: f3b5d7e9a1c2
Create Date: 2026-12-07 10:20:00.000000

A downgrade drops the codes: a first phone whose forum continued on another one then joins it again as anyone new.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e4f6a8c1'
down_revision = 'f3b5d7e9a1c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('device_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('code_digest', sa.String(length=64), nullable=False),
    sa.Column('from_device_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_device_moves_forum_id_forums'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                            name=op.f('fk_device_moves_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_moves')),
    sa.UniqueConstraint('code_digest', name=op.f('uq_device_moves_code_digest'))
    )
    with op.batch_alter_table('device_moves', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_moves_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_moves_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_moves_from_device_digest'), ['from_device_digest'], unique=False)


def downgrade():
    with op.batch_alter_table('device_moves', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_moves_from_device_digest'))
        batch_op.drop_index(batch_op.f('ix_device_moves_participant_id'))
        batch_op.drop_index(batch_op.f('ix_device_moves_forum_id'))
    op.drop_table('device_moves')
