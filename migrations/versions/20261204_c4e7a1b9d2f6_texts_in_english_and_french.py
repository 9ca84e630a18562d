"""texts in English and French: what organizers type gets an English and a French version

Forum name and description, vote titles and items (with a new context line), theme labels and
action items. The existing text becomes the version in the forum's main language (the first of
its languages).

Revision ID: c4e7a1b9d2f6
Revises: c4e7a2b9d153
Create Date: 2026-12-04 15:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e7a1b9d2f6'
down_revision = 'c4e7a2b9d153'
branch_labels = None
depends_on = None

# table -> (the typed fields and their types, how a row reaches its forum's id)
TEXTS = {
    'forums': ({'name': sa.String(200), 'description': sa.Text()}, 'forums.id'),
    'ballots': ({'title': sa.String(200)}, 'ballots.forum_id'),
    'ballot_items': ({'label': sa.String(300)},
                     '(SELECT b.forum_id FROM ballots b WHERE b.id = ballot_items.ballot_id)'),
    'themes': ({'label': sa.String(200)}, 'themes.forum_id'),
    'action_items': ({'title': sa.String(300), 'description': sa.Text(), 'priority_label': sa.String(200)},
                     'action_items.forum_id'),
}
REQUIRED_FALLBACK = {'name': ", ''", 'title': ", ''", 'label': ", ''"}
FRENCH_FORUM = "(SELECT f.languages FROM forums f WHERE f.id = {forum_id}) LIKE 'fr%'"


def upgrade():
    for table, (fields, forum_id) in TEXTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for field, type_ in fields.items():
                batch_op.alter_column(field, new_column_name=f'{field}_en', existing_type=type_, nullable=True)
                batch_op.add_column(sa.Column(f'{field}_fr', type_, nullable=True))
            if table == 'ballot_items':
                batch_op.add_column(sa.Column('context_en', sa.String(300), nullable=True))
                batch_op.add_column(sa.Column('context_fr', sa.String(300), nullable=True))
        moves = ', '.join(f'{field}_fr = {field}_en, {field}_en = NULL' for field in fields)
        op.execute(f"UPDATE {table} SET {moves} WHERE {FRENCH_FORUM.format(forum_id=forum_id)}")


def downgrade():
    for table, (fields, _forum_id) in TEXTS.items():
        # one column again: the English text, else the French one ('' for the texts that were required)
        keeps = ', '.join(f"{field}_en = COALESCE({field}_en, {field}_fr{REQUIRED_FALLBACK.get(field, '')})"
                          for field in fields)
        op.execute(f"UPDATE {table} SET {keeps}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == 'ballot_items':
                batch_op.drop_column('context_fr')
                batch_op.drop_column('context_en')
            for field, type_ in fields.items():
                batch_op.drop_column(f'{field}_fr')
                batch_op.alter_column(f'{field}_en', new_column_name=field, existing_type=type_,
                                      nullable=field not in REQUIRED_FALLBACK)
