"""fewer indexes written on each evaluation answer

A phone's evaluation writes one response and its answers; each index is one more page read and
written inside the write lock that every phone waits for. The indexes on forum_id alone
(evaluation_responses) and on response_id alone (answers) repeat the first column of a unique
key; the unique key on an imported response's external id and the index on a session rating's
round now hold only the rows that have one, so a participant's forum evaluation writes neither.

Revision ID: a7d3e9c1b5f8
Revises: f4b8d2a6c1e9
Create Date: 2026-12-05 02:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3e9c1b5f8'
down_revision = 'f4b8d2a6c1e9'
branch_labels = None
depends_on = None

HAS_EXTERNAL_ID = sa.text('external_id IS NOT NULL')
HAS_ROUND = sa.text('round_id IS NOT NULL')


def upgrade():
    with op.batch_alter_table('evaluation_responses', schema=None) as batch_op:
        batch_op.drop_constraint('uq_evaluation_responses_forum_id_external_id', type_='unique')
        batch_op.drop_index('ix_evaluation_responses_forum_id')
        batch_op.drop_index('ix_evaluation_responses_round_id')
    op.create_index('uq_evaluation_responses_forum_id_external_id', 'evaluation_responses',
                    ['forum_id', 'external_id'], unique=True,
                    sqlite_where=HAS_EXTERNAL_ID, postgresql_where=HAS_EXTERNAL_ID)
    op.create_index('ix_evaluation_responses_round_id', 'evaluation_responses', ['round_id'], unique=False,
                    sqlite_where=HAS_ROUND, postgresql_where=HAS_ROUND)
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_response_id')


def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_response_id', ['response_id'], unique=False)
    op.drop_index('ix_evaluation_responses_round_id', table_name='evaluation_responses')
    op.drop_index('uq_evaluation_responses_forum_id_external_id', table_name='evaluation_responses')
    with op.batch_alter_table('evaluation_responses', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_evaluation_responses_forum_id_external_id', ['forum_id', 'external_id'])
        batch_op.create_index('ix_evaluation_responses_round_id', ['round_id'], unique=False)
        batch_op.create_index('ix_evaluation_responses_forum_id', ['forum_id'], unique=False)
