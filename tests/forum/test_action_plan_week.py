"""The chair, on the Action plan page, sees what the committee's members changed this week (as the weekly digest
says it: who did what, to which item), and each proposal's buttons are named with its title."""
from __future__ import annotations

import datetime

from forum.extensions import db
from forum.models import ActionItem, ActionItemChange
from tests.forum.test_committee import plan  # noqa: F401 (a fixture)
from tests.html import parse, text_of


def test_the_action_plan_page_lists_the_week_s_changes_newest_first_with_who_made_them(client, app, plan):
    forum_id, token, mine = plan["forum_id"], plan["token"], plan["mine"]
    listing = parse(client.get(f"/forums/{forum_id}/actions?lang=en"))
    assert not listing.select("#this-week")  # nothing changed yet: no empty card
    client.post(f"/c/{token}/items/{mine}/status", data={f"item{mine}-status": "in_progress"})
    client.post(f"/c/{token}/items/{mine}/follow-ups", data={f"item{mine}-note": "Met <b>three</b> employers",
                                                            f"item{mine}-client_id": "follow-up-1"})
    with app.app_context():  # a change of three weeks ago is no news of this week
        db.session.add(ActionItemChange(action_item_id=plan["theirs"], kind="status", detail="done",
                                        author_signup_id=plan["ben"],
                                        created_at=datetime.datetime.utcnow() - datetime.timedelta(days=21)))
        db.session.commit()

    listing = parse(client.get(f"/forums/{forum_id}/actions?lang=en"))
    lines = listing.select("#this-week [data-testid=week-change]")
    assert [text_of(line).split(" · ", 1)[1] for line in lines] == [
        "Amina Owner logged a follow-up on “Mentoring pilot”: “Met <b>three</b> employers”",
        "Amina Owner changed the status of “Mentoring pilot” to in progress"]
    assert not listing.select("#this-week b")  # a member's text is shown as typed, never as markup
    french = parse(client.get(f"/forums/{forum_id}/actions?lang=fr"))
    assert text_of(french.select_one("#week-h")) == "Ce qui a changé cette semaine"
    assert "Amina Owner a mis l'état de « Mentoring pilot » à « en cours »" in text_of(french.select_one("#this-week"))


def test_each_proposal_s_buttons_are_described_by_its_title(client, app, plan):
    forum_id, token = plan["forum_id"], plan["token"]
    for n, title in enumerate(("Job fair", "Employer breakfast")):
        client.post(f"/c/{token}/proposals", data={"title": title, "client_id": f"proposal-{n}"})
    listing = parse(client.get(f"/forums/{forum_id}/actions?lang=en"))
    for proposal in listing.select("[data-testid=proposal]"):
        title = text_of(proposal.select_one("strong"))
        for button in proposal.select("button"):
            described_by = button["aria-describedby"]
            assert text_of(listing.select_one(f"#{described_by}")) == title, text_of(button)
    with app.app_context():
        assert db.session.query(ActionItem).filter(ActionItem.proposal == "pending").count() == 2


def test_the_week_s_hint_says_whether_the_weekly_digest_sends_the_changes(client, app, plan):
    """The hint said the weekly digest sends the changes to the committee even with the digest switched off."""
    from forum.models import Forum

    forum_id, token, mine = plan["forum_id"], plan["token"], plan["mine"]
    client.post(f"/c/{token}/items/{mine}/status", data={f"item{mine}-status": "in_progress"})
    on = {"en": "The weekly digest sends them to the committee's members.",
          "fr": "Le résumé hebdomadaire les envoie aux membres du comité."}
    off = {"en": "The weekly digest is switched off for this forum: these changes are not e-mailed to the committee.",
           "fr": "Le résumé hebdomadaire est désactivé pour ce forum : ces changements ne sont pas envoyés par "
                 "courriel au comité."}
    for lang in ("en", "fr"):
        hint = text_of(parse(client.get(f"/forums/{forum_id}/actions?lang={lang}")).select_one("#this-week .hint"))
        assert on[lang] in hint and off[lang] not in hint
    with app.app_context():
        db.session.get(Forum, forum_id).reminders_on = False
        db.session.commit()
    for lang in ("en", "fr"):
        hint = text_of(parse(client.get(f"/forums/{forum_id}/actions?lang={lang}")).select_one("#this-week .hint"))
        assert off[lang] in hint and on[lang] not in hint
