"""correction steps: each correction of a run's themes, with what it changed, to undo the last ones

Revision ID: 5c8e1a7d2b93
Revises: 4ac7ce00f3f4
Create Date: 2026-12-04 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c8e1a7d2b93'
down_revision = '4ac7ce00f3f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('correction_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['analysis_runs.id'], name=op.f('fk_correction_steps_run_id_analysis_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction_steps'))
    )
    with op.batch_alter_table('correction_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_steps_run_id'), ['run_id'], unique=False)


def downgrade():
    with op.batch_alter_table('correction_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_steps_run_id'))

    op.drop_table('correction_steps')
