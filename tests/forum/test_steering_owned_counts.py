"""The Steering committee page's "Actions owned" says, for each member, how many items they carry now and how many
they finished, apart: the chair sees who carries the work now (before, one count mixed done items in)."""
from __future__ import annotations

import datetime

from forum.extensions import db
from forum.models import ActionItem, Translated
from tests.conftest import add_committee_member
from tests.html import parse, text_of


def test_actions_owned_shows_open_and_done_apart(client, app, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        amina = add_committee_member(forum_id)
        ben = add_committee_member(forum_id, "Ben Owner", "ben@example.org", "b")
        # withdrawn before withdrawing gave the items back: her open item needs an owner, it is nobody's work now
        carl = add_committee_member(forum_id, "Carl Owner", "carl@example.org", "c",
                                    withdrawn_at=datetime.datetime(2026, 11, 1))
        dana = add_committee_member(forum_id, "Dana Owner", "dana@example.org", "d")
        db.session.add_all(ActionItem(forum_id=forum_id, title=Translated(f"Item {n}"), owner_signup_id=owner.id,
                                      status=status, position=n)
                           for n, (owner, status) in enumerate((
                               (amina, "not_started"), (amina, "in_progress"), (amina, "in_progress"),
                               (amina, "done"), (amina, "done"), (amina, "dropped"),
                               (ben, "done"), (carl, "in_progress"), (carl, "done"))))
        db.session.commit()
        rows = {name: f"#member-{member.id}" for name, member in
                (("amina", amina), ("ben", ben), ("carl", carl), ("dana", dana))}

    def owned(lang: str) -> dict[str, str]:
        page = parse(client.get(f"/forums/{forum_id}/steering?lang={lang}"))
        return {name: text_of(page.select_one(f"{row} [data-testid=owned]")) for name, row in rows.items()}

    assert owned("en") == {"amina": "3 open · 2 done", "ben": "0 open · 1 done", "carl": "0 open · 1 done",
                           "dana": "0 open · 0 done"}
    assert owned("fr") == {"amina": "3 en cours · 2 terminées", "ben": "0 en cours · 1 terminée",
                           "carl": "0 en cours · 1 terminée", "dana": "0 en cours · 0 terminée"}
