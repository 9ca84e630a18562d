"""mail: reminders, digests and news, unsubscriptions, committee link expiry

Revision ID: 991d969d88e6
Revises: fca243f315f5
Create Date: 2026-12-04 15:24:12.188050

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '991d969d88e6'
down_revision = "fca243f315f5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('topic', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_mail_opt_outs_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_opt_outs')),
    sa.UniqueConstraint('forum_id', 'email', 'topic', name=op.f('uq_mail_opt_outs_forum_id_email_topic'))
    )
    op.create_table('sent_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=12), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_sent_mails_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_mails')),
    sa.UniqueConstraint('forum_id', 'topic', 'period', 'email', name=op.f('uq_sent_mails_forum_id_topic_period_email'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('news_consent_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee_link_expires_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('news_consent_at', sa.DateTime(), nullable=True))

    # A sign-up's mail is in the language of the phone it came from.
    op.execute("UPDATE steering_signups SET language = (SELECT participants.language FROM participants "
               "WHERE participants.forum_id = steering_signups.forum_id "
               "AND participants.device_token = steering_signups.device_token) "
               "WHERE device_token IS NOT NULL")


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.drop_column('news_consent_at')
        batch_op.drop_column('language')
        batch_op.drop_column('committee_link_expires_on')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('news_consent_at')

    op.drop_table('sent_mails')
    op.drop_table('mail_opt_outs')
