"""round titles and questions in English and French: ``title_en`` / ``title_fr`` and ``question_en`` /
``question_fr`` like every other text an organizer types

The existing English columns are renamed. A round of a forum held in French first whose French
version is empty had its only text typed in French: it becomes the French version.

Revision ID: e9c4b1d7a3f2
Revises: d3a8f5c2e7b4
Create Date: 2026-12-04 21:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e9c4b1d7a3f2'
down_revision = 'd3a8f5c2e7b4'
branch_labels = None
depends_on = None

# field -> (type, whether it was required)
FIELDS = {'title': (sa.String(200), True), 'question': (sa.Text(), False)}
FRENCH_FORUM = "(SELECT f.languages FROM forums f WHERE f.id = rounds.forum_id) LIKE 'fr%'"


def upgrade():
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        for field, (type_, _required) in FIELDS.items():
            batch_op.alter_column(field, new_column_name=f'{field}_en', existing_type=type_, nullable=True)
    for field in FIELDS:
        op.execute(f"UPDATE rounds SET {field}_fr = {field}_en, {field}_en = NULL "
                   f"WHERE {field}_fr IS NULL AND {FRENCH_FORUM}")


def downgrade():
    # one column again: the English text, else the French one ('' for the title, which was required)
    op.execute("UPDATE rounds SET title_en = COALESCE(title_en, title_fr, ''), "
               "question_en = COALESCE(question_en, question_fr)")
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        for field, (type_, required) in FIELDS.items():
            batch_op.alter_column(f'{field}_en', new_column_name=field, existing_type=type_, nullable=not required)
