"""the address a participant (contact page) or a sign-up gave for the report's news and the progress updates is
confirmed by its owner (double opt-in) before any news goes to it

Revision ID: e2a4c6f8b0d3
Revises: d8f2b4c6a1e3
Create Date: 2026-12-07 03:30:00.000000

Addresses that asked for news before this revision were given by the person at the forum, before confirmation was
asked for: they count as confirmed (from when they asked), so that the organizers' news keeps reaching them. A
downgrade drops the column (and with it every confirmation: news then go to every address that asked, as before).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2a4c6f8b0d3'
down_revision = 'd8f2b4c6a1e3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE participants SET email_confirmed_at = COALESCE(news_consent_at, progress_consent_at)"
               " WHERE email IS NOT NULL AND email <> ''"
               " AND (news_consent_at IS NOT NULL OR progress_consent_at IS NOT NULL)")
    op.execute("UPDATE steering_signups SET email_confirmed_at = news_consent_at"
               " WHERE email <> '' AND news_consent_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
