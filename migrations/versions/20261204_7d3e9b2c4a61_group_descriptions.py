"""group descriptions: who a stakeholder group is, in English and French, for the analysis

Revision ID: 7d3e9b2c4a61
Revises: 7d3f9b2c6e41
Create Date: 2026-12-04 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d3e9b2c4a61'
down_revision = '7d3f9b2c6e41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stakeholder_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description_en', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('description_fr', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('stakeholder_groups', schema=None) as batch_op:
        batch_op.drop_column('description_fr')
        batch_op.drop_column('description_en')
