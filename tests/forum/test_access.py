"""Every organizer route, tried as anonymous and as another organizer: never served, never a change.

The routes come from the app's URL map, so a new organizer page is covered as soon as it exists;
a new kind of URL parameter fails ``test_every_url_parameter_has_values`` until VALUES learns it.
"""
from __future__ import annotations

import functools
import io
from itertools import product

import pytest
from sqlalchemy import select

from forum import create_app
from forum.extensions import db
from forum.models import (ActionItem, AnalysisRun, Ballot, BallotItem, CodebookCode, Forum, IdeaCard, IdeaTheme, Job,
                          ReviewComment, ReviewLink, Series, SteeringSignup, Theme, utcnow)
from forum.organize.imports import pack
from tests.conftest import PASSWORD

PUBLIC = {"organize.home"}
OWN_PAGES = {"organize.forum_list", "organize.forum_new", "organize.series_list"}  # every organizer has their own


@functools.cache
def organizer_rules():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    return [rule for rule in app.url_map.iter_rules()
            if (rule.endpoint.startswith("organize.") or rule.rule.startswith("/forums"))
            and rule.endpoint not in PUBLIC]


def variants(rule) -> list[dict]:
    """Every choice of the rule's any(...) parameters, e.g. kind=rounds|tables|groups."""
    names = sorted(n for n in rule.arguments if hasattr(rule._converters[n], "items"))
    return [dict(zip(names, combo)) for combo in product(*(sorted(rule._converters[n].items) for n in names))]


def url_for_forum_a(rule, variant: dict, forum_a: dict) -> str:
    values = {name: forum_a[name] for name in rule.arguments if name not in variant and name != "item_id"}
    if "item_id" in rule.arguments:
        values["item_id"] = forum_a[variant["kind"]]
    return rule.build({**values, **variant})[1]


def cases():
    return [pytest.param(rule.rule, variant, id="-".join([rule.endpoint, *variant.values()]))
            for rule in organizer_rules() for variant in variants(rule)]


VALUES = {"forum_id", "idea_id", "item_id", "round_id", "question_id", "ballot_id", "theme_id", "action_id",
          "link_id", "comment_id", "table_id", "signup_id", "job_id", "series_id", "code_id"}

# Enough plausible form data that an unguarded view would change something.
POST_DATA = {
    "name": "Taken over", "title": "Taken over", "text": "Taken over", "number": "77", "languages": "en",
    "report_out_limit": "7", "direction": "down", "kind": "ideas", "content": pack("text\nTaken over\n"),
    "new-label": "Taken over", "forum_id": "1", "carry-source_id": "1", "confirmed": "yes",
    **{f"new-{f}": v for f, v in (("title", "Taken over"), ("name", "Taken over"), ("number", "77"))},
}


@pytest.fixture
def forum_a(app, make_organizer, make_forum):
    owner = make_organizer("owner@example.org")
    forum_id = make_forum(owner, name="Forum A")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        card = IdeaCard(forum_id=forum_id, text="A card of forum A", starred=True)
        ballot = Ballot(forum_id=forum_id, title="Ballot of forum A", items=[BallotItem(label="An item")])
        run = AnalysisRun(forum_id=forum_id, status="done", idea_count=1, results={}, finished_at=utcnow(),
                          seconds=0.1)
        theme = Theme(run=run, forum_id=forum_id, key="t01", label="Theme of forum A", size=1)
        action = ActionItem(forum_id=forum_id, title="An action of forum A")
        link = ReviewLink(forum_id=forum_id, reviewer_group="Council of forum A")
        signup = SteeringSignup(forum_id=forum_id, client_id="signup-a", name="Member of forum A",
                                email="member@example.org", consents_to_owner_role=True)
        series = Series(owner_id=owner, name="Series of forum A", forums=[forum])
        code = CodebookCode(forum_id=forum_id, key="code_a", label="Code of forum A")
        db.session.add_all([card, ballot, run, theme, action, link, signup, series, code])
        db.session.flush()
        comment = ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="comment-a", text="A comment")
        job = Job(forum_id=forum_id, kind="report", status="done", parameters={"format": "md", "lang": "en"},
                  result=b"# Report of forum A", result_name="report.md", result_type="text/markdown")
        db.session.add_all([IdeaTheme(run_id=run.id, idea_id=card.id, theme_id=theme.id), comment, job])
        db.session.commit()
        return {"forum_id": forum_id, "idea_id": card.id, "rounds": forum.rounds[0].id,
                "tables": forum.tables[0].id, "groups": forum.groups[0].id, "round_id": forum.rounds[0].id,
                "question_id": forum.questions[0].id, "ballot_id": ballot.id, "theme_id": theme.id,
                "action_id": action.id, "link_id": link.id, "comment_id": comment.id, "table_id": forum.tables[0].id,
                "signup_id": signup.id, "job_id": job.id, "series_id": series.id, "code_id": code.id}


def snapshot(app):
    """Every row of every table: the database must be exactly the same afterwards."""
    with app.app_context():
        return {table.name: sorted(map(tuple, db.session.execute(select(table)).all()), key=repr)
                for table in db.metadata.sorted_tables}


def post_data(url):
    data = dict(POST_DATA)
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


@pytest.mark.parametrize("rule_path, variant", cases())
def test_another_organizer_is_refused(client, auth, app, forum_a, make_organizer, rule_path, variant):
    make_organizer("intruder@example.org")
    auth.login("intruder@example.org", PASSWORD)
    before = snapshot(app)
    for rule, url, method in requests_for(rule_path, variant, forum_a):
        response = client.open(url, method=method, data=post_data(url) if method == "POST" else None)
        page = response.get_data(as_text=True)
        if method not in rule.methods:
            assert response.status_code == 405, (method, url)
        elif rule.endpoint in OWN_PAGES:
            assert "Forum A" not in page and "A card of forum A" not in page, (method, url)
            continue  # their own forum list / new forum form: may create their own forum
        else:
            assert response.status_code in (403, 404), (method, url, response.status_code)
        assert "Forum A" not in page and "A card of forum A" not in page, (method, url)
    if rule.endpoint not in OWN_PAGES:
        assert snapshot(app) == before


@pytest.mark.parametrize("rule_path, variant", cases())
def test_the_owner_is_served_at_the_same_urls(client, auth, app, forum_a, rule_path, variant):
    """Proves the ids above are right: the same requests work for forum A's organizer."""
    auth.login("owner@example.org", PASSWORD)
    for rule, url, method in requests_for(rule_path, variant, forum_a):
        if method not in rule.methods:
            continue
        response = client.open(url, method=method, data=post_data(url) if method == "POST" else None)
        if rule.endpoint == "organize.setup_move" and variant["kind"] == "tables":
            assert response.status_code == 404  # tables are ordered by number
        elif rule.endpoint == "organize.action_proposal":
            assert response.status_code == 409  # forum A's action is in the plan, not a proposal to decide
        else:
            assert response.status_code in (200, 302, 422), (method, url, response.status_code)
