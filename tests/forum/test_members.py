"""Co-organizers: invitations by e-mail link (through a real SMTP server), accepting them with or without
an account, roles changed and removed, ownership handed over, organizations holding forums."""
from __future__ import annotations

import re
import datetime
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.database import writing
from forum.extensions import db
from forum.models import ActionItem, Ballot, Forum, Invitation, Membership, Translated, User, utcnow
from forum.organize.access import forum_with_role
from tests.conftest import PASSWORD, add_organizer, member_client
from tests.html import by_test_id, error_message, parse, text_of


def client_of(app, email=None):
    client = app.test_client()
    if email:
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def owners_forum(app, name="Forum of the partnership") -> int:
    from forum.services.forums import create_forum

    owner_id = add_organizer(app, "owner@example.org", "Owen Owner")
    with app.app_context():
        forum = create_forum(db.session.get(User, owner_id), name=name, table_count=1)
        db.session.commit()
        return forum.id


def invitation_path(text: str) -> str:
    return re.search(r"http://localhost(/invitations/\S+)", text).group(1)


def nav_labels(page) -> list[str]:
    return [text_of(a) for a in parse(page).select("nav.forum-nav .forum-pages a")]


def test_an_invitation_is_mailed_and_an_invitee_without_an_account_creates_one(mail_app):
    forum_id = owners_forum(mail_app)
    owner = client_of(mail_app, "owner@example.org")
    sent = owner.post(f"/forums/{forum_id}/members", data={"email": " Ana@Example.org ", "role": "analyst"})
    assert sent.status_code == 302
    [message] = mail_app.mailbox.messages
    assert message["To"] == "ana@example.org" and "Forum of the partnership" in message["Subject"]
    link = invitation_path(message.get_content())
    page = owner.get(f"/forums/{forum_id}/members")
    assert "ana@example.org" in by_test_id(page, "invitations") and not parse(page).select('[data-testid="mail-off"]')
    # the Copy buttons' script once: base.html loads it, and the page loaded it again
    assert len(parse(page).select('script[src*="copy-link.js"]')) == 1

    invitee = mail_app.test_client()
    opened = invitee.get(link)
    assert "Owen Owner invites ana@example.org to work on it as analyst." in by_test_id(opened, "invitation-summary")
    assert "in Forum Workbench, as analyst." in message.get_content()  # a role inside a sentence: lower case
    too_short = invitee.post(link, data={"name": "Ana", "password": "short", "confirm": "short"})
    assert too_short.status_code == 422
    accepted = invitee.post(link, data={"name": "Ana", "password": PASSWORD, "confirm": PASSWORD})
    assert accepted.headers["Location"] == f"/forums/{forum_id}"
    dashboard = invitee.get(f"/forums/{forum_id}")
    assert by_test_id(dashboard, "your-role") == "Analyst"
    labels = nav_labels(dashboard)
    assert {"Ideas", "Themes", "Report", "Review"} <= set(labels)
    assert not {"Participants", "Steering committee", "Settings", "Capture", "Import", "Members"} & set(labels)
    refused = invitee.get(f"/forums/{forum_id}/participants")
    assert refused.status_code == 403 and "Your role here (analyst) does not allow" in text_of(parse(refused).main)
    assert invitee.get(link).status_code == 410  # used once
    forums = invitee.get("/forums")
    assert "Forum of the partnership" in by_test_id(forums, "shared-forums") and \
        by_test_id(forums, "shared-role") == "Analyst"


def test_an_invitation_sent_twice_by_a_double_tap_is_made_and_mailed_once(mail_app):
    """The form sent twice carries the same client id: one invitation, one e-mail, and its link still works
    (a second invitation to the address would replace it)."""
    forum_id = owners_forum(mail_app)
    owner = client_of(mail_app, "owner@example.org")
    client_id = parse(owner.get(f"/forums/{forum_id}/members")).select_one("input[name=client_id]")["value"]
    fields = {"email": "ana@example.org", "role": "analyst", "client_id": client_id}
    first, again = owner.post(f"/forums/{forum_id}/members", data=fields), owner.post(f"/forums/{forum_id}/members",
                                                                                      data=fields)
    assert first.status_code == again.status_code == 302 and again.location == first.location
    [message] = mail_app.mailbox.messages
    assert mail_app.test_client().get(invitation_path(message.get_content())).status_code == 200
    with mail_app.app_context():
        assert len(db.session.scalars(select(Invitation).where(Invitation.forum_id == forum_id)).all()) == 1


def test_an_address_invited_again_by_mail_is_told_only_the_new_mail_works(mail_app):
    forum_id = owners_forum(mail_app)
    owner = client_of(mail_app, "owner@example.org")
    for role in ("viewer", "analyst"):
        owner.post(f"/forums/{forum_id}/members", data={"email": "ana@example.org", "role": role})
    flashed = text_of(parse(owner.get(f"/forums/{forum_id}/members")).select_one(".flashes"))
    assert "Invitation sent to ana@example.org." in flashed
    assert "ana@example.org had an invitation waiting already: its link no longer works, only the one just sent." \
        in flashed
    earlier, latest = mail_app.mailbox.messages
    assert mail_app.test_client().get(invitation_path(earlier.get_content())).status_code == 410
    assert mail_app.test_client().get(invitation_path(latest.get_content())).status_code == 200


def test_an_invitation_sent_twice_at_the_same_instant_is_mailed_once(mail_app, monkeypatch):
    """The two taps of a double tap both look for the form's invitation before either is stored: the second
    one's insert meets the unique key, and its retry finds the first one's invitation, which is not mailed
    again."""
    import forum.services.members as member_service

    forum_id = owners_forum(mail_app)
    owner = client_of(mail_app, "owner@example.org")
    client_id = parse(owner.get(f"/forums/{forum_id}/members")).select_one("input[name=client_id]")["value"]
    fields = {"email": "ana@example.org", "role": "analyst", "client_id": client_id}
    assert owner.post(f"/forums/{forum_id}/members", data=fields).status_code == 302
    found = member_service.added_by_form
    looks = []

    def not_stored_yet_at_first_look(*args, **kwargs):
        looks.append(args)
        return None if len(looks) == 1 else found(*args, **kwargs)

    monkeypatch.setattr(member_service, "added_by_form", not_stored_yet_at_first_look)
    assert owner.post(f"/forums/{forum_id}/members", data=fields).status_code == 302
    assert len(looks) == 2 and len(mail_app.mailbox.messages) == 1
    with mail_app.app_context():
        assert len(db.session.scalars(select(Invitation).where(Invitation.forum_id == forum_id)).all()) == 1


@pytest.mark.parametrize("lang, held_back", [
    ("en", "Your account has sent many invitation e-mails in a short time: this one was not sent."),
    ("fr", "Votre compte a envoyé beaucoup d'invitations par courriel en peu de temps : celle-ci n'a pas été "
           "envoyée.")])
def test_invitation_emails_are_limited_per_account_and_the_link_is_still_given(database_url, lang, held_back):
    """Anyone may sign up and name a forum as they like: inviting must not mail anyone without end."""
    from tests.conftest import build_app
    from tests.smtp_server import smtp_server

    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, RATELIMIT_ENABLED=True,
                             MAIL_DEFAULT_SENDER="forum@example.org", INVITATION_MAIL_LIMIT="2 per hour"):
            forum_id = owners_forum(app)
            owner = client_of(app, "owner@example.org")
            for n in range(3):
                owner.post(f"/forums/{forum_id}/members?lang={lang}", data={"email": f"guest{n}@example.org",
                                                                            "role": "viewer"})
            assert sorted(message["To"] for message in mailbox.messages) == ["guest0@example.org",
                                                                              "guest1@example.org"]
            page = parse(owner.get(f"/forums/{forum_id}/members"))
            assert held_back in [text_of(flash) for flash in page.select(".flash-error")]
            assert len(page.select('[data-testid="invitation-link"]')) == 3  # the third to copy and send


def test_without_a_mail_server_the_page_says_so_and_shows_the_link_to_copy(app):
    forum_id = owners_forum(app)
    owner = client_of(app, "owner@example.org")
    page = owner.get(f"/forums/{forum_id}/members")
    assert "Mail is off" in by_test_id(page, "mail-off")
    owner.post(f"/forums/{forum_id}/members", data={"email": "vic@example.org", "role": "viewer"})
    [field] = parse(owner.get(f"/forums/{forum_id}/members")).select('[data-testid="invitation-link"]')
    link = invitation_path(field["value"])
    add_organizer(app, "vic@example.org", "Vic Viewer")
    member = client_of(app, "vic@example.org")
    assert "You are logged in as vic@example.org" in text_of(parse(member.get(link)).select_one("main"))
    assert member.post(link).status_code == 302
    page = member.get(f"/forums/{forum_id}/ideas")
    assert by_test_id(page, "your-role") == "Viewer"
    assert member.post(f"/forums/{forum_id}/analysis/run").status_code == 403


@pytest.mark.parametrize("lang, said", [
    ("en", "vic@example.org had an invitation waiting already: its link no longer works. Send this new one."),
    ("fr", "vic@example.org avait déjà une invitation en attente\u00a0: son lien ne fonctionne plus. Envoyez ce "
           "nouveau lien."),
])
def test_inviting_an_address_again_says_its_earlier_link_stopped_working(app, lang, said):
    """An organizer invites someone again (to give another role, or because they lost the mail): the earlier
    link, perhaps sent already by hand, stops working, and the message says so."""
    forum_id = owners_forum(app)
    owner = client_of(app, "owner@example.org")
    owner.post(f"/forums/{forum_id}/members", data={"email": "vic@example.org", "role": "viewer"})
    [field] = parse(owner.get(f"/forums/{forum_id}/members")).select('[data-testid="invitation-link"]')
    earlier = invitation_path(field["value"])
    owner.post(f"/forums/{forum_id}/members?lang={lang}", data={"email": "vic@example.org", "role": "analyst"})
    page = parse(owner.get(f"/forums/{forum_id}/members?lang={lang}"))
    flashed = re.sub(r"[ \n]+", " ", page.select_one(".flashes").get_text()).strip()
    assert said in flashed
    assert app.test_client().get(earlier).status_code == 410
    [field] = page.select('[data-testid="invitation-link"]')
    assert app.test_client().get(invitation_path(field["value"])).status_code == 200
    owner.post(f"/forums/{forum_id}/members", data={"email": "ana@example.org", "role": "viewer"})
    first = text_of(parse(owner.get(f"/forums/{forum_id}/members")).select_one(".flashes"))
    assert "no longer works" not in first  # a first invitation replaces nothing


def test_an_anonymous_invitee_with_an_account_logs_in_and_comes_back(app):
    forum_id = owners_forum(app)
    owner = client_of(app, "owner@example.org")
    owner.post(f"/forums/{forum_id}/members", data={"email": "ana@example.org", "role": "organizer"})
    add_organizer(app, "ana@example.org")
    link = invitation_path(parse(owner.get(f"/forums/{forum_id}/members"))
                           .select_one('[data-testid="invitation-link"]')["value"])
    invitee = app.test_client()
    login = parse(invitee.get(link)).select_one('a[href^="/login"]')["href"]
    back = invitee.post(login, data={"email": "ana@example.org", "password": PASSWORD})
    assert back.headers["Location"] == link
    assert invitee.post(link).headers["Location"] == f"/forums/{forum_id}"
    assert invitee.get(f"/forums/{forum_id}/participants").status_code == 200  # an organizer sees contacts


def make_invitation(app, forum_id, **fields) -> str:
    from forum.services.members import invitation_token

    with app.app_context():
        invitation = Invitation(**{"forum_id": forum_id, "email": "late@example.org", "role": "viewer",
                                   "expires_at": utcnow() + timedelta(days=14), **fields})
        db.session.add(invitation)
        db.session.commit()
        with app.test_request_context():
            return f"/invitations/{invitation_token(invitation)}"


def test_expired_revoked_and_forged_invitations_are_refused(app):
    forum_id = owners_forum(app)
    expired = make_invitation(app, forum_id, expires_at=utcnow() - timedelta(minutes=1))
    revoked = make_invitation(app, forum_id, revoked_at=utcnow())
    client = app.test_client()
    for link in (expired, revoked):
        response = client.get(link)
        assert response.status_code == 410 and "expired or was withdrawn" in response.text
        assert client.post(link, data={"name": "Late", "password": PASSWORD, "confirm": PASSWORD}).status_code == 410
    assert client.get(expired[:-3] + "abc").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "late@example.org")) is None


def test_another_account_cannot_accept_and_is_offered_to_log_in_as_the_invited_address(app):
    forum_id = owners_forum(app)
    link = make_invitation(app, forum_id, email="late@example.org", role="organizer")
    add_organizer(app, "other@example.org", "Otto Other")
    other = client_of(app, "other@example.org")
    for response in (other.get(link), other.post(link)):
        assert response.status_code == 403
        assert "was sent to late@example.org" in by_test_id(response, "invited-address")
    with app.app_context():
        assert db.session.scalars(select(Membership)).all() == []
        assert db.session.scalar(select(Invitation.accepted_at)) is None
    assert other.get(f"/forums/{forum_id}").status_code == 404  # no role on it: as if it did not exist

    logout = parse(other.get(link)).select_one('[data-testid="other-account"] form')
    assert logout["action"] == "/logout"
    back = other.post("/logout", data={"next": logout.select_one('[name="next"]')["value"]})
    assert back.headers["Location"] == link
    login = parse(other.get(link)).select_one('a[href^="/login"]')["href"]
    assert parse(other.get(login)).select_one('input[name="email"]')["value"] == "late@example.org"
    away = client_of(app, "other@example.org").post("/logout", data={"next": "https://evil.example/"})
    assert away.headers["Location"] == "/login"  # only a path on this site is followed


def test_the_invited_address_matches_whatever_its_case(app):
    forum_id = owners_forum(app)
    link = make_invitation(app, forum_id, email="Late@Example.org ", role="viewer")
    add_organizer(app, "late@example.org", "Lee Late")
    assert client_of(app, "late@example.org").post(link).headers["Location"] == f"/forums/{forum_id}"


def test_an_account_made_from_the_link_is_for_the_invited_address_only(app):
    forum_id = owners_forum(app)
    link = make_invitation(app, forum_id)
    page = parse(app.test_client().get(link))
    shown = page.select_one('[data-testid="invited-email"]')
    assert shown["value"] == "late@example.org" and shown.has_attr("readonly") and not shown.has_attr("name")
    invitee = app.test_client()
    invitee.post(link, data={"name": "Lee", "email": "someone@example.org", "password": PASSWORD, "confirm": PASSWORD})
    with app.app_context():
        emails = set(db.session.scalars(select(User.email)))
    assert "late@example.org" in emails and "someone@example.org" not in emails


def test_an_organizer_withdraws_an_invitation_and_its_link_stops_working(app):
    forum_id = owners_forum(app)
    link = make_invitation(app, forum_id)
    owner = client_of(app, "owner@example.org")
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))
    asked = parse(owner.post(f"/forums/{forum_id}/invitations/{invitation_id}/revoke?lang=fr"))  # asked first
    assert text_of(asked.h1) == "Retirer l'invitation envoyée à late@example.org ?"
    assert app.test_client().get(link).status_code == 200
    assert owner.post(f"/forums/{forum_id}/invitations/{invitation_id}/revoke",
                      data={"confirmed": "yes"}).status_code == 302
    assert app.test_client().get(link).status_code == 410
    assert not parse(owner.get(f"/forums/{forum_id}/members")).select('[data-testid="invitations"]')


@pytest.mark.parametrize("lang, name", [("en", "Withdraw the invitation to late@example.org"),
                                         ("fr", "Retirer l'invitation envoyée à late@example.org")])
def test_each_withdraw_button_is_named_for_its_invitation(app, lang, name):
    """A screen reader tells the pending invitations' Withdraw buttons apart by the address each was sent to."""
    forum_id = owners_forum(app)
    make_invitation(app, forum_id)
    make_invitation(app, forum_id, email="other@example.org")
    page = parse(client_of(app, "owner@example.org").get(f"/forums/{forum_id}/members?lang={lang}"))
    buttons = page.select('[data-testid="invitations"] button[type="submit"]')
    assert sorted(button["aria-label"] for button in buttons) == sorted([name, name.replace("late@", "other@")])
    assert {text_of(button) for button in buttons} == {"Withdraw" if lang == "en" else "Retirer"}


@pytest.mark.parametrize("lang, name, copied", [
    ("en", "Copy the invitation link for late@example.org", "Copied"),
    ("fr", "Copier le lien d'invitation pour late@example.org", "Copié")])
def test_each_copy_button_is_named_for_its_invitation_on_the_members_and_series_pages(app, lang, name, copied):
    """A screen reader tells the pending invitations' Copy buttons apart by the address each link was sent to (all
    were "Copy"), on a forum's members page and on a series page; the button still reads "Copy", and says it
    copied in a status line beside it."""
    from forum.services import series as series_service

    forum_id = owners_forum(app)
    with app.app_context():
        series_id = series_service.create_series(db.session.get(User, db.session.get(Forum, forum_id).owner_id),
                                                 name=Translated("Annual forum")).id
    for fields in ({"forum_id": forum_id}, {"forum_id": None, "series_id": series_id}):
        make_invitation(app, **fields)
        make_invitation(app, email="other@example.org", **fields)
    owner = client_of(app, "owner@example.org")
    for path in (f"/forums/{forum_id}/members", f"/series/{series_id}"):
        page = parse(owner.get(f"{path}?lang={lang}"))
        buttons = page.select('[data-testid="invitations"] button[data-copy]')
        assert sorted(button["aria-label"] for button in buttons) == sorted([name, name.replace("late@", "other@")])
        assert {text_of(button) for button in buttons} == {"Copy" if lang == "en" else "Copier"}
        for button in buttons:
            assert button["data-copied"] == copied
            assert page.select_one(f'#{button["aria-describedby"]}[role="status"]') is not None
            assert page.select_one(f'#{button["data-copy"]}')["data-testid"] == "invitation-link"


def test_bad_invitations_get_a_message_and_nothing_is_written(app, count):
    forum_id = owners_forum(app)
    owner = client_of(app, "owner@example.org")
    for data, status, message in (
            ({"email": "not an address", "role": "viewer"}, 422, "Invalid email address"),
            ({"email": "x@example.org", "role": "admin"}, 422, "Choose a role: organizer, analyst or viewer."),
            ({"email": "owner@example.org", "role": "viewer"}, 409, "has a role here already")):
        response = owner.post(f"/forums/{forum_id}/members", data=data)
        assert response.status_code == status and message in by_test_id(response, "invite-form")
    assert count(Invitation) == 0


@pytest.mark.parametrize("lang, legend, choices, refusal", [
    ("en", "Role", [
        ("Organizer", "Settings and setup, participants' contacts, the steering committee and the action plan, and "
                      "inviting others. Only the forum's owner hands it over, deletes it or puts it in an "
                      "organization."),
        ("Analyst", "Runs the analysis, corrects themes and ideas, edits, reviews and shares the report. No settings, "
                    "no participants' contacts."),
        ("Viewer", "Reads the forum's pages without changing anything. No participants' contacts.")],
     "Choose a role: organizer, analyst or viewer."),
    ("fr", "Rôle", [
        ("Organisateur", "Paramètres et préparation, coordonnées des participants, comité directeur et plan "
                         "d'action, et inviter d'autres personnes. Seul le propriétaire du forum peut le céder, le "
                         "supprimer ou le placer dans une organisation."),
        ("Analyste", "Lance l'analyse, corrige les thèmes et les idées, modifie, fait relire et partage le rapport. "
                     "Ni paramètres, ni coordonnées des participants."),
        ("Lecteur", "Lit les pages du forum sans rien modifier. Pas de coordonnées des participants.")],
     "Choisissez un rôle : organisateur, analyste ou lecteur."),
])
def test_inviting_asks_for_a_role_each_explained_and_none_chosen_in_advance(app, count, lang, legend, choices,
                                                                            refusal):
    """The role used to default to analyst: sent as it came, the invitation gave more than a reader needs. No
    role is ticked now, each says beside it what it allows, and an invitation without one is refused."""
    forum_id = owners_forum(app)
    owner = client_of(app, "owner@example.org")

    def role_choices(page):
        fieldset = parse(page).select_one('[data-testid="invite-role"]')
        assert text_of(fieldset.legend) == legend
        radios = fieldset.select("input[type=radio][name=role]")
        assert not [radio for radio in radios if radio.has_attr("checked")]
        return [(text_of(radio.parent), text_of(fieldset.find(id=radio["aria-describedby"].split()[0])))
                for radio in radios]

    assert role_choices(owner.get(f"/forums/{forum_id}/members?lang={lang}")) == choices
    refused = owner.post(f"/forums/{forum_id}/members?lang={lang}", data={"email": "ana@example.org"})
    assert refused.status_code == 422 and role_choices(refused) == choices
    [error] = parse(refused).select('[data-testid="invite-role"] .error')
    assert text_of(error) == text_of(parse(refusal)) and all(
        error["id"] in radio["aria-describedby"].split() for radio in parse(refused).select("input[name=role]"))
    assert count(Invitation) == 0

    assert owner.post(f"/forums/{forum_id}/members", data={"email": "ana@example.org", "role": "viewer"}
                      ).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Invitation.role)) == "viewer"


def test_an_organizer_changes_and_removes_a_role(app):
    forum_id = owners_forum(app)
    member = member_client(app, forum_id, "viewer", "member@example.org")
    owner = client_of(app, "owner@example.org")
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id))
    assert member.post(f"/forums/{forum_id}/votes", data={"title": "A vote"}).status_code == 403
    assert member.get(f"/forums/{forum_id}/evaluation").status_code == 403
    owner.post(f"/forums/{forum_id}/members/{membership_id}/role", data={"role": "organizer"})
    assert member.get(f"/forums/{forum_id}/evaluation").status_code == 200
    assert member.post(f"/forums/{forum_id}/members/{membership_id}/role", data={"role": "boss"}).status_code == 422
    asked = owner.post(f"/forums/{forum_id}/members/{membership_id}/remove?lang=fr")
    assert asked.status_code == 200 and "Il ou elle ne verra plus ce forum." in asked.text
    assert member.get(f"/forums/{forum_id}").status_code == 200  # nothing changed yet
    owner.post(f"/forums/{forum_id}/members/{membership_id}/remove", data={"confirmed": "yes"})
    assert member.get(f"/forums/{forum_id}").status_code == 403  # no role left, and told so (see below)
    assert "Forum of the partnership" not in member.get("/forums").text


@pytest.mark.parametrize("lang, said, forums", [
    ("en", "You no longer have access to this forum (your role was removed).", "My forums"),
    ("fr", "Vous n'avez plus accès à ce forum (votre rôle a été retiré).", "Mes forums")])
def test_a_member_removed_with_a_form_open_is_told_their_role_was_removed(app, lang, said, forums):
    """Their form sent after the removal (or the page opened again) is refused saying why, with the way to their
    forums, not with the 404 of a forum that does not exist; nothing is saved. Someone who never had a role on the
    forum still gets the 404 of an id never used, which tells nothing of it."""
    forum_id = owners_forum(app)
    member = member_client(app, forum_id, "organizer", "member@example.org")
    add_organizer(app, "stranger@example.org", "Sam Stranger")  # an organizer of their own forums only
    stranger = client_of(app, "stranger@example.org")
    owner = client_of(app, "owner@example.org")
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id).where(Membership.forum_id == forum_id))
    owner.post(f"/forums/{forum_id}/members/{membership_id}/remove", data={"confirmed": "yes"})
    for response in (member.post(f"/forums/{forum_id}/votes?lang={lang}", data={"title": "A vote"}),
                     member.get(f"/forums/{forum_id}?lang={lang}")):
        assert response.status_code == 403
        page = parse(response.text)
        assert error_message(response) == said
        assert [link["href"] for link in page.select_one(".error-page").find_all("a", string=forums)] == ["/forums"]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Ballot)) == 0
    json_answer = member.post(f"/forums/{forum_id}/votes", data={"title": "A vote"},
                              headers={"Accept": "application/json"})
    assert json_answer.status_code == 403 and json_answer.json["reason"] == "role_removed"
    for path in (f"/forums/{forum_id}", f"/forums/{forum_id}/votes"):
        refused = stranger.get(path) if path.endswith(str(forum_id)) else stranger.post(path, data={"title": "A"})
        assert refused.status_code == 404 and "removed" not in refused.text
    with app.app_context():  # invited again: the forum opens again
        user_id = db.session.scalar(select(User.id).where(User.email == "member@example.org"))
        db.session.add(Membership(user_id=user_id, forum_id=forum_id, role="viewer"))
        db.session.commit()
    assert member.get(f"/forums/{forum_id}").status_code == 200


def test_a_member_removed_before_removals_were_remembered_is_told_so_from_the_invitation_they_accepted(app):
    """Removed before ``removed_roles`` existed: no record of the removal, but the invitation they accepted says they
    had the role (a role comes by an accepted invitation, and goes only by a removal). Someone whose invitation to
    the forum is still waiting, or was never sent, gets the 404 of a forum that does not exist."""
    from forum.services.members import create_organization

    forum_id = owners_forum(app)
    add_organizer(app, "member@example.org", "Mel Member")
    add_organizer(app, "invited@example.org", "Ivy Invited")  # invited, has not accepted yet
    add_organizer(app, "stranger@example.org", "Sam Stranger")
    with app.app_context():
        owner_user = db.session.scalar(select(User).where(User.email == "owner@example.org"))
        organization_id = create_organization("Partnership", by=owner_user).id
        member_id = db.session.scalar(select(User.id).where(User.email == "member@example.org"))
        later = utcnow() + timedelta(days=7)
        db.session.add_all([
            Invitation(forum_id=forum_id, email="member@example.org", role="viewer", expires_at=later,
                       accepted_at=utcnow(), accepted_by_id=member_id),
            Invitation(organization_id=organization_id, email="member@example.org", role="viewer", expires_at=later,
                       accepted_at=utcnow(), accepted_by_id=member_id),
            Invitation(forum_id=forum_id, email="invited@example.org", role="viewer", expires_at=later)])
        db.session.commit()  # their memberships deleted long ago, as a removal then did: nothing else kept
    member = client_of(app, "member@example.org")
    for path, said in ((f"/forums/{forum_id}", "You no longer have access to this forum (your role was removed)."),
                       (f"/organizations/{organization_id}", "your role was removed")):
        refused = member.get(path)
        assert refused.status_code == 403 and said in error_message(refused.text)
    for other in ("invited@example.org", "stranger@example.org"):
        refused = client_of(app, other).get(f"/forums/{forum_id}")
        assert refused.status_code == 404 and "removed" not in refused.text


def test_a_member_removed_from_an_organization_is_told_so_on_its_forums_but_not_on_newer_ones(app):
    from forum.services.forums import create_forum
    from forum.services.members import create_organization, move_to_organization

    forum_id = owners_forum(app)
    member = member_client(app, forum_id, "viewer", "member@example.org")
    with app.app_context():
        owner_user = db.session.scalar(select(User).where(User.email == "owner@example.org"))
        organization = create_organization("Partnership", by=owner_user)
        move_to_organization(db.session.get(Forum, forum_id), organization.id, by=owner_user)
        member_id = db.session.scalar(select(User.id).where(User.email == "member@example.org"))
        db.session.execute(db.delete(Membership).where(Membership.user_id == member_id))
        db.session.add(Membership(user_id=member_id, organization_id=organization.id, role="viewer"))
        db.session.commit()
        organization_id = organization.id
        membership_id = db.session.scalar(select(Membership.id).where(Membership.user_id == member_id))
    assert member.get(f"/forums/{forum_id}").status_code == 200
    owner = client_of(app, "owner@example.org")
    owner.post(f"/organizations/{organization_id}/members/{membership_id}/remove", data={"confirmed": "yes"})
    assert member.get(f"/forums/{forum_id}").status_code == 403
    organization_page = member.get(f"/organizations/{organization_id}")
    assert organization_page.status_code == 403
    assert "your role was removed" in error_message(organization_page.text)
    with app.app_context():  # a forum the organization holds since: they never had it
        owner_user = db.session.scalar(select(User).where(User.email == "owner@example.org"))
        newer = create_forum(owner_user, name="Next year", table_count=1)
        db.session.commit()
        newer.created_at = utcnow() + timedelta(seconds=1)
        move_to_organization(newer, organization_id, by=owner_user)
        newer_id = newer.id
    assert member.get(f"/forums/{newer_id}").status_code == 404


def test_a_forum_moved_into_an_organization_after_a_member_was_removed_from_it_stays_unknown_to_them(app):
    """An older forum of the owner's, put in the organization after the member's removal, was never theirs: 404 as
    for any forum they never had a role on (it answered 403 "your role was removed", revealing it, as it was made
    before the removal). The organization's forums of the time of the removal still say so."""
    from forum.services.forums import create_forum
    from forum.services.members import create_organization, move_to_organization, remove_member

    forum_id = owners_forum(app)
    add_organizer(app, "member@example.org", "Mel Member")
    member = client_of(app, "member@example.org")
    with app.app_context():
        owner_user = db.session.scalar(select(User).where(User.email == "owner@example.org"))
        older = create_forum(owner_user, name="Kept aside", table_count=1)
        db.session.commit()
        older_id = older.id
        organization = create_organization("Partnership", by=owner_user)
        move_to_organization(db.session.get(Forum, forum_id), organization.id, by=owner_user)
        member_id = db.session.scalar(select(User.id).where(User.email == "member@example.org"))
        membership = Membership(user_id=member_id, organization_id=organization.id, role="viewer")
        db.session.add(membership)
        db.session.commit()
        assert db.session.get(Forum, older_id).created_at <= utcnow()
        remove_member(membership)
        move_to_organization(db.session.get(Forum, older_id), organization.id, by=owner_user)
    assert member.get(f"/forums/{forum_id}").status_code == 403  # theirs through the organization, then removed
    refused = member.get(f"/forums/{older_id}")
    assert refused.status_code == 404 and "removed" not in refused.text and "Kept aside" not in refused.text


def test_the_owner_hands_the_forum_over_and_stays_an_organizer(app):
    forum_id = owners_forum(app)
    member = member_client(app, forum_id, "analyst", "member@example.org")
    owner = client_of(app, "owner@example.org")
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id))
    unticked = owner.post(f"/forums/{forum_id}/owner", data={"membership_id": membership_id})
    assert unticked.status_code == 422 and "Tick the box" in unticked.text
    assert member.post(f"/forums/{forum_id}/owner", data={"membership_id": membership_id,
                                                          "understood": "y"}).status_code == 403
    assert owner.post(f"/forums/{forum_id}/owner", data={"membership_id": membership_id,
                                                         "understood": "y"}).status_code == 302
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert forum.owner.email == "member@example.org"
        [former] = db.session.scalars(select(Membership)).all()
        assert (former.user.email, former.role) == ("owner@example.org", "organizer")
    assert by_test_id(member.get(f"/forums/{forum_id}"), "your-role") == "Forum owner"
    assert by_test_id(owner.get(f"/forums/{forum_id}"), "your-role") == "Organizer"
    assert owner.post(f"/forums/{forum_id}/owner", data={"membership_id": membership_id,
                                                         "understood": "y"}).status_code == 403


def test_create_an_organization_tapped_twice_creates_one(app):
    """The form sent twice carries the same client id: one organization, both taps on its page; the
    client id of another person's organization is refused, not a second organization or a 500."""
    from forum.models import Organization

    owners_forum(app)
    owner = client_of(app, "owner@example.org")
    client_id = parse(owner.get("/organizations/new")).select_one("input[name=client_id]")["value"]
    fields = {"name": "Four partnerships", "client_id": client_id}
    first, again = owner.post("/organizations/new", data=fields), owner.post("/organizations/new", data=fields)
    assert first.status_code == again.status_code == 302 and again.location == first.location
    add_organizer(app, "other@example.org", "Otto Other")
    assert client_of(app, "other@example.org").post("/organizations/new", data=fields).status_code == 409
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Organization.id))) == 1


def test_an_organization_gives_its_members_their_role_on_all_its_forums(app):
    first = owners_forum(app, "Forum 2025")
    with app.app_context():
        from forum.services.forums import create_forum

        second = create_forum(db.session.get(Forum, first).owner, name="Forum 2026").id
        db.session.commit()
    owner = client_of(app, "owner@example.org")
    created = owner.post("/organizations/new", data={"name": "Four partnerships"})
    organization_path = created.headers["Location"]
    organization_id = int(organization_path.rsplit("/", 1)[1])
    for forum_id in (first, second):
        assert owner.post(f"/forums/{forum_id}/organization",
                          data={"organization_id": organization_id}).status_code == 302
    owner.post(organization_path, data={"email": "vic@example.org", "role": "viewer"})
    link = invitation_path(parse(owner.get(organization_path)).select_one('[data-testid="invitation-link"]')["value"])
    invitee = app.test_client()
    assert invitee.post(link, data={"name": "Vic", "password": PASSWORD, "confirm": PASSWORD}).headers[
        "Location"] == organization_path
    shared = parse(invitee.get("/forums")).select('[data-testid="shared-forums"] h3')
    assert sorted(text_of(h) for h in shared) == ["Forum 2025", "Forum 2026"]
    assert invitee.get(f"/forums/{second}/analysis/themes").status_code == 200
    assert invitee.get(f"/forums/{second}/settings").status_code == 403
    assert invitee.post(organization_path, data={"email": "x@example.org", "role": "viewer"}).status_code == 403

    # The last organizer stays: an organization is never left without one.
    with app.app_context():
        own = db.session.scalar(select(Membership).where(Membership.role == "organizer"))
    refused = owner.post(f"/organizations/{organization_id}/members/{own.id}/role", data={"role": "viewer"})
    assert refused.status_code == 409 and "at least one organizer" in refused.text
    # Taken out of the organization, a forum is no longer shared with its members.
    owner.post(f"/forums/{first}/organization", data={"organization_id": 0})
    assert invitee.get(f"/forums/{first}").status_code == 404


def test_a_forum_can_only_go_into_an_organization_its_owner_organizes(app):
    forum_id = owners_forum(app)
    stranger = add_organizer(app, "stranger@example.org")
    with app.app_context():
        from forum.services.members import create_organization

        organization_id = create_organization("Not theirs", by=db.session.get(User, stranger)).id
    owner = client_of(app, "owner@example.org")
    response = owner.post(f"/forums/{forum_id}/organization", data={"organization_id": organization_id})
    assert response.status_code == 422  # not one of the choices offered
    with app.app_context():
        assert db.session.get(Forum, forum_id).organization_id is None


def test_the_role_is_read_with_the_forum_in_one_query(app, count_queries):
    forum_id = owners_forum(app)
    user_id = add_organizer(app, "member@example.org")
    with app.app_context():
        db.session.add(Membership(user_id=user_id, forum_id=forum_id, role="analyst"))
        db.session.commit()
    with app.app_context(), count_queries() as statements:
        forum, role = forum_with_role(forum_id, user_id)
    assert (forum.id, role, len(statements)) == (forum_id, "analyst", 1)
    owner, member = client_of(app, "owner@example.org"), client_of(app, "member@example.org")
    counts = []
    for client in (owner, member):
        with count_queries() as statements:
            assert client.get(f"/forums/{forum_id}/ideas").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]  # a member's pages cost what the owner's do


def test_a_viewer_is_shown_no_button_they_could_not_use(app):
    forum_id = owners_forum(app)
    with app.app_context():
        from forum.models import IdeaCard

        db.session.add(IdeaCard(forum_id=forum_id, text="More mentoring"))
        db.session.commit()
    viewer = member_client(app, forum_id, "viewer", "member@example.org")
    analyst = member_client(app, forum_id, "analyst", email="analyst@example.org")

    def buttons(client, path):
        return {text_of(b) for b in parse(client.get(f"/forums/{forum_id}{path}")).select("main button")}

    assert "Delete" in buttons(analyst, "/ideas") and "Delete" not in buttons(viewer, "/ideas")
    assert "Run the analysis" in buttons(analyst, "/analysis") and "Run the analysis" not in buttons(viewer, "/analysis")
    assert not {"Add the action item", "Draft items from the top priorities"} & buttons(analyst, "/actions")
    assert "Save the report" in buttons(analyst, "/report") and "Save the report" not in buttons(viewer, "/report")

    def dashboard_calls(client):  # the dashboard's call to action is a link styled as a button
        return {text_of(a) for a in parse(client.get(f"/forums/{forum_id}")).select("main a.button")}

    assert "Run the analysis" in dashboard_calls(analyst) and "Run the analysis" not in dashboard_calls(viewer)


def organization_with_forum(app):
    """Owen's forum in an organization Owen organizes, with Ana as its analyst."""
    forum_id = owners_forum(app)
    analyst = add_organizer(app, "ana@example.org", "Ana Analyst")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        from forum.models import Organization

        organization = Organization(name="Four partnerships", forums=[forum], memberships=[
            Membership(user_id=forum.owner_id, role="organizer"), Membership(user_id=analyst, role="analyst")])
        db.session.add(organization)
        db.session.add(Invitation(organization=organization, email="late@example.org", role="viewer",
                                  expires_at=utcnow() + timedelta(days=14)))
        db.session.commit()
        return forum_id, organization.id


@pytest.mark.parametrize("lang, choices", [
    ("en", [("Organizer", "On every forum of the organization: settings and setup, participants' contacts, the "
                          "steering committee and the action plan, and inviting others. Only a forum's owner hands "
                          "it over or deletes it."),
            ("Analyst", "On every forum of the organization: runs the analysis, corrects themes and ideas, edits, "
                        "reviews and shares the report. No settings, no participants' contacts."),
            ("Viewer", "Reads the pages of every forum of the organization without changing anything. No "
                       "participants' contacts.")]),
    ("fr", [("Organisateur", "Sur chaque forum de l'organisation : paramètres et préparation, coordonnées des "
                             "participants, comité directeur et plan d'action, et inviter d'autres personnes. Seul "
                             "le propriétaire d'un forum peut le céder ou le supprimer."),
            ("Analyste", "Sur chaque forum de l'organisation : lance l'analyse, corrige les thèmes et les idées, "
                         "modifie, fait relire et partage le rapport. Ni paramètres, ni coordonnées des "
                         "participants."),
            ("Lecteur", "Lit les pages de chaque forum de l'organisation sans rien modifier. Pas de coordonnées des "
                        "participants.")]),
])
def test_the_organizations_invitation_describes_each_role_on_its_forums(app, lang, choices):
    """An organization's roles hold on all its forums, and it has no owner: the invitation says so, not "the
    forum"."""
    _forum_id, organization_id = organization_with_forum(app)
    owner = client_of(app, "owner@example.org")
    fieldset = parse(owner.get(f"/organizations/{organization_id}?lang={lang}")).select_one(
        '[data-testid="invite-role"]')
    assert [(text_of(radio.parent), text_of(fieldset.find(id=radio["aria-describedby"].split()[0])))
            for radio in fieldset.select("input[type=radio][name=role]")] == choices


def forum_with_ana_as_analyst(app) -> tuple[int, int]:
    """The owner's forum with Ana Analyst as its analyst: (the forum's id, Ana's membership's id)."""
    forum_id = owners_forum(app)
    analyst = add_organizer(app, "ana@example.org", "Ana Analyst")
    with app.app_context():
        membership = Membership(user_id=analyst, forum_id=forum_id, role="analyst")
        db.session.add(membership)
        db.session.commit()
        return forum_id, membership.id


@pytest.mark.parametrize("lang, summary, legend, descriptions, flashed", [
    ("en", "Change the role of Ana Analyst", "Role of Ana Analyst",
     {"organizer": "Settings and setup, participants' contacts", "analyst": "Runs the analysis, corrects themes",
      "viewer": "Reads the forum's pages without changing anything."}, "New role of Ana Analyst: viewer."),
    ("fr", "Changer le rôle de Ana Analyst", "Rôle attribué à Ana Analyst",
     {"organizer": "Paramètres et préparation, coordonnées des participants", "analyst": "Lance l'analyse",
      "viewer": "Lit les pages du forum sans rien modifier."}, "Nouveau rôle de Ana Analyst : lecteur."),
])
def test_a_members_new_role_is_chosen_among_the_roles_each_explained(app, lang, summary, legend, descriptions,
                                                                     flashed):
    """Changing a member's role offered a bare list of three names, where the invitation explains each: the
    member's row now offers the invitation's radio buttons, each described, the current role ticked."""
    forum_id, membership_id = forum_with_ana_as_analyst(app)
    owner = client_of(app, "owner@example.org")
    page = parse(owner.get(f"/forums/{forum_id}/members?lang={lang}"))
    change = page.select_one(f'[data-testid="role-change-{membership_id}"]')
    assert text_of(change.summary.select_one(".visually-hidden")) == summary
    assert text_of(change.legend) == legend and change.form["action"] == \
        f"/forums/{forum_id}/members/{membership_id}/role"
    radios = change.select("input[type=radio][name=role]")
    assert [radio["value"] for radio in radios] == ["organizer", "analyst", "viewer"]
    assert [radio["value"] for radio in radios if radio.has_attr("checked")] == ["analyst"]
    for radio in radios:
        assert text_of(page.find(id=radio["aria-describedby"])).startswith(descriptions[radio["value"]])
    assert len({element["id"] for element in page.select("[id]")}) == len(page.select("[id]"))  # no id twice
    changed = owner.post(f"/forums/{forum_id}/members/{membership_id}/role?lang={lang}", data={"role": "viewer"},
                         follow_redirects=True)
    assert flashed in text_of(parse(changed).main)
    assert [radio["value"] for radio in parse(changed).select(
        f'[data-testid="role-change-{membership_id}"] input[checked]')] == ["viewer"]


def test_a_role_on_an_organization_is_changed_with_the_organizations_explanations(app):
    """The organization's page explains its roles as holding on all its forums, the member's row too."""
    _forum_id, organization_id = organization_with_forum(app)
    owner = client_of(app, "owner@example.org")
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id).where(Membership.role == "analyst"))
    page = parse(owner.get(f"/organizations/{organization_id}?lang=en"))
    change = page.select_one(f'[data-testid="role-change-{membership_id}"]')
    assert change.form["action"] == f"/organizations/{organization_id}/members/{membership_id}/role"
    radios = change.select("input[type=radio][name=role]")
    assert [radio["value"] for radio in radios if radio.has_attr("checked")] == ["analyst"]
    assert [text_of(page.find(id=radio["aria-describedby"]))[:34] for radio in radios] == \
        ["On every forum of the organization"] * 2 + ["Reads the pages of every forum of "]
    assert owner.post(change.form["action"], data={"role": "viewer"}).status_code == 302
    with app.app_context():
        assert db.session.get(Membership, membership_id).role == "viewer"


@pytest.mark.parametrize("lang, remove, question", [("en", "Remove", "Remove Ana Analyst?"),
                                                     ("fr", "Retirer", "Retirer Ana Analyst ?")])
@pytest.mark.parametrize("on, names", [("forum", ["Ana Analyst", "Vic Viewer"]),
                                       ("organization", ["Ana Analyst", "Owen Owner", "Vic Viewer"])])
def test_each_members_remove_button_is_named_for_its_member(app, on, names, lang, remove, question):
    """Every row's Remove button was read out as a bare "Remove, Remove": each is named for its member (its
    visible text stays short), and the question that follows names them too."""
    forum_id, organization_id = organization_with_forum(app)
    viewer = add_organizer(app, "vic@example.org", "Vic Viewer")
    with app.app_context():
        analyst = db.session.scalar(select(User.id).where(User.email == "ana@example.org"))
        organization = db.session.get(Forum, forum_id).organization
        db.session.add_all([Membership(user_id=analyst, forum_id=forum_id, role="analyst"),
                            Membership(user_id=viewer, forum_id=forum_id, role="viewer"),
                            Membership(user_id=viewer, organization=organization, role="viewer")])
        db.session.commit()
    owner = client_of(app, "owner@example.org")
    path = f"/forums/{forum_id}/members" if on == "forum" else f"/organizations/{organization_id}"
    page = parse(owner.get(f"{path}?lang={lang}"))
    buttons = [form.button for form in page.select('[data-testid="members"] form')
               if form["action"].endswith("/remove")]
    assert sorted(button["aria-label"] for button in buttons) == [f"{remove} {name}" for name in names]
    assert {text_of(button) for button in buttons} == {remove}
    ana = next(button for button in buttons if button["aria-label"] == f"{remove} Ana Analyst")
    asked = parse(owner.post(f"{ana.parent['action']}?lang={lang}"))
    assert text_of(asked.h1) == question


def test_an_organizer_renames_the_organization(app):
    _forum_id, organization_id = organization_with_forum(app)
    owner = client_of(app, "owner@example.org")
    page = owner.get(f"/organizations/{organization_id}")
    settings = parse(page).select_one('[data-testid="organization-settings"]')["href"]
    assert parse(owner.get(settings)).select_one('input[name="name"]')["value"] == "Four partnerships"
    empty = owner.post(settings, data={"name": "  "})
    assert empty.status_code == 422 and "This field is required" in by_test_id(empty, "rename-form")
    assert owner.post(settings, data={"name": "x" * 201}).status_code == 422
    assert owner.post(settings, data={"name": " Five partnerships "}).headers["Location"] == \
        f"/organizations/{organization_id}"
    assert text_of(parse(owner.get(f"/organizations/{organization_id}")).select_one("h1")) == "Five partnerships"
    assert "Five partnerships" in by_test_id(owner.get("/forums"), "organizations")
    analyst = client_of(app, "ana@example.org")
    assert not parse(analyst.get(f"/organizations/{organization_id}")).select('[data-testid="organization-settings"]')
    assert analyst.post(settings, data={"name": "Taken over"}).status_code == 403


def test_deleting_an_organization_leaves_its_forums_with_their_owners(app, count):
    forum_id, organization_id = organization_with_forum(app)
    owner, analyst = client_of(app, "owner@example.org"), client_of(app, "ana@example.org")
    assert analyst.get(f"/forums/{forum_id}/analysis").status_code == 200
    settings = owner.get(f"/organizations/{organization_id}/settings")
    assert "stays with its owner" in by_test_id(settings, "delete-forums")
    assert "Forum of the partnership — owner: Owen Owner" in text_of(parse(settings).select_one("main"))
    unticked = owner.post(f"/organizations/{organization_id}/delete")
    assert unticked.status_code == 422 and "Tick the box" in by_test_id(unticked, "delete-form")
    assert analyst.post(f"/organizations/{organization_id}/delete", data={"understood": "y"}).status_code == 403
    assert count(Membership) == 2

    deleted = owner.post(f"/organizations/{organization_id}/delete", data={"understood": "y"})
    assert deleted.headers["Location"] == "/forums"
    assert "“Four partnerships” is deleted. Its forum stays with its owner." in owner.get("/forums").text
    assert owner.get(f"/organizations/{organization_id}").status_code == 404
    assert by_test_id(owner.get(f"/forums/{forum_id}"), "your-role") == "Forum owner"
    assert analyst.get(f"/forums/{forum_id}/analysis").status_code == 404
    assert (count(Membership), count(Invitation)) == (0, 0)
    with app.app_context():
        assert db.session.get(Forum, forum_id).organization_id is None


def test_no_waiting_invitation_is_said_in_a_whole_sentence(client, forum_id):
    """Not a bare "None." that French must agree with a noun it cannot see ("Aucun." for invitations)."""
    page = parse(client.get(f"/forums/{forum_id}/members?lang=fr"))
    assert text_of(page.select_one("[data-testid=no-invitations]")) == "Aucune invitation en attente."


def test_role_names_inside_french_sentences_are_lower_case(app):
    forum_id = owners_forum(app)
    owner = client_of(app, "owner@example.org")
    owner.post(f"/forums/{forum_id}/members?lang=fr", data={"email": "ana@example.org", "role": "analyst"})
    members = parse(owner.get(f"/forums/{forum_id}/members?lang=fr"))
    link = invitation_path(members.select_one("[data-testid=invitation-link]")["value"]) + "?lang=fr"
    invitee = app.test_client()
    opened = invitee.get(link)
    assert "Owen Owner invite ana@example.org à y travailler avec le rôle analyste." in \
        by_test_id(opened, "invitation-summary")
    accepted = invitee.post(link, data={"name": "Ana", "password": PASSWORD, "confirm": PASSWORD},
                            follow_redirects=True)
    assert "Votre rôle : analyste." in text_of(parse(accepted).main)
    assert by_test_id(accepted, "your-role") == "Analyste"  # a label keeps its capital
    refused = invitee.get(f"/forums/{forum_id}/participants?lang=fr")
    assert "Votre rôle ici (analyste) ne permet pas" in text_of(parse(refused).main)
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id).join(User).where(User.email == "ana@example.org"))
    changed = owner.post(f"/forums/{forum_id}/members/{membership_id}/role?lang=fr", data={"role": "viewer"},
                         follow_redirects=True)
    assert "Nouveau rôle de Ana : lecteur." in text_of(parse(changed).main)


def test_two_organizers_demoting_each_other_at_once_leave_one_organizer(app):
    """Each request read both organizers' roles before either wrote: the second demotion is refused
    on the roles as they are when it writes, not as its request first read them."""
    from forum.services.errors import ServiceError
    from forum.services.members import change_role, create_organization

    add_organizer(app, "ann@example.org", "Ann")
    add_organizer(app, "bob@example.org", "Bob")
    with app.app_context():
        ann, bob = (db.session.scalar(select(User).filter_by(email=email)) for email in ("ann@example.org",
                                                                                        "bob@example.org"))
        organization = create_organization("Two leads", by=ann)
        with writing():
            organization.memberships.append(Membership(user_id=bob.id, role="organizer"))
        organization_id = organization.id
    with app.app_context():  # Bob's request: both roles read before Ann's demotion lands
        members = {m.user.email: m for m in db.session.scalars(select(Membership).filter_by(
            organization_id=organization_id))}
        assert {m.role for m in members.values()} == {"organizer"}
        with app.app_context():  # Ann's request, meanwhile: Bob becomes a viewer
            change_role(db.session.get(Membership, members["bob@example.org"].id), "viewer")
        with pytest.raises(ServiceError, match="at least one organizer"):
            change_role(members["ann@example.org"], "viewer")
    with app.app_context():
        roles = dict(db.session.execute(select(User.email, Membership.role).join(Membership.user)
                                        .where(Membership.organization_id == organization_id)).all())
    assert roles == {"ann@example.org": "organizer", "bob@example.org": "viewer"}


def test_the_action_plan_s_exports_are_offered_only_to_those_who_may_download_them(app):
    """The whole plan carries the owners' contact details: a viewer or an analyst reads the plan and is
    offered it without them (and the calendar, without the owners' names), never the buttons of the whole plan
    that only led to a refusal (403)."""
    forum_id = owners_forum(app)
    with app.app_context():
        db.session.add(ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"),
                                  due_date=datetime.date(2027, 3, 1)))
        db.session.commit()
    plan = f"/forums/{forum_id}/actions"
    exports = [f"{plan}.xlsx", f"{plan}.csv", f"{plan}.ics"]
    without_contacts = [f"{plan}/without-contacts.xlsx", f"{plan}/without-contacts.csv"]

    def export_links(client):
        return [a["href"] for a in parse(client.get(f"/forums/{forum_id}/actions")).select("a[download]")]

    assert export_links(client_of(app, "owner@example.org")) == exports + without_contacts
    for role in ("viewer", "analyst"):
        member = member_client(app, forum_id, role, email=f"{role}@example.org")
        assert export_links(member) == without_contacts + [f"{plan}.ics"]
        assert [member.get(url).status_code for url in exports] == [403, 403, 200]


def test_members_organizations_and_committee_sign_ups_are_listed_as_a_reader_sorts_names(app):
    """"Élodie" and "Œuvre" sort among the E and O, whatever the case, not after "Zoé" as the database's order
    puts them: on the members' list, the list of one's organizations and the list of committee sign-ups."""
    from forum.models import SteeringSignup
    from forum.services import action_plan
    from forum.services.members import create_organization, members_of, organizations_of

    forum_id = owners_forum(app)
    people = ["Zoé Zhang", "Élodie Roy", "adam Ba", "Marc Lee"]
    ids = [add_organizer(app, f"person{n}@example.org", name) for n, name in enumerate(people)]
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        for user_id in ids:
            db.session.add(Membership(user_id=user_id, forum_id=forum_id, role="viewer"))
        user = db.session.get(User, ids[0])
        for name in ("Zèbre partners", "Œuvre commune", "Ébène network", "atelier Nord"):
            create_organization(name, by=user)
        for n, (name, withdrawn) in enumerate([("Zoé Zhang", False), ("Élodie Roy", False), ("Ève Gagnon", True),
                                               ("adam Ba", True), ("Marc Lee", False)]):
            db.session.add(SteeringSignup(forum_id=forum_id, client_id=f"signup-{n}", name=name,
                                          email=f"signup{n}@example.org",
                                          withdrawn_at=utcnow() if withdrawn else None))
        db.session.commit()
        assert [m.user.name for m in members_of(forum)] == ["adam Ba", "Élodie Roy", "Marc Lee", "Zoé Zhang"]
        assert [o.name for o, _role in organizations_of(user)] == [
            "atelier Nord", "Ébène network", "Œuvre commune", "Zèbre partners"]
        assert [s.name for s in action_plan.steering_signups(forum)] == [
            "Élodie Roy", "Marc Lee", "Zoé Zhang", "adam Ba", "Ève Gagnon"]


@pytest.mark.parametrize("lang, message", [("en", "Choose a role: organizer, analyst or viewer."),
                                           ("fr", "Choisissez un rôle : organisateur, analyste ou lecteur.")])
@pytest.mark.parametrize("sent", [{"role": "boss"}, {}])
def test_a_members_role_refused_is_said_on_its_choices(app, lang, message, sent):
    """A change of role with no role, or one not offered, gave an error page: the members page comes back, the
    member's row open, the refusal under its choices, tied to the group and to each choice for a screen reader."""
    forum_id, membership_id = forum_with_ana_as_analyst(app)
    owner = client_of(app, "owner@example.org")
    refused = owner.post(f"/forums/{forum_id}/members/{membership_id}/role?lang={lang}", data=sent)
    assert refused.status_code == 422
    change = parse(refused).select_one(f'[data-testid="role-change-{membership_id}"]')
    assert change.has_attr("open")
    group = change.fieldset
    error = parse(refused).find(id=group["aria-describedby"])
    assert text_of(error) == message and error in group.descendants
    radios = group.select("input[type=radio][name=role]")
    assert [radio["value"] for radio in radios if radio.has_attr("checked")] == ["analyst"]  # unchanged
    assert all(radio["aria-invalid"] == "true" and error["id"] in radio["aria-describedby"].split() for radio in radios)
    assert len({element["id"] for element in parse(refused).select("[id]")}) == len(parse(refused).select("[id]"))
    with app.app_context():
        assert db.session.get(Membership, membership_id).role == "analyst"


def test_an_organization_members_role_refused_is_said_on_its_choices(app):
    """The organization's page says it the same way, beside its own member's row."""
    _forum_id, organization_id = organization_with_forum(app)
    owner = client_of(app, "owner@example.org")
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id).where(Membership.role == "analyst"))
    refused = owner.post(f"/organizations/{organization_id}/members/{membership_id}/role?lang=en",
                         data={"role": "boss"})
    assert refused.status_code == 422
    group = parse(refused).select_one(f'[data-testid="role-change-{membership_id}"][open] fieldset')
    assert text_of(parse(refused).find(id=group["aria-describedby"])) == "Choose a role: organizer, analyst or viewer."
    assert all(radio["aria-invalid"] == "true" for radio in group.select("input[type=radio]"))
