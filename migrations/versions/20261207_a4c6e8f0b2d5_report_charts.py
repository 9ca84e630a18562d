"""a forum's report charts kept as drawn, read by every worker instead of drawn again (report_charts)

Revision ID: a4c6e8f0b2d5
Revises: b7d2e4f6a8c1
Create Date: 2026-12-07 13:30:00.000000

A downgrade drops the kept charts: the next report draws them again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c6e8f0b2d5'
down_revision = 'b7d2e4f6a8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_charts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('png', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_report_charts_forum_id_forums'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_charts')),
    sa.UniqueConstraint('forum_id', 'digest', name=op.f('uq_report_charts_forum_id_digest'))
    )


def downgrade():
    op.drop_table('report_charts')
