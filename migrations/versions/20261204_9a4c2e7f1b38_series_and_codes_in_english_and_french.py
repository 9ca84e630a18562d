"""series and codes in English and French: a series' name, a code's label and description become
``<field>_en`` / ``<field>_fr`` like every other text an organizer types

The existing English columns are renamed. A code of a forum held in French first whose French
version is empty had its only text typed in French: it becomes the French version.

Revision ID: 9a4c2e7f1b38
Revises: 7d3e9b2c4a61
Create Date: 2026-12-04 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a4c2e7f1b38'
down_revision = '7d3e9b2c4a61'
branch_labels = None
depends_on = None

# table -> the renamed fields, their types and whether they were required
TEXTS = {
    'series': {'name': (sa.String(200), True)},
    'codebook_codes': {'label': (sa.String(200), True), 'description': (sa.Text(), False)},
}
EMPTY = ", ''"
FRENCH_FORUM = "(SELECT f.languages FROM forums f WHERE f.id = codebook_codes.forum_id) LIKE 'fr%'"


def upgrade():
    for table, fields in TEXTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for field, (type_, _required) in fields.items():
                batch_op.alter_column(field, new_column_name=f'{field}_en', existing_type=type_, nullable=True)
    for field in TEXTS['codebook_codes']:
        op.execute(f"UPDATE codebook_codes SET {field}_fr = {field}_en, {field}_en = NULL "
                   f"WHERE {field}_fr IS NULL AND {FRENCH_FORUM}")


def downgrade():
    for table, fields in TEXTS.items():
        # one column again: the English text, else the French one ('' for the texts that were required)
        keeps = ', '.join(f"{field}_en = COALESCE({field}_en, {field}_fr{EMPTY if required else ''})"
                          for field, (_type, required) in fields.items())
        op.execute(f"UPDATE {table} SET {keeps}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            for field, (type_, required) in fields.items():
                batch_op.alter_column(f'{field}_en', new_column_name=field, existing_type=type_, nullable=not required)
