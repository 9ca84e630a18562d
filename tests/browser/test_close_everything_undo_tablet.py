"""The forum's day, the organizer's tablet: "The forum is over: close everything" pressed by mistake at the coffee
break, undone from the dashboard with the keyboard ("Reopen what this closed"), in French, then in English."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import OWNER_PASSWORD, TABLET, assert_fits_across, log_in, owned_forum


def test_a_close_pressed_by_mistake_is_undone_from_the_dashboard(new_page, live_app, live_url):
    from forum.dates import today
    from forum.extensions import db
    from forum.models import Forum, IdeaCard, Translated
    from forum.services import ballots, evaluation_setup

    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.date = today(forum)
        db.session.add(IdeaCard(forum_id=forum_id, text="Mentorat", round_id=forum.rounds[0].id))
        db.session.commit()
        evaluation_setup.open_evaluation(forum_id)
        vote = ballots.create_ballot(forum_id, title=Translated("Top priorities", "Priorités principales"), dots=3,
                                     max_per_item=2, items=[ballots.ItemChoice(label=Translated("Mentoring",
                                                                                                "Mentorat"))])
        ballots.open_ballot(vote)
    tablet = new_page(**TABLET)
    log_in(tablet, live_url, "owner@example.org", OWNER_PASSWORD)

    tablet.goto(f"{live_url}/forums/{forum_id}?lang=fr")
    tablet.get_by_role("link", name="Le forum est terminé\u00a0: tout fermer", exact=True).click()
    tablet.get_by_role("button", name="Tout fermer", exact=True).click()
    undo = tablet.get_by_test_id("undo-close")
    expect(undo.get_by_role("heading")).to_contain_text("Le forum a été déclaré terminé à ")
    expect(undo.get_by_role("listitem")).to_have_text(["Évaluation", "Vote\u00a0: Priorités principales"])
    button = undo.get_by_role("button", name="Rouvrir ce que cela a fermé", exact=True)
    expect(button).to_be_in_viewport()
    assert_fits_across(tablet, "the notice, in French")
    button.focus()
    tablet.keyboard.press("Enter")
    expect(tablet.get_by_text("Ce que la fermeture avait fermé est rouvert\u00a0: les participants peuvent de "
                              "nouveau répondre.", exact=True)).to_be_visible()
    expect(tablet.get_by_test_id("undo-close")).to_have_count(0)
    expect(tablet.get_by_test_id("now-evaluation")).to_have_text("Ouvert")
    expect(tablet.get_by_test_id("now-votes")).to_have_text("Priorités principales")

    tablet.goto(f"{live_url}/forums/{forum_id}?lang=en")  # pressed again, meant this time, and undone again
    tablet.get_by_role("link", name="The forum is over: close everything", exact=True).click()
    tablet.get_by_role("button", name="Close everything", exact=True).click()
    undo = tablet.get_by_test_id("undo-close")
    expect(undo.get_by_role("listitem")).to_have_text(["Evaluation", "Vote: Top priorities"])
    assert_fits_across(tablet, "the notice, in English")
    undo.get_by_role("button", name="Reopen what this closed", exact=True).click()
    expect(tablet.get_by_text("Reopened what the close closed: participants can answer again.",
                              exact=True)).to_be_visible()
    expect(tablet.get_by_test_id("now-evaluation")).to_have_text("Open")
