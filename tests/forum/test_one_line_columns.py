"""A name, a title, a label (every ``OneLine`` column) holds one line, however it was sent and whichever
statement wrote it: a crafted request's line breaks become spaces before they reach a plain-text mail,
a CSV header or a subject."""
from __future__ import annotations

import pytest
from sqlalchemy import String, Text, insert, select, update

from forum.database import writing
from forum.extensions import db
from forum.models import Forum, IdeaCard, Translated, User
from forum.models.one_line import OneLine, is_one_line, one_line
from forum.services.capture import CardInput, submit_card, table_ref
from tests.forum.test_members import client_of, invitation_path, owners_forum

CRAFTED = "Alex \r\n\r\nClick http://evil.example to confirm"
BREAKS = "\r\n\v\f\x85\u2028\u2029"


@pytest.mark.parametrize("separator", list(BREAKS) + ["\r\n", "\n\n", " \n\t"])
def test_any_line_break_becomes_one_space(separator):
    assert one_line(f"Alex{separator}Martin") == "Alex Martin"


def test_a_text_without_line_breaks_is_kept_as_is():
    assert one_line("  Alex\tMartin ") == "  Alex\tMartin " and one_line(None) is None


def _columns():
    for mapper in db.Model.registry.mappers:
        for attribute in mapper.column_attrs:
            [column] = attribute.columns
            if isinstance(column.type, String | OneLine):
                yield mapper, attribute.key, column


def test_every_string_column_keeps_one_line_and_every_text_column_keeps_its_lines(app_ctx):
    one_line_columns = 0
    for mapper, key, column in _columns():
        instance = mapper.class_manager.new_instance()
        setattr(instance, key, f"Alex{BREAKS}Click")
        expected = "Alex Click" if is_one_line(column) else f"Alex{BREAKS}Click"
        assert getattr(instance, key) == expected, f"{mapper.class_.__name__}.{key}"
        one_line_columns += is_one_line(column)
    assert one_line_columns > 50 and any(isinstance(column.type, Text) for *_, column in _columns())


def test_every_string_column_is_one_line():
    assert [f"{column.table.name}.{column.name}" for table in db.metadata.sorted_tables for column in table.columns
            if isinstance(column.type, String) and not isinstance(column.type, Text)] == []


def test_a_core_insert_or_update_writes_one_line(app_ctx, forum_id):
    with writing():
        db.session.execute(insert(User).values(email="core@example.org", name=CRAFTED, password_hash="x"))
        db.session.execute(update(Forum).where(Forum.id == forum_id)
                           .values(name_en="Spring\nforum", venue="Hall\u2028A", description_en="Two\nlines"))
    assert db.session.scalar(select(User.name).where(User.email == "core@example.org")) == one_line(CRAFTED)
    assert db.session.execute(select(Forum.name_en, Forum.venue, Forum.description_en)
                              .where(Forum.id == forum_id)).one() == ("Spring forum", "Hall A", "Two\nlines")


def test_a_card_written_by_the_prebuilt_insert_has_its_client_id_on_one_line(app, forum_id):
    """The capture API refuses such an id; the prebuilt statement keeps the rule for any caller, and the
    retry finds the card."""
    with app.app_context():
        ref = table_ref(db.session.get(Forum, forum_id).tables[0].capture_token)
        card = CardInput(client_id="card-0001\n", text="Two\nlines", round_id=None, group_id=None)
        assert [submit_card(ref, card)[1] for _send in range(2)] == [True, False]
        assert db.session.execute(select(IdeaCard.client_id, IdeaCard.text)).all() == [("card-0001", "Two\nlines")]


def test_a_translated_name_is_one_line_as_soon_as_it_is_set(app_ctx):
    forum = Forum(name=Translated(en="Spring\nforum", fr="Forum\u2028du printemps"),
                  description=Translated(en="Two\nlines"))
    assert forum.name == Translated("Spring forum", "Forum du printemps")
    assert forum.description == Translated(en="Two\nlines")


def test_a_crafted_forum_name_adds_no_line_to_the_invitation_mail(mail_app):
    forum_id = owners_forum(mail_app)
    owner = client_of(mail_app, "owner@example.org")
    renamed = owner.post(f"/forums/{forum_id}/settings", data={
        "name-en": f"Our forum\n{CRAFTED}", "name-fr": "Notre forum\u2029Cliquez ici", "languages": "en,fr",
        "report_out_limit": 5})
    assert renamed.status_code == 302
    with mail_app.app_context():
        assert db.session.get(Forum, forum_id).name == Translated(
            "Our forum Alex Click http://evil.example to confirm", "Notre forum Cliquez ici")
    assert owner.post(f"/forums/{forum_id}/members", data={"email": "ana@example.org", "role": "analyst"}
                      ).status_code == 302
    [message] = mail_app.mailbox.messages
    assert "Our forum Alex Click http://evil.example to confirm" in message["Subject"]
    body = message.get_content()
    assert not any(line.startswith("Click") for line in body.splitlines()), body
    assert invitation_path(body)


def test_a_crafted_account_name_is_one_line(client, app):
    from forum.models import User
    from tests.conftest import PASSWORD

    client.post("/signup", data={"name": "Alex\n\nClick here", "email": "alex@example.org",
                                 "password": PASSWORD, "confirm": PASSWORD})
    with app.app_context():
        assert [user.name for user in db.session.scalars(db.select(User))] == ["Alex Click here"]
