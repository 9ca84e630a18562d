"""Two organizers editing the same action item at once: the second save does not silently undo the first one's
change; it is refused (409) with a page naming who changed what and what the item holds now, the form keeping
what was typed, so that saving it again replaces the other's change knowingly."""
from __future__ import annotations

import datetime

import pytest

from forum.extensions import db
from forum.models import ActionItem, Forum, User
from forum.services import action_plan as plan
from forum.services import committee
from tests.conftest import add_committee_member, member_client
from tests.html import parse, text_of

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


@pytest.fixture
def item(app, forum_id, organizer):
    """An item of the forum, owned by Amina, due 30 June 2027; returns (item id, Amina's id, Ben's id)."""
    with app.app_context():
        amina = add_committee_member(forum_id, "Amina Owner", "amina@example.org", "a")
        ben = add_committee_member(forum_id, "Ben Owner", "ben@example.org", "b")
        db.session.commit()
        forum = db.session.get(Forum, forum_id)
        fields = plan.ItemFields(title=plan.Translated(en="Mentoring pilot"), description=plan.Translated(),
                                 theme_id=0, lead_group_id=0, owner_signup_id=amina.id,
                                 due_date=datetime.date(2027, 6, 30), status="not_started")
        plan.add_item(forum, fields, db.session.get(User, organizer), "item-1")
        item_id = db.session.scalar(db.select(ActionItem.id).where(ActionItem.client_id == "item-1"))
        return item_id, amina.id, ben.id


def form_of(page) -> dict:
    """The values the item's form sends as the page shows it (its inputs and chosen options)."""
    form = parse(page).select_one("form.card")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    data.update({area["name"]: area.text.removeprefix("\r\n").removeprefix("\n")  # as a browser sends it
                 for area in form.select("textarea[name]")})
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]") or select.select_one("option")
        data[select["name"]] = chosen["value"]
    return data


def test_a_save_after_another_organizers_edit_is_refused_and_names_the_change(app, client, forum_id, item):
    item_id, amina, ben = item
    url = f"/forums/{forum_id}/actions/{item_id}"
    mine = form_of(client.get(url))  # Olive opens the item ...
    bea = member_client(app, forum_id, "organizer", "bea@example.org", "Bea Partner")
    theirs = form_of(bea.get(url))  # ... and so does Bea, who gives it to Ben, due in September
    assert bea.post(url, data=dict(theirs, owner_signup_id=str(ben), due_date="2027-09-15")).status_code == 302

    refused = client.post(url, data=dict(mine, **{"title-en": "Mentoring pilot with 20 ITPs"}))
    assert refused.status_code == 409
    page = parse(refused)
    box = page.select_one("[data-testid=edited-meanwhile]")
    assert box["role"] == "alert"
    assert "was changed while you were editing it, so your changes were not saved" in text_of(box)
    assert [text_of(li).split(" (", 2)[:2] for li in box.select("[data-testid=meanwhile-change]")] == [
        ["Bea Partner", "organizer): Changed the owner and the due date"]]
    assert [text_of(dd) for dd in box.select("[data-testid=saved-now]")] == ["Ben Owner", "15 September 2027"]
    kept = form_of(refused)
    assert kept["title-en"] == "Mentoring pilot with 20 ITPs"  # what Olive typed is still there
    with app.app_context():
        saved = db.session.get(ActionItem, item_id)  # Bea's change stands, nothing of Olive's was written
        assert (str(saved.title), saved.owner_signup_id, saved.due_date) == (
            "Mentoring pilot", ben, datetime.date(2027, 9, 15))
        assert [change.kind for change in saved.changes] == ["created", "edited"]

    # Saved again from the refusal's page, Olive's form replaces Bea's change knowingly.
    assert client.post(url, data=kept).status_code == 302
    with app.app_context():
        saved = db.session.get(ActionItem, item_id)
        assert (str(saved.title), saved.owner_signup_id, saved.due_date) == (
            "Mentoring pilot with 20 ITPs", amina, datetime.date(2027, 6, 30))


def test_the_refusal_is_in_french_and_names_a_committee_member_and_the_same_organizer_in_another_tab(
        app, client, forum_id, item):
    item_id, amina, ben = item
    url = f"/forums/{forum_id}/actions/{item_id}"
    first_tab, second_tab = form_of(client.get(url, headers=FRENCH)), form_of(client.get(url, headers=FRENCH))
    assert client.post(url, data=dict(second_tab, due_date="2027-07-31"), headers=FRENCH).status_code == 302
    with app.app_context():
        committee.give_back(db.session.get(plan.SteeringSignup, amina), db.session.get(ActionItem, item_id),
                            "Plus le temps", "give-back-1")
    refused = client.post(url, data=dict(first_tab, status="in_progress"), headers=FRENCH)
    assert refused.status_code == 409
    box = parse(refused).select_one("[data-testid=edited-meanwhile]")
    assert "vos modifications n'ont pas été enregistrées" in text_of(box)
    lines = [text_of(li) for li in box.select("[data-testid=meanwhile-change]")]
    assert lines[0].startswith("Vous, dans un autre onglet ou une autre fenêtre : A modifié l'échéance")
    assert lines[1].startswith("Amina Owner (membre du comité) : A rendu")
    assert [text_of(dd) for dd in box.select("[data-testid=saved-now]")] == ["—", "31 juillet 2027"]
    with app.app_context():
        saved = db.session.get(ActionItem, item_id)
        assert saved.status == "not_started" and saved.owner_signup_id is None


def test_a_status_its_owner_changed_meanwhile_is_no_conflict_when_the_form_left_it_as_it_was(
        app, client, forum_id, item):
    item_id, amina, _ben = item
    url = f"/forums/{forum_id}/actions/{item_id}"
    mine = form_of(client.get(url))
    with app.app_context():
        committee.set_status(db.session.get(plan.SteeringSignup, amina), db.session.get(ActionItem, item_id),
                             "in_progress")
    assert client.post(url, data=dict(mine, due_date="2027-08-01")).status_code == 302
    with app.app_context():
        saved = db.session.get(ActionItem, item_id)
        assert saved.status == "in_progress" and saved.due_date == datetime.date(2027, 8, 1)
    # A status chosen in a form opened before the owner's change is refused: the owner's is named.
    mine = form_of(client.get(url))
    with app.app_context():
        committee.set_status(db.session.get(plan.SteeringSignup, amina), db.session.get(ActionItem, item_id), "done")
    refused = client.post(url, data=dict(mine, status="dropped"))
    assert refused.status_code == 409
    assert [text_of(li).split(" (", 1)[0] for li in parse(refused).select("[data-testid=meanwhile-change]")] == [
        "Amina Owner"]
    with app.app_context():
        assert db.session.get(ActionItem, item_id).status == "done"


def test_an_item_deleted_meanwhile_says_so_on_save_follow_up_and_delete(app, client, forum_id, item):
    item_id, _amina, _ben = item
    url = f"/forums/{forum_id}/actions/{item_id}"
    mine = form_of(client.get(url))
    bea = member_client(app, forum_id, "organizer", "bea@example.org", "Bea Partner")
    assert bea.post(f"{url}/delete", data={"confirmed": "yes"}).status_code == 302

    gone = "This action item is no longer in the plan: someone may have deleted it while you had its page open."
    saved = client.post(url, data=dict(mine, due_date="2027-07-01"))
    assert saved.status_code == 404 and f"{gone} Nothing was saved." in text_of(parse(saved).select_one("main"))
    logged = client.post(f"{url}/follow-ups", data={"note": "Met the employers", "client_id": "f1"}, headers=FRENCH)
    assert logged.status_code == 404
    assert ("Cette action n'est plus dans le plan\u00a0: quelqu'un l'a peut-être supprimée pendant que vous aviez sa "
            "page ouverte. Rien n'a été enregistré.") in parse(logged).select_one("main").get_text(" ")
    deleted = client.post(f"{url}/delete", data={"confirmed": "yes"})
    assert deleted.status_code == 404 and gone in text_of(parse(deleted).select_one("main"))
    reloaded = client.get(url)
    assert reloaded.status_code == 404 and gone in text_of(parse(reloaded).select_one("main"))


def test_a_title_changed_meanwhile_is_shown_in_both_its_languages(app, client, forum_id, item):
    """The item's title in English and French: the refusal shows both as saved now, each named by its language
    (the French one marked as French for screen readers), not the page language's alone."""
    item_id, _amina, _ben = item
    url = f"/forums/{forum_id}/actions/{item_id}"
    mine = form_of(client.get(url))
    bea = member_client(app, forum_id, "organizer", "bea@example.org", "Bea Partner")
    theirs = form_of(bea.get(url))
    assert bea.post(url, data=dict(theirs, **{"title-en": "Mentoring pilot, phase 2",
                                              "title-fr": "Projet pilote de mentorat"})).status_code == 302

    refused = client.post(url, data=dict(mine, **{"title-en": "Mentoring pilot with 20 ITPs"}))
    assert refused.status_code == 409
    box = parse(refused).select_one("[data-testid=edited-meanwhile]")
    assert [text_of(dt) for dt in box.select("dt")] == ["What will be done (English)", "What will be done (French)"]
    now = box.select("[data-testid=saved-now]")
    assert [text_of(dd) for dd in now] == ["Mentoring pilot, phase 2", "Projet pilote de mentorat"]
    assert now[1]["lang"] == "fr"
