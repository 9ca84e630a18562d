"""report texts per language: each report language has its own executive summary and way forward

Revision ID: 8e2d4a7c1f05
Revises: 3b1f6c2a9d40
Create Date: 2026-12-04 13:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e2d4a7c1f05'
down_revision = '3b1f6c2a9d40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('executive_summary', sa.Text(), nullable=True),
    sa.Column('way_forward', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_report_texts_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_texts')),
    sa.UniqueConstraint('forum_id', 'language', name=op.f('uq_report_texts_forum_id_language'))
    )
    # The one pair of texts a draft had was written in the draft's language.
    op.execute("INSERT INTO report_texts (forum_id, language, executive_summary, way_forward, created_at, updated_at) "
               "SELECT forum_id, language, executive_summary, way_forward, created_at, updated_at FROM report_drafts "
               "WHERE executive_summary IS NOT NULL OR way_forward IS NOT NULL")
    with op.batch_alter_table('report_drafts', schema=None) as batch_op:
        batch_op.drop_column('way_forward')
        batch_op.drop_column('executive_summary')


def downgrade():
    with op.batch_alter_table('report_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('executive_summary', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('way_forward', sa.Text(), nullable=True))
    op.execute("UPDATE report_drafts SET executive_summary = (SELECT t.executive_summary FROM report_texts t "
               "WHERE t.forum_id = report_drafts.forum_id AND t.language = report_drafts.language), "
               "way_forward = (SELECT t.way_forward FROM report_texts t "
               "WHERE t.forum_id = report_drafts.forum_id AND t.language = report_drafts.language)")
    op.drop_table('report_texts')
