"""A form sent twice (a double tap, a resend after the connection dropped, Back and send again) is
saved once and answered as the first was: the page's client id names the submission. With CSRF on,
as in production, so the resend is exactly what a browser sends."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, FollowUp, ReviewComment, ReviewLink, SteeringSignup, Translated, User
from forum.services.committee import committee_token
from forum.services.forums import create_forum
from tests.conftest import PASSWORD, csrf_token_from
from tests.html import parse, text_of

ALREADY = {
    "proposal": {"en": "Your proposal was already sent to the organizers.",
                 "fr": "Votre proposition a déjà été envoyée aux organisateurs."},
    "follow_up": {"en": "This follow-up was already logged.", "fr": "Ce suivi a déjà été consigné."},
    "item": {"en": "This action item was already added.", "fr": "Cette action a déjà été ajoutée."},
    "comment": {"en": "Your comment was already sent to the organizer.",
                "fr": "Votre commentaire a déjà été transmis à l'organisateur."},
    "comment_changed": {"en": "Your comment is updated.", "fr": "Votre commentaire est mis à jour."},
}


@pytest.fixture
def plan(csrf_app):
    """A forum whose committee member Amina (with a link) owns one item; the organizer's client, logged in."""
    with csrf_app.app_context():
        user = User(email="organizer@example.org", name="Olive Organizer")
        user.set_password(PASSWORD)
        db.session.add(user)
        forum = create_forum(user, name="Spring forum", table_count=1)
        db.session.flush()
        amina = SteeringSignup(forum_id=forum.id, client_id="amina-signup", name="Amina Owner",
                               email="amina@example.org", consents_to_owner_role=True, committee_link_version=1)
        db.session.add(amina)
        db.session.flush()
        item = ActionItem(forum_id=forum.id, title=Translated("Mentoring pilot"), owner_signup_id=amina.id, position=1)
        link = ReviewLink(forum_id=forum.id, reviewer_group="Newcomer council")
        db.session.add_all([item, link])
        db.session.commit()
        ids = {"forum": forum.id, "amina": amina.id, "item": item.id, "token": committee_token(amina),
               "review": link.token}
    organizer = csrf_app.test_client()
    login_token = csrf_token_from(organizer.get("/login").get_data(as_text=True))
    assert organizer.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                          "csrf_token": login_token}).status_code == 302
    ids["organizer"] = organizer
    return ids


def form_data(page, action: str, **typed) -> dict:
    """What the browser sends from the page's form posting to ``action`` (to the page itself: ""): its hidden fields (the CSRF
    token, the client id), its selects as shown, and what the person ``typed`` (by field name)."""
    form = parse(page).select_one(f'form[action="{action}"]' if action else "form[method=post]:not([action])")
    assert form is not None, f"no form posting to {action}"
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")
            if field.get("type") not in ("checkbox", "radio", "submit")}
    for select_ in form.select("select[name]"):
        chosen = select_.select_one("option[selected]") or select_.select_one("option")
        data[select_["name"]] = chosen["value"] if chosen else ""
    data.update(typed)
    return data


def sent_twice(client, url: str, data: dict):
    """The same form posted again after the first answer was shown (Back and send, or a retry): both
    answers. The first's page is read, so the second's messages are its own."""
    first = client.post(url, data=data)
    assert first.status_code == 302
    client.get(first.headers["Location"])
    return first, client.post(url, data=data)


def flashes(client, response) -> list[str]:
    """The messages on the page the response redirects to."""
    page = parse(client.get(response.headers["Location"]))
    return [text_of(p) for p in page.select(".flash")]


def rows(app, model, *conditions) -> list:
    with app.app_context():
        return list(db.session.scalars(select(model).where(*conditions)))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_members_proposal_sent_twice_is_one_proposal(csrf_app, plan, lang):
    member, token = csrf_app.test_client(), plan["token"]
    page = member.get(f"/c/{token}?lang={lang}")
    data = form_data(page, f"/c/{token}/proposals", title="Job fair", description="In May")
    assert data.get("client_id"), "the proposal form carries a client id"
    first, second = sent_twice(member, f"/c/{token}/proposals", data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert flashes(member, second) == [ALREADY["proposal"][lang]]
    proposals = rows(csrf_app, ActionItem, ActionItem.proposal == "pending")
    assert len(proposals) == 1 and proposals[0].client_id == data["client_id"]
    # A new proposal from the page the redirect shows is a new one.
    again = form_data(member.get(f"/c/{token}"), f"/c/{token}/proposals", title="Second idea")
    assert again["client_id"] != data["client_id"]
    assert member.post(f"/c/{token}/proposals", data=again).status_code == 302
    assert len(rows(csrf_app, ActionItem, ActionItem.proposal == "pending")) == 2


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_members_follow_up_sent_twice_is_logged_once(csrf_app, plan, lang):
    member, token, item = csrf_app.test_client(), plan["token"], plan["item"]
    url = f"/c/{token}/items/{item}/follow-ups"
    data = form_data(member.get(f"/c/{token}?lang={lang}"), url, **{f"item{item}-note": "Met three employers"})
    assert data.get(f"item{item}-client_id")
    first, second = sent_twice(member, url, data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert flashes(member, second) == [ALREADY["follow_up"][lang]]
    [follow_up] = rows(csrf_app, FollowUp, FollowUp.action_item_id == item)
    assert (follow_up.note, follow_up.author_signup_id) == ("Met three employers", plan["amina"])
    with csrf_app.app_context():
        assert [c.kind for c in db.session.get(ActionItem, item).changes] == ["follow_up"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_organizers_follow_up_sent_twice_is_logged_once(csrf_app, plan, lang):
    organizer, forum, item = plan["organizer"], plan["forum"], plan["item"]
    url = f"/forums/{forum}/actions/{item}/follow-ups"
    page = organizer.get(f"/forums/{forum}/actions/{item}?lang={lang}")
    data = form_data(page, url, note="Ten pairs matched", status_change="in_progress")
    assert data.get("client_id")
    first, second = sent_twice(organizer, url, data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert flashes(organizer, second) == [ALREADY["follow_up"][lang]]
    [follow_up] = rows(csrf_app, FollowUp, FollowUp.action_item_id == item)
    assert (follow_up.note, follow_up.status_change) == ("Ten pairs matched", "in_progress")
    with csrf_app.app_context():
        assert [c.kind for c in db.session.get(ActionItem, item).changes] == ["follow_up", "status"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_action_item_sent_twice_is_added_once(csrf_app, plan, lang):
    organizer, forum = plan["organizer"], plan["forum"]
    url = f"/forums/{forum}/actions"
    data = form_data(organizer.get(f"{url}?lang={lang}"), url, **{"title-en": "Job fair", "title-fr": "Salon de l'emploi"})
    assert data.get("client_id")
    first, second = sent_twice(organizer, url, data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert flashes(organizer, second) == [ALREADY["item"][lang]]
    assert len(rows(csrf_app, ActionItem, ActionItem.title_en == "Job fair")) == 1
    # Editing an item is not a submission to save once: its form needs no client id.
    [added] = rows(csrf_app, ActionItem, ActionItem.title_en == "Job fair")
    edit = form_data(organizer.get(f"{url}/{added.id}"), "", **{"title-en": "Job fair in May"})
    assert "client_id" not in edit
    assert organizer.post(f"{url}/{added.id}", data=edit).status_code == 302


def test_a_resent_client_id_of_another_members_proposal_is_refused(csrf_app, plan):
    """A client id names one person's submission: another member cannot pass theirs off as a resend."""
    member, token = csrf_app.test_client(), plan["token"]
    data = form_data(member.get(f"/c/{token}"), f"/c/{token}/proposals", title="Job fair")
    assert member.post(f"/c/{token}/proposals", data=data).status_code == 302
    with csrf_app.app_context():
        ben = SteeringSignup(forum_id=plan["forum"], client_id="ben-signup", name="Ben", email="ben@example.org",
                             consents_to_owner_role=True, committee_link_version=1)
        db.session.add(ben)
        db.session.commit()
        ben_token = committee_token(ben)
    other = csrf_app.test_client()
    theirs = form_data(other.get(f"/c/{ben_token}"), f"/c/{ben_token}/proposals", title="Mine now",
                       client_id=data["client_id"])
    assert other.post(f"/c/{ben_token}/proposals", data=theirs).status_code == 409
    assert len(rows(csrf_app, ActionItem, ActionItem.proposal == "pending")) == 1


def test_a_client_id_of_a_members_proposal_or_follow_up_is_not_the_organizers_to_resend(csrf_app, plan):
    """Organizers and committee members share the plan's items and follow-ups: a client id one of them
    used is refused (409) when the other sends it, either way, and nothing more is written."""
    member, token, item = csrf_app.test_client(), plan["token"], plan["item"]
    organizer, forum = plan["organizer"], plan["forum"]
    proposal = form_data(member.get(f"/c/{token}"), f"/c/{token}/proposals", title="Job fair")
    assert member.post(f"/c/{token}/proposals", data=proposal).status_code == 302
    members_url = f"/c/{token}/items/{item}/follow-ups"
    members = form_data(member.get(f"/c/{token}"), members_url, **{f"item{item}-note": "Met three employers"})
    assert member.post(members_url, data=members).status_code == 302

    url = f"/forums/{forum}/actions"
    as_item = form_data(organizer.get(url), url, **{"title-en": "Mine now"}, client_id=proposal["client_id"])
    assert organizer.post(url, data=as_item).status_code == 409
    follow_up_url = f"{url}/{item}/follow-ups"
    as_follow_up = form_data(organizer.get(f"{url}/{item}"), follow_up_url, note="Mine now",
                             client_id=members[f"item{item}-client_id"])
    assert organizer.post(follow_up_url, data=as_follow_up).status_code == 409
    organizers = form_data(organizer.get(f"{url}/{item}"), follow_up_url, note="Ten pairs matched")
    assert organizer.post(follow_up_url, data=organizers).status_code == 302
    back = form_data(member.get(f"/c/{token}"), members_url, **{f"item{item}-note": "Mine now",
                                                                f"item{item}-client_id": organizers["client_id"]})
    assert member.post(members_url, data=back).status_code == 409

    assert len(rows(csrf_app, ActionItem, ActionItem.forum_id == forum)) == 2
    assert sorted(f.note for f in rows(csrf_app, FollowUp, FollowUp.action_item_id == item)) == [
        "Met three employers", "Ten pairs matched"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_reviewers_comment_sent_twice_is_saved_once(csrf_app, plan, lang):
    reviewer, token = csrf_app.test_client(), plan["review"]
    url = f"/review/{token}/comment?section=summary"
    data = form_data(reviewer.get(f"{url}&lang={lang}"), "", text="Add the number of newcomers")
    first, second = sent_twice(reviewer, url, data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert flashes(reviewer, second) == [ALREADY["comment"][lang]]
    assert [c.text for c in rows(csrf_app, ReviewComment)] == ["Add the number of newcomers"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_reviewers_changed_comment_sent_again_replaces_the_first_text(csrf_app, plan, lang):
    """Back, edit, send: the reviewer meant the new text; the organizer reads that one, once."""
    reviewer, token = csrf_app.test_client(), plan["review"]
    url = f"/review/{token}/comment?section=summary"
    data = form_data(reviewer.get(f"{url}&lang={lang}"), "", text="Add the number of newcomers")
    sent = reviewer.post(url, data=data)
    assert sent.status_code == 302
    reviewer.get(sent.headers["Location"])  # Back, edit, send
    changed = reviewer.post(url, data={**data, "text": "Add the number of newcomers and of employers",
                                       "author_name": "Rosa"})
    assert changed.status_code == 302
    assert flashes(reviewer, changed) == [ALREADY["comment_changed"][lang]]
    [comment] = rows(csrf_app, ReviewComment)
    assert (comment.text, comment.author_name, comment.status) == (
        "Add the number of newcomers and of employers", "Rosa", "pending")


def test_a_comment_the_organizer_has_moderated_is_not_changed_by_a_resend(csrf_app, plan):
    reviewer, token = csrf_app.test_client(), plan["review"]
    url = f"/review/{token}/comment?section=summary"
    data = form_data(reviewer.get(f"{url}&lang=fr"), "", text="Add the number of newcomers")
    assert reviewer.post(url, data=data).status_code == 302
    [comment] = rows(csrf_app, ReviewComment)
    organizer = plan["organizer"]
    moderation = organizer.get(f"/forums/{plan['forum']}/review")
    assert organizer.post(f"/forums/{plan['forum']}/review/comments/{comment.id}/approve",
                          data={"csrf_token": csrf_token_from(moderation.get_data(as_text=True))}).status_code == 302
    refused = reviewer.post(url, data={**data, "text": "Something else entirely"})
    assert refused.status_code == 409
    assert ("L'organisateur a déjà lu ce commentaire : il ne peut plus être modifié. "
            "Envoyez votre modification comme nouveau commentaire.") in text_of(parse(refused))
    assert [(c.text, c.status) for c in rows(csrf_app, ReviewComment)] == [("Add the number of newcomers", "approved")]
    # The same text sent again is still the resend it was.
    assert reviewer.post(url, data=data).status_code == 302


@pytest.mark.parametrize("lang, message", [("en", "This form is incomplete. Reload the page and try again."),
                                           ("fr", "Ce formulaire est incomplet. Rechargez la page et réessayez.")])
def test_a_form_sent_without_its_client_id_asks_to_reload_the_page(csrf_app, plan, lang, message):
    """A page opened before client ids (or a tampered one): refused with a message, nothing saved."""
    member, organizer, token, forum, item = csrf_app.test_client(), plan["organizer"], plan["token"], plan["forum"], \
        plan["item"]
    page = member.get(f"/c/{token}?lang={lang}")
    follow_up = form_data(page, f"/c/{token}/items/{item}/follow-ups", **{f"item{item}-note": "Met them"})
    proposal = form_data(page, f"/c/{token}/proposals", title="Job fair")
    organizer.get(f"/forums/{forum}/actions?lang={lang}")
    new_item = form_data(organizer.get(f"/forums/{forum}/actions"), f"/forums/{forum}/actions", **{"title-en": "Fair"})
    organizer_follow_up = form_data(organizer.get(f"/forums/{forum}/actions/{item}"),
                                    f"/forums/{forum}/actions/{item}/follow-ups", note="Met them")
    for client, url, data, key in (
            (member, f"/c/{token}/items/{item}/follow-ups", follow_up, f"item{item}-client_id"),
            (member, f"/c/{token}/proposals", proposal, "client_id"),
            (organizer, f"/forums/{forum}/actions", new_item, "client_id"),
            (organizer, f"/forums/{forum}/actions/{item}/follow-ups", organizer_follow_up, "client_id")):
        for sent in ({name: value for name, value in data.items() if name != key}, {**data, key: "short"}):
            refused = client.post(url, data=sent)
            assert refused.status_code == 422, url
            assert message in text_of(parse(refused).select_one("[role=alert]")), url
    assert rows(csrf_app, FollowUp) == [] and len(rows(csrf_app, ActionItem)) == 1
