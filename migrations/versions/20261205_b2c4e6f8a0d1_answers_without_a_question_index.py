"""answers without an index on their question

Every phone's evaluation wrote one entry per answer into the index on answers.question_id, each
on another page of it (the entries are ordered by question): a third of the pages an evaluation
writes inside the write lock. The organizer's answer counts now find a question's answers
through the forum's responses. Deleting a question (only an unanswered one can be, or a whole
forum's) now looks through the answers table for its answers: rare, and done by an organizer.

Revision ID: b2c4e6f8a0d1
Revises: a7d3e9c1b5f8
Create Date: 2026-12-05 05:35:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b2c4e6f8a0d1'
down_revision = 'a7d3e9c1b5f8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_question_id')


def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_question_id', ['question_id'], unique=False)
