"""An organizer with a screen reader, on a laptop in French, closes everything at the end of the forum with the
keyboard, then reads the dashboard's "Reopen what this closed" notice. A vote titled in English only ("Top
priorities": no French title given) was listed in both as « Vote : Top priorities » with no language of its own, so
the screen reader read the English title with French pronunciation. The title now carries lang="en", as on the
participant's pages."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum


def test_an_english_vote_title_is_marked_english_where_close_everything_lists_it(new_page, live_app, live_url):
    from forum.dates import today
    from forum.extensions import db
    from forum.models import Forum, Translated
    from forum.services import ballots, evaluation_setup

    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.date = today(forum)
        db.session.commit()
        evaluation_setup.open_evaluation(forum_id)
        english_only = ballots.create_ballot(forum_id, title=Translated("Top priorities"), dots=3, max_per_item=2,
                                             items=[ballots.ItemChoice(label=Translated("Mentoring", "Mentorat"))])
        ballots.open_ballot(english_only)
        both = ballots.create_ballot(forum_id, title=Translated("Next steps", "Prochaines étapes"), dots=3,
                                     max_per_item=2, items=[ballots.ItemChoice(label=Translated("Stages", "Stages"))])
        ballots.open_ballot(both)
    laptop = new_page(**LAPTOP)
    log_in(laptop, live_url, "owner@example.org", OWNER_PASSWORD)
    laptop.goto(f"{live_url}/forums/{forum_id}?lang=fr")
    laptop.get_by_role("link", name="Le forum est terminé\u00a0: tout fermer", exact=True).focus()
    laptop.keyboard.press("Enter")

    def listed(where):
        items = where.get_by_role("listitem")
        expect(items.filter(has_text="Top priorities")).to_have_text("Vote\u00a0: Top priorities")
        expect(items.filter(has_text="Top priorities").locator("[lang=en]")).to_have_text("Top priorities")
        expect(items.filter(has_text="Prochaines étapes").locator("[lang]")).to_have_count(0)

    listed(laptop.get_by_role("main"))
    assert_accessible(laptop, "close everything, in French")
    laptop.get_by_role("button", name="Tout fermer", exact=True).focus()
    laptop.keyboard.press("Enter")
    undo = laptop.get_by_test_id("undo-close")
    expect(undo.get_by_role("button", name="Rouvrir ce que cela a fermé", exact=True)).to_be_visible()
    listed(undo)
    assert_accessible(laptop, "the dashboard's undo notice, in French")
