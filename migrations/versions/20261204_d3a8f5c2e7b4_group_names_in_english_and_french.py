"""stakeholder group names in English and French: ``name_en`` / ``name_fr`` like every other text an
organizer types

The existing English column is renamed. A group of a forum held in French first whose French name is
empty had its only name typed in French: it becomes the French name.

Revision ID: d3a8f5c2e7b4
Revises: b7e2d4f9a1c6
Create Date: 2026-12-04 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a8f5c2e7b4'
down_revision = 'b7e2d4f9a1c6'
branch_labels = None
depends_on = None

FRENCH_FORUM = "(SELECT f.languages FROM forums f WHERE f.id = stakeholder_groups.forum_id) LIKE 'fr%'"


def upgrade():
    with op.batch_alter_table('stakeholder_groups', schema=None) as batch_op:
        batch_op.alter_column('name', new_column_name='name_en', existing_type=sa.String(120), nullable=True)
    op.execute(f"UPDATE stakeholder_groups SET name_fr = name_en, name_en = NULL WHERE name_fr IS NULL AND {FRENCH_FORUM}")


def downgrade():
    op.execute("UPDATE stakeholder_groups SET name_en = COALESCE(name_en, name_fr, '')")
    with op.batch_alter_table('stakeholder_groups', schema=None) as batch_op:
        batch_op.alter_column('name_en', new_column_name='name', existing_type=sa.String(120), nullable=False)
