"""jobs: background analysis runs and report builds with their progress, result and cost

Revision ID: 3b1f0c2d9a47
Revises: 3f2a9c1d7b40
Create Date: 2026-12-04 13:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3b1f0c2d9a47'
down_revision = '3f2a9c1d7b40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('stage', sa.String(length=40), nullable=True),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('parameters', sa.JSON(), nullable=True),
        sa.Column('run_id', sa.Integer(), nullable=True),
        sa.Column('failure', sa.String(length=20), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('result', sa.LargeBinary(), nullable=True),
        sa.Column('result_name', sa.String(length=200), nullable=True),
        sa.Column('result_type', sa.String(length=100), nullable=True),
        sa.Column('peak_memory_mb', sa.Float(), nullable=True),
        sa.Column('seconds', sa.Float(), nullable=True),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_jobs_forum_id_forums'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['run_id'], ['analysis_runs.id'], name=op.f('fk_jobs_run_id_analysis_runs'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_forum_id'), ['forum_id'], unique=False)


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_forum_id'))
    op.drop_table('jobs')
