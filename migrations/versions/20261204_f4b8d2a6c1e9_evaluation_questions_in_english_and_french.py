"""evaluation questions in English and French: ``prompt_en`` / ``prompt_fr`` like every other text an
organizer types, and each choice's label a pair (``{"value": …, "label": {"en": …, "fr": …}}``)

The existing English column is renamed. A question of a forum held in French first whose French
version is empty had its only text typed in French: it becomes the French version; so does the label
of such a question's choice that has no French label.

Revision ID: f4b8d2a6c1e9
Revises: e9c4b1d7a3f2
Create Date: 2026-12-04 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4b8d2a6c1e9'
down_revision = 'e9c4b1d7a3f2'
branch_labels = None
depends_on = None

FRENCH_FORUM = "(SELECT f.languages FROM forums f WHERE f.id = evaluation_questions.forum_id) LIKE 'fr%'"
QUESTIONS = sa.table('evaluation_questions', sa.column('id', sa.Integer), sa.column('forum_id', sa.Integer),
                     sa.column('choices', sa.JSON))
FORUMS = sa.table('forums', sa.column('id', sa.Integer), sa.column('languages', sa.String))


def _rewrite_choices(rewrite) -> None:
    """Each question's choices through ``rewrite(choice, in_french_first_forum)``."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(QUESTIONS.c.id, QUESTIONS.c.choices, FORUMS.c.languages)
        .join(FORUMS, FORUMS.c.id == QUESTIONS.c.forum_id).where(QUESTIONS.c.choices.is_not(None))).all()
    for question_id, choices, languages in rows:
        if not choices:  # a JSON null
            continue
        french_first = (languages or '').startswith('fr')
        connection.execute(QUESTIONS.update().where(QUESTIONS.c.id == question_id).values(
            choices=[rewrite(choice, french_first) for choice in choices]))


def _translated_label(choice: dict, french_first: bool) -> dict:
    english, french = choice.get('label') or None, choice.get('label_fr') or None
    if french_first and french is None:
        english, french = None, english
    return {'value': choice['value'], 'label': {'en': english, 'fr': french}}


def _older_label(choice: dict, _french_first: bool) -> dict:
    label = choice.get('label') or {}
    english, french = label.get('en'), label.get('fr')
    return {'value': choice['value'], 'label': english or french or '', 'label_fr': french}


def upgrade():
    with op.batch_alter_table('evaluation_questions', schema=None) as batch_op:
        batch_op.alter_column('prompt', new_column_name='prompt_en', existing_type=sa.Text(), nullable=True)
    op.execute(f"UPDATE evaluation_questions SET prompt_fr = prompt_en, prompt_en = NULL "
               f"WHERE prompt_fr IS NULL AND {FRENCH_FORUM}")
    _rewrite_choices(_translated_label)


def downgrade():
    # one column again: the English text, else the French one ('' when neither, as the prompt was required)
    _rewrite_choices(_older_label)
    op.execute("UPDATE evaluation_questions SET prompt_en = COALESCE(prompt_en, prompt_fr, '')")
    with op.batch_alter_table('evaluation_questions', schema=None) as batch_op:
        batch_op.alter_column('prompt_en', new_column_name='prompt', existing_type=sa.Text(), nullable=False)
