"""Last year's public progress page on a 360 px phone in French, once the next edition carried two of its items
over: they are counted as carried over (not under the status they were left with here), the bar counts them as not
done here, and everything fits the screen."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Forum, Translated
from forum.services.progress import progress_token, share
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


def test_last_year_s_progress_page_counts_its_carried_items_as_carried_on_a_small_phone(new_page, live_app, live_url):
    last = owned_forum(live_app, "Forum Embaucher-Retenir-Faire progresser 2025")
    with live_app.app_context():
        forum = db.session.get(Forum, last)
        items = [ActionItem(forum_id=last, title=Translated(fr=f"Action {n}"), status=status, position=n,
                            priority_label=Translated(fr="Mentorat"))
                 for n, status in enumerate(["done", "in_progress", "done", "not_started"])]
        db.session.add_all(items)
        next_edition = Forum(owner_id=forum.owner_id, name=Translated(fr="Forum 2026"), join_code="NEXT26",
                             languages="en,fr")
        db.session.add(next_edition)
        db.session.flush()
        # carried over, then marked done in last year's plan too: still counted once, there
        db.session.add_all([ActionItem(forum_id=next_edition.id, title=Translated(fr="Action 2"), status="done",
                                       carried_from_id=items[2].id),
                            ActionItem(forum_id=next_edition.id, title=Translated(fr="Action 3"),
                                       carried_from_id=items[3].id)])
        share(forum, new_link=False)
        db.session.commit()
        path = f"/progress/{progress_token(forum)}?lang=fr"
    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}{path}")
    expect(phone.get_by_role("list", name="Actions par état", exact=True).get_by_role("listitem")).to_have_text(
        ["1 terminée", "1 en cours", "2 reportées à la prochaine édition"])
    expect(phone.get_by_role("progressbar", name="Avancement de tout le plan", exact=True)).to_have_attribute(
        "value", "1")
    assert_fits_across(phone, "last year's progress page on a small phone")
