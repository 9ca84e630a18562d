"""report pages kept as rendered for the readers of a shared report or review link, served again while nothing they
are built from has changed

Revision ID: a7c9e1b3d5f2
Revises: a7c3e9d1f5b2
Create Date: 2026-12-07 07:00:00.000000

A cache: a downgrade drops the table, and the pages are rendered again on their next visit.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c9e1b3d5f2'
down_revision = 'a7c3e9d1f5b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('built_at', sa.DateTime(), nullable=False),
    sa.Column('building_key', sa.String(length=64), nullable=True),
    sa.Column('building_since', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_report_pages_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_pages')),
    sa.UniqueConstraint('forum_id', 'page', 'language', name=op.f('uq_report_pages_forum_id_page_language'))
    )


def downgrade():
    op.drop_table('report_pages')
