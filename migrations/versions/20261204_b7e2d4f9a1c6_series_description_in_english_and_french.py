"""series description in English and French: ``description_en`` / ``description_fr`` like every other text
an organizer types

The existing column is renamed. A series whose editions are all held in French first had its
description typed in French: it becomes the French version.

Revision ID: b7e2d4f9a1c6
Revises: 5e8d1c3a7b29
Create Date: 2026-12-04 21:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2d4f9a1c6'
down_revision = '5e8d1c3a7b29'
branch_labels = None
depends_on = None

FRENCH_SERIES = ("EXISTS (SELECT 1 FROM forums f WHERE f.series_id = series.id) AND NOT EXISTS "
                 "(SELECT 1 FROM forums f WHERE f.series_id = series.id AND f.languages NOT LIKE 'fr%')")


def upgrade():
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.alter_column('description', new_column_name='description_en', existing_type=sa.Text())
        batch_op.add_column(sa.Column('description_fr', sa.Text(), nullable=True))
    op.execute(f"UPDATE series SET description_fr = description_en, description_en = NULL WHERE {FRENCH_SERIES}")


def downgrade():
    op.execute("UPDATE series SET description_en = COALESCE(description_en, description_fr)")
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.drop_column('description_fr')
        batch_op.alter_column('description_en', new_column_name='description', existing_type=sa.Text())
