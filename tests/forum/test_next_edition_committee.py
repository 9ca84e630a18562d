"""Starting the next edition: the organizer chooses which members of the steering committee carry on (all ticked at
first, a member who left named and unticked), and the new edition's pages and drafted report count only those."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from analysis.report.drafts import draft_way_forward
from forum.extensions import db
from forum.models import ActionItem, Forum, SteeringSignup, new_uuid
from forum.services.reports import report_input
from tests.forum.test_next_edition_carry import member_of
from tests.forum.test_series import demo, start_edition  # noqa: F401 (the fixture)
from tests.html import parse, text_of


def offered(page) -> list[tuple[str, bool, bool]]:
    """The committee's boxes on the next edition's form: (label, ticked, can be ticked)."""
    return [(text_of(label), label.input.has_attr("checked"), not label.input.has_attr("disabled"))
            for label in parse(page).select('[data-testid="members-to-carry"] label')]


@pytest.mark.parametrize("lang, boxes, carried, carry_on", [
    ("en", [("Amina Haddad (ACCES Employment), member who can own action items", True, True),
            ("Daniel Osei (TRIEC Mentoring Partnership), member who can own action items", True, True),
            ("Lucía Romero, left the committee", False, False)],
     "1 committee member carried from 2019", "1 member of the previous edition's committee carries on."),
    ("fr", [("Amina Haddad (ACCES Employment), membre pouvant être responsable d'actions", True, True),
            ("Daniel Osei (TRIEC Mentoring Partnership), membre pouvant être responsable d'actions", True, True),
            ("Lucía Romero, a quitté le comité", False, False)],
     "1 membre du comité reporté de 2019", "1 membre du comité de l'édition précédente continue."),
])
def test_the_organizer_chooses_which_members_carry_on(client, app, demo, lang, boxes, carried, carry_on):
    """Daniel is not on this year's committee: unticked, he is not carried, nor counted on the new edition's
    dashboard or in its drafted report; the item he owned comes without an owner. Lucía left last year: she is named,
    unticked, and cannot be ticked."""
    with app.app_context():
        lucia = db.session.get(SteeringSignup, member_of(app, demo, "Lucía Romero"))
        lucia.withdrawn_at = lucia.created_at
        db.session.commit()
    page = client.get(f"/forums/{demo}/next-edition?lang={lang}")
    assert offered(page) == boxes
    edition = start_edition(client, demo, members=[member_of(app, demo, "Amina Haddad")], committee_offered="y")
    with app.app_context():
        forum = db.session.get(Forum, edition)
        assert [member.name for member in forum.steering_signups] == ["Amina Haddad"]
        owners = {item.title.en: item.owner.name if item.owner else None for item in db.session.scalars(
            select(ActionItem).where(ActionItem.forum_id == edition))}
        assert owners["Launch a mentoring circle for ITPs in finance"] is None  # Daniel's
        assert owners["Run an unconscious-bias workshop for hiring managers"] == "Amina Haddad"
        assert draft_way_forward(report_input(forum, lang), lang).split("\n\n")[1] == carry_on
    dashboard = parse(client.get(f"/forums/{edition}?lang={lang}"))
    assert text_of(dashboard.select_one('[data-testid="count-carried-members"]')) == carried
    assert "Daniel Osei" in text_of(parse(client.get(f"/forums/{demo}/steering")).main)


def test_no_member_ticked_carries_none_and_a_form_without_the_boxes_carries_all(client, app, demo):
    """Every box unticked sends none of them: the form says the boxes were shown, so nobody is carried. A form sent
    without them (a page opened before they were offered) carries every member who has not left, as it said."""
    none = start_edition(client, demo, committee_offered="y")
    every = start_edition(client, demo, **{"name-en": "Forum 2020 bis", "again": "y"})
    with app.app_context():
        assert db.session.get(Forum, none).steering_signups == []
        assert sorted(member.name for member in db.session.get(Forum, every).steering_signups) == [
            "Amina Haddad", "Daniel Osei", "Lucía Romero"]


def test_a_member_who_left_is_not_carried_even_when_sent(client, app, demo):
    """A member who left after the form was opened (or a forged box) is not carried: they left the committee."""
    lucia = member_of(app, demo, "Lucía Romero")
    with app.app_context():
        signup = db.session.get(SteeringSignup, lucia)
        signup.withdrawn_at = signup.created_at
        db.session.commit()
    edition = start_edition(client, demo, members=[lucia, member_of(app, demo, "Amina Haddad")],
                            committee_offered="y")
    with app.app_context():
        assert [member.name for member in db.session.get(Forum, edition).steering_signups] == ["Amina Haddad"]


def test_a_box_that_is_no_number_is_refused_with_a_message(client, demo):
    response = client.post(f"/forums/{demo}/next-edition", data={"name-en": "Forum 2020", "client_id": new_uuid(),
                                                                  "members": "Daniel", "committee_offered": "y"})
    assert response.status_code == 422
    assert text_of(parse(response).select_one('[data-testid="members-to-carry"] .error'))
