"""Who may learn that a forum exists: an account with no role on it is answered 404, exactly as for a forum id that
was never used (forum ids cannot be enumerated), with another forum's review links and committee members too; a
member whose role lacks the right (a viewer pressing an organizer's button) knows the forum and is told why (403)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, Membership, Organization, ReviewLink, Series, SteeringSignup, Table, Translated
from tests.conftest import PASSWORD, add_committee_member, add_organizer, member_client
from tests.html import parse, text_of

NEVER_USED = 99999


@pytest.fixture
def forum_a(app, make_forum):
    """Forum A of its owner, in an organization and a series, with a review link and a committee member."""
    owner = add_organizer(app, "owner@example.org", "Owen Owner")
    forum_id = make_forum(owner, name="Forum A")
    with app.app_context():
        link = ReviewLink(forum_id=forum_id, reviewer_group="Council of forum A")
        member = add_committee_member(forum_id, name="Member of forum A", email="member@example.org",
                                      committee_link_version=1)
        organization = Organization(name="Partnership A")
        db.session.add_all([link, organization])
        db.session.flush()
        db.session.add(Membership(user_id=owner, role="organizer", organization_id=organization.id))
        series = Series(owner_id=owner, name=Translated("Series of forum A"))
        db.session.add(series)
        db.session.flush()
        forum = db.session.get(Forum, forum_id)
        forum.organization_id, forum.series_id = organization.id, series.id
        table_id = db.session.scalar(select(Table.id).where(Table.forum_id == forum_id))
        db.session.commit()
        return {"id": forum_id, "link_id": link.id, "signup_id": member.id, "organization_id": organization.id,
                "series_id": series.id, "table_id": table_id}


def logged_in(app, email: str):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def refusal(response) -> str:
    return text_of(parse(response.get_data(as_text=True)).select_one("main"))


def link_and_member(app, forum_a) -> tuple:
    with app.app_context():
        return (db.session.get(ReviewLink, forum_a["link_id"]).revoked_at,
                db.session.get(SteeringSignup, forum_a["signup_id"]).committee_link_active)


def routes(forum_a, forum_id=None):
    """A few representative routes of forum A (or of ``forum_id`` with forum A's review link and member)."""
    forum_id = forum_a["id"] if forum_id is None else forum_id
    return [("get", f"/forums/{forum_id}"), ("get", f"/forums/{forum_id}/ideas"),
            ("get", f"/forums/{forum_id}/steering"), ("get", f"/forums/{forum_id}/review"),
            ("post", f"/forums/{forum_id}/review/links/{forum_a['link_id']}/revoke"),
            ("post", f"/forums/{forum_id}/steering/{forum_a['signup_id']}/link/revoke"),
            ("post", f"/forums/{forum_id}/steering/{forum_a['signup_id']}/link/issue")]


def test_a_stranger_gets_the_same_404_as_for_a_forum_that_does_not_exist(app, forum_a, make_forum):
    make_forum(add_organizer(app, "stranger@example.org", "Stan Stranger"), name="Stan's own forum")
    stranger = logged_in(app, "stranger@example.org")
    before = link_and_member(app, forum_a)
    for (method, url), (_method, never) in zip(routes(forum_a), routes(forum_a, NEVER_USED)):
        answer, unknown = getattr(stranger, method)(url, data={"confirmed": "yes"}), getattr(stranger, method)(never)
        assert (answer.status_code, unknown.status_code) == (404, 404), url
        assert refusal(answer) == refusal(unknown), url
        assert "Forum A" not in answer.text and "member@example.org" not in answer.text, url
    for url, never in ((f"/organizations/{forum_a['organization_id']}", f"/organizations/{NEVER_USED}"),
                       (f"/series/{forum_a['series_id']}", f"/series/{NEVER_USED}"),
                       (f"/capture/tables/{forum_a['table_id']}", f"/capture/tables/{NEVER_USED}")):
        answer, unknown = stranger.get(url), stranger.get(never)
        assert (answer.status_code, unknown.status_code) == (404, 404), url
        assert refusal(answer) == refusal(unknown), url
    assert link_and_member(app, forum_a) == before


def test_another_forums_review_link_and_committee_member_are_unknown_on_ones_own_forum(app, forum_a, make_forum):
    """An organizer of forum B who puts forum A's review link or member id in forum B's addresses: 404, as for an
    id never used, and nothing of forum A changes."""
    forum_b = make_forum(add_organizer(app, "bea@example.org", "Bea"), name="Forum B")
    bea = logged_in(app, "bea@example.org")
    before = link_and_member(app, forum_a)
    for method, url in routes(forum_a, forum_b)[4:]:
        answer = getattr(bea, method)(url, data={"confirmed": "yes"})
        assert answer.status_code == 404, url
        assert "Council of forum A" not in answer.text and "Member of forum A" not in answer.text, url
    never = bea.post(f"/forums/{forum_b}/steering/{NEVER_USED}/link/revoke", data={"confirmed": "yes"})
    assert refusal(bea.post(routes(forum_a, forum_b)[5][1], data={"confirmed": "yes"})) == refusal(never)
    assert link_and_member(app, forum_a) == before


def test_a_viewer_knows_the_forum_and_is_told_their_role_does_not_allow_it(app, forum_a):
    viewer = member_client(app, forum_a["id"], "viewer", "vic@example.org", "Vic Viewer")
    before = link_and_member(app, forum_a)
    assert viewer.get(f"/forums/{forum_a['id']}").status_code == 200
    for method, url in routes(forum_a)[2:]:
        answer = getattr(viewer, method)(url, data={"confirmed": "yes"})
        assert answer.status_code == 403, url
        assert "Your role here (viewer) does not allow this page or change." in refusal(answer), url
        assert "member@example.org" not in answer.text, url
    assert viewer.get(f"/capture/tables/{forum_a['table_id']}").status_code == 403  # the organizers' capture page
    assert link_and_member(app, forum_a) == before


def test_a_members_link_with_another_forums_item_id_gets_the_same_404_as_an_id_never_used(app, forum_a, make_forum):
    """A committee member of forum B who puts forum A's action item id in their link's addresses learns nothing of
    it: the same 404 and message as for an id never used, and the item is unchanged."""
    from forum.models import ActionItem
    from forum.services.committee import committee_token

    forum_b = make_forum(add_organizer(app, "bea@example.org", "Bea"), name="Forum B")
    with app.app_context():
        item = ActionItem(forum_id=forum_a["id"], title=Translated("An action of forum A"), status="planned")
        db.session.add(item)
        ben = add_committee_member(forum_b, name="Ben of forum B", email="ben@example.org", client_id="b",
                                   committee_link_version=1)
        db.session.commit()
        item_id, token = item.id, committee_token(ben)
    phone = app.test_client()
    for path, data in (("status", {f"item{{}}-status": "done"}), ("follow-ups", {f"item{{}}-note": "Done."}),
                       ("give-back", {f"item{{}}-reason": "Not mine."})):
        answers = [phone.post(f"/c/{token}/items/{action_id}/{path}",
                              data={name.format(action_id): value for name, value in data.items()})
                   for action_id in (item_id, NEVER_USED)]
        assert [answer.status_code for answer in answers] == [404, 404], path
        assert refusal(answers[0]) == refusal(answers[1]), path
        assert "forum A" not in answers[0].text, path
    with app.app_context():
        item = db.session.get(ActionItem, item_id)
        assert (item.status, item.follow_ups, item.owner_signup_id) == ("planned", [], None)
