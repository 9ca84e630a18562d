"""Every organizer route, tried as anonymous, as another forum's organizer and as each role on the
forum (viewer, analyst through the forum's organization, organizer, owner): served when the role
allows the route's action, otherwise refused without any change. A series' routes, with the roles on
the series: its creator (the owner) and a viewer of its comparison, invited or with a role on each of its
editions; a role on some of its forums gives none there.

The routes come from the app's URL map, so a new organizer page is covered as soon as it exists: it
fails ``test_every_organizer_route_names_its_action`` until it says which action it needs, and a new
kind of URL parameter fails ``test_every_url_parameter_has_values`` until VALUES learns it.
"""
from __future__ import annotations

import datetime
import functools
import io
from itertools import product

import pytest
from sqlalchemy import select

from forum import create_app
from forum.extensions import db
from forum.models import (ActionItem, AnalysisRun, Answer, Ballot, BallotItem, CodebookCode, EvaluationQuestion,
                          EvaluationResponse, Forum, IdeaCard, IdeaTheme, Invitation, Job, Membership, Organization,
                          ReviewComment, ReviewLink, Series, SteeringSignup, Theme, Translated, Vote, utcnow)
from forum.organize.access import required_action
from forum.organize.imports import pack
from forum.roles import Action, may
from tests.conftest import PASSWORD, SECRET_KEY

PUBLIC = {"organize.home"}
OWN_PAGES = {"organize.forum_list", "organize.forum_new", "organize.organization_new",
             "organize.series_list"}  # everyone has their own
# Posted, yet reading: a report file built for a viewer writes nothing of the forum (bounded per forum and account);
# a first build that failed is started again by posting to its preview's or file's address ("Try again").
READING_POSTS = {"jobs.build_report", "organize.report_preview", "organize.report_download"}
# Named here, not read from the routes' rules: analysts never reach these.
CONTACT_PAGES = {"organize.participants", "organize.attendees_csv", "organize.signups_csv", "organize.steering",
                 "organize.committee_link", "organize.committee_link_expiry", "organize.action_export",
                 "organize.report_announce", "organize.steering_reminders", "organize.mail_committee_link",
                 "organize.mail_committee_links", "organize.progress_news", "organize.progress_news_send",
                 "organize.progress_news_rest", "organize.progress_news_edit"}
SETTINGS_PAGES = {"organize.forum_settings", "organize.setup_list", "organize.setup_edit", "organize.setup_delete",
                  "organize.setup_move", "organize.capture_links", "organize.capture_round",
                  "organize.capture_link_action", "organize.capture_facilitator", "organize.evaluation_setup",
                  "organize.question_edit", "organize.question_action", "organize.import_upload",
                  "organize.import_columns", "organize.import_confirm", "organize.members_page",
                  "organize.owner_transfer", "organize.forum_organization", "organize.organization_settings",
                  "organize.organization_delete"}
PERSONAS = ("intruder", "viewer", "analyst", "organizer", "owner")
# Each persona's role on forum A, and in its organization (the analyst's role comes through the organization).
FORUM_ROLES = {"intruder": None, "viewer": "viewer", "analyst": "analyst", "organizer": "organizer", "owner": "owner"}
ORGANIZATION_ROLES = {"intruder": None, "viewer": None, "analyst": "analyst", "organizer": None,
                      "owner": "organizer"}
# The series holds forum A only: a role on it (the analyst's through the organization) reads the comparison.
SERIES_ROLES = {"intruder": None, "viewer": "viewer", "analyst": "viewer", "organizer": "viewer", "owner": "owner"}
TARGET_ROLES = {"/organizations": ORGANIZATION_ROLES, "/series": SERIES_ROLES}


@functools.cache
def organizer_rules():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": SECRET_KEY})
    return [rule for rule in app.url_map.iter_rules()
            if (rule.endpoint.startswith("organize.") or rule.rule.startswith(("/forums", "/organizations")))
            and rule.endpoint not in PUBLIC]


def variants(rule) -> list[dict]:
    """Every choice of the rule's any(...) parameters, e.g. kind=rounds|tables|groups."""
    names = sorted(n for n in rule.arguments if hasattr(rule._converters[n], "items"))
    return [dict(zip(names, combo)) for combo in product(*(sorted(rule._converters[n].items) for n in names))]


def url_for_forum_a(rule, variant: dict, forum_a: dict) -> str:
    """The rule's URL on forum A, its organization or its series (``organization_membership_id``...)."""
    names = [name for name in rule.arguments if name not in variant and name != "item_id"]
    prefix = {"organizations": "organization_", "series": "series_"}.get(rule.rule.split("/")[1], "")
    values = {name: forum_a[prefix + name if prefix + name in forum_a else name] for name in names}
    if "item_id" in rule.arguments:
        values["item_id"] = forum_a[variant["kind"]]
    return rule.build({**values, **variant})[1]


def cases():
    return [pytest.param(rule.rule, variant, id="-".join([rule.endpoint, *variant.values()]))
            for rule in organizer_rules() for variant in variants(rule)]


VALUES = {"forum_id", "idea_id", "item_id", "round_id", "question_id", "ballot_id", "theme_id", "action_id",
          "link_id", "comment_id", "table_id", "signup_id", "job_id", "organization_id", "membership_id",
          "invitation_id", "series_id", "code_id", "run_id"}

# Enough plausible form data that an unguarded view would change something.
POST_DATA = {
    "name": "Taken over", "title": "Taken over", "name-en": "Taken over", "title-en": "Taken over",
    "label-en": "Taken over", "text": "Taken over", "number": "77", "languages": "en",
    "report_out_limit": "7", "direction": "down", "kind": "ideas", "content": pack("text\nTaken over\n"),
    "role": "viewer", "email": "taken-over@example.org", "understood": "y",
    "new-label": "Taken over", "forum_id": "1", "carry-source_id": "1", "confirmed": "yes",
    **{f"new-{f}": v for f, v in (("title", "Taken over"), ("name", "Taken over"), ("number", "77"))},
}


@pytest.fixture
def forum_a(app, make_organizer, make_forum):
    owner = make_organizer("owner@example.org")
    forum_id = make_forum(owner, name="Forum A")
    make_forum(make_organizer("intruder@example.org"), name="The intruder's own forum")
    users = {persona: make_organizer(f"{persona}@example.org") for persona in ("viewer", "analyst", "organizer")}
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        organization = Organization(name="Partnership A", forums=[forum])
        db.session.add(organization)
        db.session.flush()
        viewer, analyst, organizer = (
            Membership(user_id=users[persona], role=persona, **target) for persona, target in
            (("viewer", {"forum_id": forum_id}), ("analyst", {"organization_id": organization.id}),
             ("organizer", {"forum_id": forum_id})))
        in_organization = Membership(user_id=owner, role="organizer", organization_id=organization.id)
        series = Series(owner_id=owner, name=Translated("Series of forum A"), forums=[forum])
        series_viewer = Membership(user_id=users["viewer"], role="viewer", series=series)
        invitations = [Invitation(email="invited@example.org", role=role, invited_by_id=owner,
                                  expires_at=utcnow() + datetime.timedelta(days=14), **target)
                       for role, target in (("analyst", {"forum_id": forum_id}),
                                            ("analyst", {"organization_id": organization.id}),
                                            ("viewer", {"series": series}))]
        db.session.add_all([viewer, analyst, organizer, in_organization, series_viewer, *invitations])
        card = IdeaCard(forum_id=forum_id, text="A card of forum A", starred=True)
        ballot = Ballot(forum_id=forum_id, title=Translated("Ballot of forum A"), items=[BallotItem(label=Translated("An item"))])
        run = AnalysisRun(forum_id=forum_id, status="done", idea_count=1, results={}, finished_at=utcnow(),
                          seconds=0.1)
        theme = Theme(run=run, forum_id=forum_id, key="t01", label=Translated("Theme of forum A"), size=1)
        action = ActionItem(forum_id=forum_id, title=Translated("An action of forum A"),
                            due_date=datetime.date(2027, 1, 31))  # something for the calendar export
        link = ReviewLink(forum_id=forum_id, reviewer_group="Council of forum A")
        signup = SteeringSignup(forum_id=forum_id, client_id="signup-a", name="Member of forum A",
                                email="member@example.org", consents_to_owner_role=True)
        code = CodebookCode(forum_id=forum_id, key="code_a", label=Translated("Code of forum A"))
        db.session.add_all([card, ballot, run, theme, action, link, signup, series, code])
        db.session.flush()
        comment = ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="comment-a", text="A comment")
        job = Job(forum_id=forum_id, kind="report", status="done", parameters={"format": "md", "lang": "en"},
                  result=b"# Report of forum A", result_name="report.md", result_type="text/markdown")
        # for the answers' export; not of the question the routes are tried on (deleting an answered one asks first)
        answered = next(q for q in reversed(forum.questions) if q.kind == "text" and q.round_id is None)
        assert answered.id != forum.questions[0].id
        response = EvaluationResponse(forum_id=forum_id, client_id="response-a",
                                      answers=[Answer(question_id=answered.id, text="An answer of forum A")])
        # for the session ratings' and the vote's exports (a file only with something in it); on the last round, not
        # the one the routes are tried on
        session = EvaluationQuestion(forum_id=forum_id, round_id=forum.rounds[-1].id, key="session_a_rating",
                                     kind="rating", prompt=Translated("Rate this session"), position=99)
        db.session.add(session)
        db.session.flush()
        rating = EvaluationResponse(forum_id=forum_id, round_id=forum.rounds[-1].id,
                                    scope=f"round:{forum.rounds[-1].id}", client_id="rating-a",
                                    answers=[Answer(question_id=session.id, number=4)])
        dots = Vote(ballot_id=ballot.id, item_id=ballot.items[0].id, device_token="device-a", dots=1)
        db.session.add_all([IdeaTheme(run_id=run.id, idea_id=card.id, theme_id=theme.id), comment, job, response,
                            rating, dots])
        db.session.commit()
        return {"forum_id": forum_id, "idea_id": card.id, "rounds": forum.rounds[0].id,
                "tables": forum.tables[0].id, "groups": forum.groups[0].id, "round_id": forum.rounds[0].id,
                "question_id": forum.questions[0].id, "ballot_id": ballot.id, "theme_id": theme.id, "run_id": run.id,
                "action_id": action.id, "link_id": link.id, "comment_id": comment.id, "table_id": forum.tables[0].id,
                "signup_id": signup.id, "job_id": job.id, "organization_id": organization.id,
                "membership_id": viewer.id, "invitation_id": invitations[0].id,
                "organization_membership_id": analyst.id, "organization_invitation_id": invitations[1].id,
                "series_id": series.id, "series_membership_id": series_viewer.id,
                "series_invitation_id": invitations[2].id, "code_id": code.id}


def snapshot(app):
    """Every row of every table: the database must be exactly the same afterwards."""
    with app.app_context():
        return {table.name: sorted(map(tuple, db.session.execute(select(table)).all()), key=repr)
                for table in db.metadata.sorted_tables}


def post_data(url, forum_a=None):
    data = dict(POST_DATA)
    if forum_a:
        data["membership_id"], data["organization_id"] = forum_a["membership_id"], forum_a["organization_id"]
    item_id = url.split("/")[4] if url.count("/") >= 4 else ""  # /forums/<id>/<kind>/<item_id>
    for field, value in (("title", "Taken over"), ("name", "Taken over"), ("number", "77")):
        data[f"item{item_id}-{field}"] = value
    data["file"] = (io.BytesIO(b"text\nTaken over\n"), "ideas.csv")
    data["import-file"] = (io.BytesIO(b"key,label\ntaken,Taken over\n"), "codes.csv")
    return data


def requests_for(rule_path, variant, forum_a):
    rule = next(r for r in organizer_rules() if r.rule == rule_path)
    url = url_for_forum_a(rule, variant, forum_a)
    for method in ("GET", "POST"):
        yield rule, url, method


def test_every_url_parameter_has_values():
    for rule in organizer_rules():
        unknown = {name for name in rule.arguments
                   if name not in VALUES and not hasattr(rule._converters[name], "items")}
        assert not unknown, f"{rule.rule}: teach test_access.py ids for {unknown}"


@pytest.mark.parametrize("rule_path, variant", cases())
def test_anonymous_visitors_are_sent_to_log_in(client, app, forum_a, rule_path, variant):
    before = snapshot(app)
    for rule, url, method in requests_for(rule_path, variant, forum_a):
        response = client.open(url, method=method, data=post_data(url) if method == "POST" else None)
        if method in rule.methods:
            assert response.status_code == 302, (method, url)
            location = response.headers["Location"]
            # A page is come back to after logging in; a POST-only action is not (it would be a 405).
            assert location.startswith("/login?next=/") if method == "GET" else location.startswith("/login"), \
                (method, url)
        else:
            assert response.status_code == 405, (method, url)
    assert snapshot(app) == before




def test_every_organizer_route_names_its_action():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": SECRET_KEY})
    for rule in organizer_rules():
        if rule.endpoint in OWN_PAGES:
            continue
        view = app.view_functions[rule.endpoint]
        for method in {"GET", "POST"} & rule.methods:
            assert method in getattr(view, "required_actions", {}), \
                f"{rule.rule} ({method}): name the action it needs with @requires (forum.organize.access)"


def test_viewers_never_write_and_analysts_never_see_contacts_or_settings():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": SECRET_KEY})
    with app.test_request_context():
        for rule in organizer_rules():
            if rule.endpoint in OWN_PAGES:
                continue
            if "POST" in rule.methods and rule.endpoint not in READING_POSTS:
                assert not may("viewer", required_action(rule.endpoint, "POST")), rule.rule
            if rule.endpoint in CONTACT_PAGES | SETTINGS_PAGES:
                for method in {"GET", "POST"} & rule.methods:
                    assert not may("analyst", required_action(rule.endpoint, method)), (method, rule.rule)
        assert required_action("organize.participants", "GET") == Action.CONTACTS


def _served(rule, variant, response) -> bool:
    if rule.endpoint == "organize.setup_move" and variant.get("kind") == "tables":
        return response.status_code == 404  # tables are ordered by number
    if rule.endpoint == "organize.import_undo":
        return response.status_code == 404  # no ?at=: no import named to undo
    if rule.endpoint == "organize.action_proposal":
        return response.status_code == 409  # forum A's action is in the plan, not a proposal to decide
    if rule.endpoint in ("analysis_pages.suggestion_accept", "analysis_pages.suggestion_reject"):
        return response.status_code == 409  # forum A's card was given no suggested group
    if rule.endpoint == "organize.undo_close_everything":
        return response.status_code == 400  # the form names no close to undo (forum A was never closed)
    if rule.endpoint == "organize.not_over_yet":
        return response.status_code == 400  # the form names no end its page read
    if rule.endpoint == "analysis_pages.go_back":
        return response.status_code == 409  # forum A has one run: no earlier one to go back to
    if rule.endpoint in ("organize.try_member_address_again", "organize.report_news_try_again"):
        return response.status_code == 409  # the mail server refused no address of forum A: nothing to try again
    if rule.endpoint in ("organize.report_announce", "organize.mail_committee_link",
                         "organize.mail_committee_links"):
        return response.status_code == 409  # mail is off in these tests: nothing can be sent
    if rule.endpoint in ("organize.progress_news_send", "organize.progress_news_rest"):
        return response.status_code in (400, 409)  # no form sent, or mail off: nothing can be sent
    return response.status_code in (200, 302, 422)


@pytest.mark.parametrize("rule_path, variant", cases())
def test_each_role_is_served_or_refused(app, forum_a, rule_path, variant):
    """Refused roles first (403, or 404 for no role at all; nothing changed), then the roles the route is for: every one of them
    for a page (GET), the weakest for a change (POST), since it may change what the others would see."""
    clients = {}
    for persona in PERSONAS:
        clients[persona] = app.test_client()
        clients[persona].post("/login", data={"email": f"{persona}@example.org", "password": PASSWORD})
    roles = TARGET_ROLES.get("/" + rule_path.split("/")[1], FORUM_ROLES)
    for rule, url, method in requests_for(rule_path, variant, forum_a):
        if method not in rule.methods or rule.endpoint in OWN_PAGES:
            continue
        with app.test_request_context():
            action = required_action(rule.endpoint, method)
        allowed = [persona for persona in PERSONAS if may(roles[persona], action)]
        before = snapshot(app)
        for persona in PERSONAS:
            if persona in allowed:
                continue
            response = clients[persona].open(url, method=method, data=post_data(url, forum_a) if method == "POST"
                                             else None)
            # no role there: as if it did not exist (404); a role that does not allow the route: refused (403)
            expected = 404 if roles[persona] is None else 403
            assert response.status_code == expected, (persona, method, url, response.status_code)
            page = response.get_data(as_text=True)
            assert "A card of forum A" not in page and "member@example.org" not in page, (persona, method, url)
        assert snapshot(app) == before, (method, url)
        for persona in allowed if method == "GET" else allowed[:1]:
            response = clients[persona].open(url, method=method, data=post_data(url, forum_a) if method == "POST"
                                             else None)
            assert _served(rule, variant, response), (persona, method, url, response.status_code)
