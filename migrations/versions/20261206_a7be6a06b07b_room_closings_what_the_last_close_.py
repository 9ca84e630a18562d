"""room closings: what the last "The forum is over: close everything" closed, for "Reopen what this closed"

Revision ID: a7be6a06b07b
Revises: b8d0f2a4c6e9
Create Date: 2026-12-06 23:04:09.618403

Forums closed before the table came have no record: their close has nothing to reopen (the undo still clears the
mark on the day it was made). A downgrade drops the records; the forums keep their room_closed_at.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7be6a06b07b'
down_revision = 'b8d0f2a4c6e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('room_closings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('ballot_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_room_closings_ballot_id_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_room_closings_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_room_closings_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_closings'))
    )
    with op.batch_alter_table('room_closings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_closings_ballot_id'), ['ballot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_closings_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_closings_round_id'), ['round_id'], unique=False)


def downgrade():
    with op.batch_alter_table('room_closings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_closings_round_id'))
        batch_op.drop_index(batch_op.f('ix_room_closings_forum_id'))
        batch_op.drop_index(batch_op.f('ix_room_closings_ballot_id'))

    op.drop_table('room_closings')
