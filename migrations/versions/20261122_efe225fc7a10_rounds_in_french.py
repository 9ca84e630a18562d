"""rounds in French: a French title and question for each round

Revision ID: efe225fc7a10
Revises: 6cabfb76ee92
Create Date: 2026-11-22 07:37:18.521901

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'efe225fc7a10'
down_revision = '6cabfb76ee92'
branch_labels = None
depends_on = None

# The default rounds as forums were created with them (forum/services/defaults.py at this revision):
# key, English title, French title, English question, French question. Rounds still titled and
# worded as created get the French wording; rounds the organizer changed are left alone.
DEFAULT_ROUNDS = (
    ("best_practices", "Best practices", "Pratiques exemplaires",
     "What works? Share best practices you have seen or used.",
     "Qu'est-ce qui fonctionne ? Partagez les pratiques exemplaires que vous avez vues ou utilisées."),
    ("challenges", "Challenges", "Défis",
     "What gets in the way? Name the challenges and barriers.",
     "Qu'est-ce qui fait obstacle ? Nommez les défis et les barrières."),
    ("collaboration", "Collaboration ideas", "Idées de collaboration",
     "How could we work together to do better?",
     "Comment pourrions-nous travailler ensemble pour faire mieux ?"),
    ("priorities", "Priorities", "Priorités",
     "What should we do first?",
     "Par quoi devrions-nous commencer ?"),
)


def upgrade():
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_fr', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('question_fr', sa.Text(), nullable=True))

    rounds = sa.table('rounds', sa.column('key', sa.String), sa.column('title', sa.String),
                      sa.column('title_fr', sa.String), sa.column('question', sa.Text),
                      sa.column('question_fr', sa.Text))
    for key, title, title_fr, question, question_fr in DEFAULT_ROUNDS:
        op.execute(rounds.update().where(rounds.c.key == key, rounds.c.title == title).values(title_fr=title_fr))
        op.execute(rounds.update().where(rounds.c.key == key, rounds.c.question == question)
                   .values(question_fr=question_fr))


def downgrade():
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_column('question_fr')
        batch_op.drop_column('title_fr')
