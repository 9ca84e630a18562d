"""The report page, downloads, share link, review links and the action plan, through the web app."""
from __future__ import annotations

import csv
import io

import pytest
from docx import Document as open_docx
from sqlalchemy import event, func, select

from forum.extensions import db
from forum.models import (ActionItem, Forum, IdeaCard, Participant, ReportDraft, ReviewComment, ReviewLink,
                          SteeringSignup, Theme, Translated)
from forum.services.analysis_runs import run_analysis
from forum.services.reports import save_report
from tests.conftest import PASSWORD
from tests.forum.analysis_support import add_cards, load_demo_forum
from tests.html import parse, text_of

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def demo(app, client, organizer):
    """The demo forum analysed, two steering sign-ups (one agreed to own actions), owned by the logged-in organizer."""
    forum_id = load_demo_forum(app)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.owner_id = organizer
        run = run_analysis(forum)
        assert run.status == "done", run.error
        db.session.add_all([
            SteeringSignup(forum_id=forum_id, client_id="s1", name="Amina Owner", email="amina@example.org",
                           organization="ACCES", consents_to_owner_role=True),
            SteeringSignup(forum_id=forum_id, client_id="s2", name="Ben Helper", email="ben@example.org"),
        ])
        db.session.commit()
    return forum_id


def signup_id(app, name):
    with app.app_context():
        return db.session.scalar(select(SteeringSignup.id).where(SteeringSignup.name == name))


def test_report_page_downloads_every_format_with_the_exact_sample_figures(client, demo):
    page = client.get(f"/forums/{demo}/report")
    assert page.status_code == 200 and b"Post-forum report" in page.data
    html = client.get(f"/forums/{demo}/report/preview").get_data(as_text=True)
    spans = [text_of(span) for span in parse(html).find_all("span")]
    for figure in ("26", "4.19", "92%", "65%"):
        assert figure in spans
    # 92% rated it excellent or very good, and 92% of the 25 who answered want it every year (88% of all 26 before)
    assert spans.count("92%") >= 2 and "88%" not in spans
    assert "Draft report — not yet final" in html and "data:image/png;base64," in html
    for fmt, mimetype in (("html", "text/html"), ("pdf", "application/pdf"), ("md", "text/markdown"),
                          ("docx", "application/vnd.openxmlformats"), ("brief", "application/pdf")):
        response = client.get(f"/forums/{demo}/report/download/{fmt}?report_lang=fr")
        assert response.status_code == 200 and response.mimetype.startswith(mimetype), fmt
        assert "attachment" in response.headers["Content-Disposition"] and "-fr." in response.headers["Content-Disposition"]
    docx = open_docx(io.BytesIO(client.get(f"/forums/{demo}/report/download/docx").data))
    assert "Top priorities" in [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert len(docx.inline_shapes) == 5
    markdown = client.get(f"/forums/{demo}/report/download/md?report_lang=fr").get_data(as_text=True)
    assert "**4,19** note moyenne" in markdown and "**92\u00a0%**" in markdown
    assert client.get(f"/forums/{demo}/report/download/exe").status_code == 404


def test_drafted_texts_stay_drafts_until_edited_and_are_escaped(client, demo):
    form = parse(client.get(f"/forums/{demo}/report"))
    unchanged = form.select_one("textarea[name=executive_summary]").get_text().lstrip()
    fingerprint = form.select_one("input[type=hidden][name=summary_draft]")["value"]
    way = form.select_one("input[type=hidden][name=way_forward_draft]")["value"]
    response = client.post(f"/forums/{demo}/report", data={
        "language": "en", "executive_summary": unchanged, "way_forward": "", "summary_draft": fingerprint,
        "way_forward_draft": way})
    assert response.status_code == 302
    assert "DRAFT generated from the data" in client.get(f"/forums/{demo}/report/preview").get_data(as_text=True)
    client.post(f"/forums/{demo}/report?report_lang=fr", data={"language": "fr", "executive_summary": f"Notre résumé {SCRIPT}",
                                                        "way_forward": "", "summary_draft": fingerprint,
                                                        "way_forward_draft": way})
    preview = client.get(f"/forums/{demo}/report/preview").get_data(as_text=True)
    assert "Notre résumé &lt;script&gt;" in preview and SCRIPT not in preview
    assert "Résumé" in preview  # the report language is now French
    too_long = client.post(f"/forums/{demo}/report", data={"language": "en", "executive_summary": "x" * 20001})
    assert too_long.status_code == 422
    assert client.post(f"/forums/{demo}/report", data={"language": "de"}).status_code == 422


def test_share_link_can_be_turned_off_and_replaced(client, demo, app):
    assert client.get(f"/forums/{demo}/report").status_code == 200
    with app.app_context():  # reading the report page stores nothing
        assert db.session.scalar(select(ReportDraft.id).where(ReportDraft.forum_id == demo)) is None
    assert client.post(f"/forums/{demo}/report", data={"language": "en"}).status_code == 302  # saving stores it
    with app.app_context():
        token = db.session.scalar(select(ReportDraft.share_token).where(ReportDraft.forum_id == demo))
    assert len(token) >= 32
    assert client.get(f"/r/{token}").status_code == 403  # not shared yet
    client.post(f"/forums/{demo}/report/share")
    shared = client.get(f"/r/{token}")
    assert shared.status_code == 200 and b"4.19" in shared.data and shared.headers["X-Robots-Tag"] == "noindex"
    for action, question in (("new_link", "Give the report a new link?"), ("unshare", "Stop sharing the report?")):
        asked = parse(client.post(f"/forums/{demo}/report/{action}"))  # a shared link is not changed on one tap
        assert text_of(asked.h1) == question and asked.select_one("input[name=confirmed]")["value"] == "yes"
        assert client.get(f"/r/{token}").status_code == 200
    client.post(f"/forums/{demo}/report/new_link", data={"confirmed": "yes"})
    assert client.get(f"/r/{token}").status_code == 404
    client.post(f"/forums/{demo}/report/unshare", data={"confirmed": "yes"})
    with app.app_context():
        token = db.session.scalar(select(ReportDraft.share_token).where(ReportDraft.forum_id == demo))
    assert client.get(f"/r/{token}").status_code == 403
    client.post(f"/forums/{demo}/report/final")
    assert b"Draft report" not in client.get(f"/forums/{demo}/report/preview").data


def test_review_link_comments_moderation_and_reviewers_section(client, demo, app):
    assert client.post(f"/forums/{demo}/review", data={"reviewer_group": ""}).status_code == 422
    client.post(f"/forums/{demo}/review", data={"reviewer_group": f"Newcomer council {SCRIPT}"})
    with app.app_context():
        link = db.session.scalar(select(ReviewLink).where(ReviewLink.forum_id == demo))
        token, link_id = link.token, link.id
        idea_id = db.session.scalar(select(IdeaCard.id).where(IdeaCard.forum_id == demo).limit(1))
    client.post("/logout")  # reviewers have no account
    review = client.get(f"/review/{token}").get_data(as_text=True)
    assert "Newcomer council &lt;script&gt;" in review and f"/review/{token}/comment?section=priorities" in review
    assert f"/review/{token}/comment?idea={idea_id}" in review
    assert client.get(f"/review/{token}/comment?section=nonsense").status_code == 404
    assert client.get(f"/review/{token}/comment?idea=999999").status_code == 404
    assert client.get(f"/review/{token}/comment?idea={10 ** 30}").status_code == 404
    assert client.get(f"/review/{token}/comment?idea=abc").status_code == 404
    assert client.get(f"/review/{token}/comment").status_code == 404
    assert client.post(f"/review/{token}/comment?section=priorities", data={"text": "", "client_id": "c0"}).status_code == 422
    for _ in range(2):  # a double submit is saved once
        response = client.post(f"/review/{token}/comment?section=priorities",
                               data={"text": f"Add mentoring for women {SCRIPT}", "author_name": "Rosa",
                                     "client_id": "c1"})
        assert response.status_code == 302
    client.post(f"/review/{token}/comment?idea={idea_id}", data={"text": "Agreed, very important", "client_id": "c2"})
    client.post(f"/review/{token}/comment?section=ideas", data={"text": "Spam", "client_id": "c3"})
    with app.app_context():
        comments = {c.client_id: c.id for c in db.session.scalars(select(ReviewComment))}
    assert set(comments) == {"c1", "c2", "c3"}
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    page = client.get(f"/forums/{demo}/review").get_data(as_text=True)
    assert "Waiting for your decision (3)" in page and SCRIPT not in page
    client.post(f"/forums/{demo}/review/comments/{comments['c1']}/approve")
    client.post(f"/forums/{demo}/review/comments/{comments['c2']}/approve")
    client.post(f"/forums/{demo}/review/comments/{comments['c3']}/reject")
    report = client.get(f"/forums/{demo}/report/download/md").get_data(as_text=True)
    section = report.split("## Reviewers' input", 1)[1].split("\n## ", 1)[0]
    assert "Add mentoring for women \\<script\\>" in section and "— Rosa" in section
    assert "On “Top priorities”" in section and "Agreed, very important" in section and "Spam" not in section
    asked = parse(client.post(f"/forums/{demo}/review/links/{link_id}/revoke"))
    assert text_of(asked.h1) == f"Turn off the review link of Newcomer council {SCRIPT}?"  # asked first, escaped
    assert client.get(f"/review/{token}").status_code == 200
    client.post(f"/forums/{demo}/review/links/{link_id}/revoke", data={"confirmed": "yes"})
    assert client.get(f"/review/{token}").status_code == 403
    assert client.post(f"/review/{token}/comment?section=ideas", data={"text": "late", "client_id": "c4"}).status_code == 403


def test_a_switched_off_review_link_says_so_and_what_to_do(client, demo, app):
    """Not "This page does not exist": the reviewers may have a comment half typed."""
    client.post(f"/forums/{demo}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        link = db.session.scalar(select(ReviewLink).where(ReviewLink.forum_id == demo))
        token, link_id = link.token, link.id
    client.post(f"/forums/{demo}/review/links/{link_id}/revoke", data={"confirmed": "yes"})
    client.post("/logout")
    for url in (f"/review/{token}?lang=fr", f"/review/{token}/comment?section=priorities&lang=fr"):
        page = client.get(url)
        assert page.status_code == 403
        assert "Ce lien de relecture est désactivé. Demandez à l'organisateur de le réactiver." in text_of(parse(page))
    unknown = client.get(f"/review/{token[:-2]}xx?lang=en")
    assert unknown.status_code == 404 and "This review link is not valid." in text_of(parse(unknown))


def test_a_comment_on_an_idea_deleted_meanwhile_says_so_at_the_top_where_the_page_opens(client, demo, app):
    """The idea deleted between the comment and the page it leads to: the message has no place under it, and is
    shown at the top of the page, holding the address's fragment (the idea's id) and focusable, so that the browser
    focuses it even without the page's script (and the script does too): no longer an unfocused status line."""
    from datetime import datetime, timezone

    from forum.models import IdeaCard

    client.post(f"/forums/{demo}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        token = db.session.scalar(select(ReviewLink.token).where(ReviewLink.forum_id == demo))
    client.post("/logout")
    idea = parse(client.get(f"/review/{token}").get_data(as_text=True)).select_one("li[id^=idea-]")["id"]
    sent = client.post(f"/review/{token}/comment?idea={idea.removeprefix('idea-')}",
                       data={"text": "Agreed", "client_id": "c1"})
    assert sent.location.endswith(f"#{idea}")
    with app.app_context():
        db.session.get(IdeaCard, int(idea.removeprefix("idea-"))).deleted_at = \
            datetime.now(timezone.utc).replace(tzinfo=None)
        db.session.commit()
    html = client.get(sent.location).get_data(as_text=True)
    page = parse(html)
    messages = page.select_one(f"#{idea}")
    assert messages.find_parent(class_="review-bar") and messages["tabindex"] == "-1"
    assert messages["class"] == ["review-messages"] and not messages.select("[role=status]")
    assert text_of(messages).startswith("Thank you: your comment was sent to the organizer.")
    assert "/static/review.js" in html


def test_a_reviewers_thanks_is_shown_where_the_page_opens_beside_what_they_commented_on(client, demo, app):
    client.post(f"/forums/{demo}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        token = db.session.scalar(select(ReviewLink.token).where(ReviewLink.forum_id == demo))
    client.post("/logout")
    idea = parse(client.get(f"/review/{token}?lang=fr").get_data(as_text=True)).select_one("li[id^=idea-]")
    sent = client.post(f"/review/{token}/comment?lang=fr&idea={idea['id'].removeprefix('idea-')}",
                       data={"text": "D'accord", "client_id": "c1"})
    assert sent.location.endswith(f"lang=fr#{idea['id']}")  # back at the idea: a reload opens there again
    page = parse(client.get(sent.location).get_data(as_text=True))
    # the idea's id held by its message while it is shown: the browser opens the page at the message and focuses it
    messages = page.select_one(f"#{idea['id']}")
    assert messages["class"] == ["review-messages"] and messages["tabindex"] == "-1"
    assert messages.find_parent("li").select_one(f"#{idea['id']}-text")
    assert text_of(messages).startswith("Merci : votre commentaire")
    assert not page.select(".review-bar [role=status]")
    sent = client.post(f"/review/{token}/comment?section=priorities", data={"text": "Oui", "client_id": "c2"})
    assert sent.location.endswith("#priorities")
    page = parse(client.get(sent.location).get_data(as_text=True))
    heading, message = page.select_one("section[aria-labelledby=priorities-h]").find_all(recursive=False)[:2]
    assert heading.name == "h2" and message["id"] == "priorities" and message["tabindex"] == "-1"
    assert not page.select("#priorities [role=status]")  # focused where the page opens: read once, no live region too
    again = parse(client.get(sent.location).get_data(as_text=True))
    assert not again.select(".review-messages") and again.select_one("#priorities").name == "section"  # shown once


def test_action_plan_drafts_owners_follow_ups_exports_and_steering(client, demo, app):
    assert client.post(f"/forums/{demo}/actions/draft").status_code == 302
    with app.app_context():
        items = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == demo)).all()
        assert len(items) == 5 and all(i.theme_id and i.due_date and i.lead_group_id for i in items)
        theme_id = items[0].theme_id
    client.post(f"/forums/{demo}/actions/draft")  # drafting again adds nothing
    with app.app_context():
        assert db.session.scalar(select(func.count(ActionItem.id))) == 5
    owner, helper = signup_id(app, "Amina Owner"), signup_id(app, "Ben Helper")
    base = {"title-en": f"Mentoring pilot {SCRIPT}", "description-en": "Pair 20 ITPs", "theme_id": theme_id,
            "lead_group_id": 0, "status": "in_progress", "due_date": "2020-01-31", "client_id": "new-item-1"}
    refused = client.post(f"/forums/{demo}/actions", data=dict(base, owner_signup_id=helper))
    assert refused.status_code == 422  # Ben did not agree to own actions
    assert client.post(f"/forums/{demo}/actions", data={**base, "owner_signup_id": owner, "title-en": ""}).status_code == 422
    assert client.post(f"/forums/{demo}/actions", data=dict(base, owner_signup_id=owner,
                                                            due_date="not a date")).status_code == 422
    assert client.post(f"/forums/{demo}/actions", data=dict(base, owner_signup_id=owner)).status_code == 302
    with app.app_context():
        item = db.session.scalar(select(ActionItem).where(ActionItem.title_en.like("Mentoring pilot%")))
        item_id = item.id
        assert item.owner_signup_id == owner and item.priority_label
    listing = client.get(f"/forums/{demo}/actions").get_data(as_text=True)
    assert parse(listing).select(".overdue") and "Overdue" in listing and SCRIPT not in listing
    overdue = parse(client.get(f"/forums/{demo}/actions/{item_id}")).select_one(".error-box")
    assert "Overdue since 31 January 2020" in text_of(overdue) and overdue.select_one("time")["datetime"] == "2020-01-31"
    assert client.post(f"/forums/{demo}/actions/{item_id}/follow-ups", data={"note": ""}).status_code == 422
    client.post(f"/forums/{demo}/actions/{item_id}/follow-ups",
                data={"note": "Met the employers", "author": "Amina", "status_change": "done",
                      "client_id": "follow-up-1"})
    with app.app_context():
        item = db.session.get(ActionItem, item_id)
        assert item.status == "done" and [f.note for f in item.follow_ups] == ["Met the employers"]
    exported = client.get(f"/forums/{demo}/actions.csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 6 and exported.mimetype == "text/csv"
    pilot = next(r for r in rows if r["Action"].startswith("Mentoring"))
    assert pilot["Owner"] == "Amina Owner" and pilot["Status"] == "Done" and pilot["Latest follow-up"] == "Met the employers"
    calendar = client.get(f"/forums/{demo}/actions.ics")
    assert calendar.mimetype == "text/calendar"
    assert calendar.get_data(as_text=True).replace("\r\n ", "").count("BEGIN:VEVENT") == 5  # the done pilot is left out
    report = client.get(f"/forums/{demo}/report/download/md").get_data(as_text=True)
    assert "### Action plan" in report and "Met the employers" in report
    assert "Amina Owner" not in report  # she did not agree to be named publicly (test_report_owners)
    client.post(f"/forums/{demo}/actions/{item_id}", data=dict(base, owner_signup_id=owner, status="in_progress"))
    steering = client.get(f"/forums/{demo}/steering").get_data(as_text=True)
    assert "Amina Owner" in steering and "Ben Helper" in steering and "1 overdue" in steering
    assert client.post(f"/forums/{demo}/steering", data={"steering_model": "nonsense"}).status_code == 422
    client.post(f"/forums/{demo}/steering", data={"steering_model": "participants_lead_supported",
                                                  "steering_model_note": "Meets monthly"})
    with app.app_context():
        forum = db.session.get(Forum, demo)
        assert forum.steering_model == "participants_lead_supported" and forum.steering_model_decided_at
    assert "participants lead with the organizers' support" in client.get(
        f"/forums/{demo}/report/download/md").get_data(as_text=True)
    asked = client.post(f"/forums/{demo}/actions/{item_id}/delete")  # asks first, on a page of its own
    assert asked.status_code == 200 and "This cannot be undone." in text_of(parse(asked).select_one("main"))
    with app.app_context():
        assert db.session.get(ActionItem, item_id) is not None
    client.post(f"/forums/{demo}/actions/{item_id}/delete", data={"confirmed": "yes"})
    with app.app_context():
        assert db.session.get(ActionItem, item_id) is None


def test_every_new_page_is_for_the_forums_owner_only(client, demo, app, make_organizer):
    with app.app_context():
        item = ActionItem(forum_id=demo, title=Translated("x"))
        link = ReviewLink(forum_id=demo, reviewer_group="Council")
        db.session.add_all([item, link])
        db.session.flush()
        comment = ReviewComment(forum_id=demo, review_link_id=link.id, client_id="z", text="t")
        db.session.add(comment)
        db.session.commit()
        ids = item.id, link.id, comment.id
    gets = [f"/forums/{demo}/report", f"/forums/{demo}/report/preview", f"/forums/{demo}/report/download/pdf",
            f"/forums/{demo}/review", f"/forums/{demo}/actions", f"/forums/{demo}/actions/{ids[0]}",
            f"/forums/{demo}/actions.csv", f"/forums/{demo}/actions.ics", f"/forums/{demo}/steering"]
    posts = [f"/forums/{demo}/report", f"/forums/{demo}/report/share", f"/forums/{demo}/review",
             f"/forums/{demo}/review/links/{ids[1]}/revoke", f"/forums/{demo}/review/comments/{ids[2]}/approve",
             f"/forums/{demo}/actions", f"/forums/{demo}/actions/draft", f"/forums/{demo}/actions/{ids[0]}",
             f"/forums/{demo}/actions/{ids[0]}/follow-ups", f"/forums/{demo}/actions/{ids[0]}/delete",
             f"/forums/{demo}/steering"]
    client.post("/logout")
    for url in gets:
        assert client.get(url).status_code == 302, url  # to the login page
    make_organizer("other@example.org")
    client.post("/login", data={"email": "other@example.org", "password": PASSWORD})
    for url in gets:  # another's forum: as if it did not exist
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, data={"title": "hijack", "reviewer_group": "x"}).status_code == 404, url
    for url in ("/forums/999/report", "/forums/999/actions", "/forums/999/steering", "/forums/999/review"):
        assert client.get(url).status_code == 404
    with app.app_context():
        assert db.session.get(ActionItem, ids[0]).title == Translated("x")
        assert db.session.get(ReviewComment, ids[2]).status == "pending"


def test_children_of_another_forum_are_not_found(client, demo, app, make_forum, organizer):
    other_forum = make_forum(organizer, name="Second forum")
    with app.app_context():
        item = ActionItem(forum_id=demo, title=Translated("x"))
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    assert client.get(f"/forums/{other_forum}/actions/{item_id}").status_code == 404
    assert client.post(f"/forums/{other_forum}/actions/{item_id}/delete").status_code == 404


def test_report_cli_writes_each_format(runner, demo, tmp_path):
    for fmt in ("pdf", "md", "brief"):
        target = tmp_path / f"out.{fmt}"
        result = runner.invoke(args=["report", str(demo), "--format", fmt, "--lang", "fr", "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 1000
    assert (tmp_path / "out_charts" / "ratings.png").exists()
    assert "](out_charts/ratings.png)" in (tmp_path / "out.md").read_text()
    missing = runner.invoke(args=["report", "999", "-o", str(tmp_path / "x.pdf")])
    assert missing.exit_code != 0 and "No forum with id 999" in missing.output


def test_report_of_an_empty_forum_without_analysis(client, organizer, make_forum):
    forum_id = make_forum(organizer)
    assert b"No analysis yet" in client.get(f"/forums/{forum_id}/report").data
    for fmt in ("html", "pdf", "docx", "md", "brief"):
        assert client.get(f"/forums/{forum_id}/report/download/{fmt}").status_code == 200
    assert b"Run the analysis first" in client.post(f"/forums/{forum_id}/actions/draft", follow_redirects=True).data


def test_dots_on_a_theme_and_on_its_cards_count_as_votes_for_the_priority(client, demo, app):
    from forum.models import Ballot, BallotItem, IdeaTheme, Vote
    from forum.services.analysis_runs import latest_run

    with app.app_context():
        run = latest_run(db.session.get(Forum, demo))
        top = run.results["priorities"][0]
        theme = db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.key == top["theme_key"]))
        card_id = db.session.scalar(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == theme.id).limit(1))
        ballot = Ballot(forum_id=demo, title=Translated("Priorities"), items=[BallotItem(label=theme.label, theme_id=theme.id),
                                                                  BallotItem(label=Translated("A card"), idea_id=card_id)])
        db.session.add(ballot)
        db.session.flush()
        db.session.add_all([Vote(ballot_id=ballot.id, item_id=ballot.items[0].id, device_token="d1", dots=2),
                            Vote(ballot_id=ballot.id, item_id=ballot.items[0].id, device_token="d2", dots=1),
                            Vote(ballot_id=ballot.id, item_id=ballot.items[1].id, device_token="d1", dots=1)])
        db.session.commit()
        label = theme.label
    report = client.get(f"/forums/{demo}/report/download/md").get_data(as_text=True)
    section = report.split(f"### 1. {label}", 1)[1].split("###", 1)[0]
    assert "; 4 dots in the priority vote" in section
    # "The forum in figures" counts the vote: each device once, every dot
    figures = report.split("## The forum in figures", 1)[1].split("##", 1)[0]
    assert "**2** voters in the priority vote" in figures and "**4** dots placed" in figures


def test_reading_the_report_review_and_action_pages_writes_nothing(client, demo, app):
    client.post(f"/forums/{demo}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        token = db.session.scalar(select(ReviewLink.token).where(ReviewLink.forum_id == demo))
        engine = db.engine
    writes = []

    def record(connection, cursor, statement, *args):
        if statement.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        for url in (f"/forums/{demo}/report", f"/forums/{demo}/report/preview", f"/forums/{demo}/report/download/md",
                    f"/forums/{demo}/review", f"/forums/{demo}/actions", f"/forums/{demo}/steering",
                    f"/review/{token}", f"/review/{token}/comment?section=priorities"):
            assert client.get(url).status_code == 200, url
        # the review link's page, as rendered, is kept for its readers (report_pages): nothing else is written...
        assert writes and all("report_pages" in statement for statement in writes)
        writes.clear()
        assert client.get(f"/review/{token}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert writes == []  # ...and once kept, reading it writes nothing


def test_action_statuses_are_worded_as_in_the_report_in_the_page_language(client, demo):
    client.post(f"/forums/{demo}/actions/draft")
    english, french = parse(client.get(f"/forums/{demo}/actions")), parse(client.get(f"/forums/{demo}/actions?lang=fr"))
    assert "Not started" in text_of(english) and "Pas commencée" in text_of(french)
    options = [text_of(option) for option in french.select("select[name=status] option")]
    assert options == ["Pas commencée", "En cours", "Terminée", "Abandonnée"]


def test_the_organizer_chooses_who_counts_as_a_participant_and_every_figure_follows(app, client, demo):
    with app.app_context():
        db.session.add_all([Participant(forum_id=demo, device_token=f"phone-{n}") for n in range(2)])
        db.session.commit()
        rounds = db.session.scalar(select(func.count(func.distinct(IdeaCard.round_id))).where(
            IdeaCard.forum_id == demo))  # the demo's ideas are in 2 of its 4 rounds
    page = parse(client.get(f"/forums/{demo}/report"))
    assert page.select_one("input[name=attendees_basis][value=largest]").has_attr("checked")
    assert ("Today, nobody is registered. 2 people joined on a phone. 26 people filled in the evaluation."
            in text_of(page.select_one("[data-testid=attendees-basis]")))
    french = parse(client.get(f"/forums/{demo}/report?lang=fr"))  # whole sentences, agreed in number in French
    # none said as French says it (« 0 personne est inscrite » took Babel's singular for 0, and read oddly)
    assert ("À ce jour, personne n'est inscrit. 2 personnes se sont jointes au forum sur leur téléphone. "
            "26 personnes ont rempli l'évaluation." in text_of(french.select_one("[data-testid=attendees-basis]")))
    preview = text_of(parse(client.get(f"/forums/{demo}/report/preview")))
    assert f"brought together 26 participants for {rounds} rounds of discussion" in preview
    assert "26 participants evaluated the forum" in preview
    client.post(f"/forums/{demo}/report", data={"language": "en", "attendees_basis": "joined"})
    for lang, sentence in (("en", "brought together 2 participants"), ("fr", "a réuni 2 participants")):
        assert sentence in text_of(parse(client.get(f"/forums/{demo}/report/preview?report_lang={lang}")))
    assert client.post(f"/forums/{demo}/report", data={"language": "en", "attendees_basis": "everyone"}
                       ).status_code == 422


def test_each_report_language_has_its_own_summary_and_way_forward(client, demo):
    english = parse(client.get(f"/forums/{demo}/report?report_lang=en"))
    assert english.select_one("[data-testid=report-languages] [aria-current]").get_text() == "English"
    assert english.html["lang"] == "en"
    hidden = {name: english.select_one(f"input[name={name}]")["value"] for name in ("summary_draft", "way_forward_draft")}
    assert client.post(f"/forums/{demo}/report?report_lang=en", data=dict(
        hidden, language="en", executive_summary="Our own summary.", way_forward="Our way.")).status_code == 302
    french = parse(client.get(f"/forums/{demo}/report?report_lang=fr"))
    assert french.html["lang"] == "en"  # the report's language, not the interface's
    drafted = french.select_one("textarea[name=executive_summary]").get_text()
    assert "a réuni" in drafted and "Our own summary." not in drafted  # French is still drafted from the data
    assert "?report_lang=fr" in french.select_one("[data-testid=preview]")["href"]
    pdf = client.get(f"/forums/{demo}/report/download/pdf?report_lang=fr").data
    assert b"Our own summary." not in client.get(f"/forums/{demo}/report/download/md?report_lang=fr").data and pdf
    hidden = {name: french.select_one(f"input[name={name}]")["value"] for name in ("summary_draft", "way_forward_draft")}
    client.post(f"/forums/{demo}/report?report_lang=fr", data=dict(hidden, language="en", executive_summary="Notre résumé.",
                                                            way_forward=""))
    fr = text_of(parse(client.get(f"/forums/{demo}/report/preview?report_lang=fr")))
    en = text_of(parse(client.get(f"/forums/{demo}/report/preview?report_lang=en")))
    assert "Notre résumé." in fr and "Our own summary." not in fr and "Our way." not in fr
    assert "Our own summary." in en and "Our way." in en and "Notre résumé." not in en
    assert parse(client.get(f"/forums/{demo}/report?report_lang=en")).select_one(
        "textarea[name=executive_summary]").get_text().strip() == "Our own summary."


def test_markdown_download_with_charts_links_the_png_files_beside_it(client, demo):
    import re
    import zipfile

    response = client.get(f"/forums/{demo}/report/download/mdzip?report_lang=fr")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    markdown_name = next(name for name in names if name.endswith("-rapport-fr.md"))
    markdown = archive.read(markdown_name).decode()
    links = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", markdown)
    assert len(links) == 5 and set(links) <= names
    assert all(archive.read(link).startswith(b"\x89PNG") for link in links)
    assert "**4,19** note moyenne" in markdown


def test_the_comment_page_leads_a_reviewer_only_back_to_the_report(client, demo, app):
    """Its header names the forum, as the report does: no link to the organizers' start page."""
    client.post(f"/forums/{demo}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        token = db.session.scalar(select(ReviewLink.token).where(ReviewLink.forum_id == demo))
        forum_name = str(db.session.get(Forum, demo).name)
    client.post("/logout")
    page = parse(client.get(f"/review/{token}/comment?section=priorities&lang=en"))
    assert text_of(page.select_one(".site-header .brand")) == forum_name
    links = {a["href"].split("?")[0] for a in page.select("a[href]") if not a["href"].startswith("#")}
    assert links == {f"/review/{token}/comment", f"/review/{token}"}  # its language switch and the way back


def test_shared_report_and_review_links_follow_the_readers_language_and_switch(client, demo, app):
    client.post(f"/forums/{demo}/report/share")
    client.post(f"/forums/{demo}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        share = db.session.scalar(select(ReportDraft.share_token).where(ReportDraft.forum_id == demo))
        review = db.session.scalar(select(ReviewLink.token).where(ReviewLink.forum_id == demo))
    client.post("/logout")
    for url in (f"/r/{share}", f"/review/{review}"):
        reader = app.test_client()  # a reader who never chose a language: their browser's
        french = reader.get(url, headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
        assert '<html lang="fr">' in french and "Résumé" in french
        switch = french.split('<nav class="lang-switch" aria-label="Langue">', 1)[1].split("</nav>", 1)[0]
        assert '<span aria-current="true" lang="fr">Français</span>' in switch
        assert f'<a href="{url}?lang=en" lang="en" hreflang="en">English</a>' in switch
        english = reader.get(f"{url}?lang=en", headers={"Accept-Language": "fr"}).get_data(as_text=True)
        assert '<html lang="en">' in english and '<span aria-current="true" lang="en">English</span>' in english
        # The choice is remembered for the reader's next pages, over their browser's language.
        assert '<html lang="en">' in reader.get(url, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    comment = app.test_client().get(f"/review/{review}/comment?section=priorities",
                                    headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Priorités" in comment


def test_the_answers_are_headed_by_their_question_in_the_reports_language(client, demo, app):
    with app.app_context():
        question = next(q for q in db.session.get(Forum, demo).questions if q.key == "liked_least")
        question_id, kind = question.id, question.kind
    assert client.post(f"/forums/{demo}/evaluation/questions/{question_id}", data={
        f"q{question_id}-prompt-en": "What did you like least?", f"q{question_id}-kind": kind}).status_code == 302

    def headings(lang):
        preview = parse(client.get(f"/forums/{demo}/report/preview?report_lang={lang}"))
        return [text_of(h) for h in preview.select("#evaluation-answers h3, #evaluation-answers h4")]

    assert "What did you like most?" in headings("en") and "What did you like least?" in headings("en")
    french = headings("fr")
    assert "Qu'avez-vous le plus apprécié ?" in french
    assert "What did you like least?" in french  # no French wording any more: the English one


def test_the_organizers_review_page_names_each_comments_place_in_the_pages_language(client, forum_id, app, in_app):
    """The report is in English, the organizer reads the page in French: a comment is "sur la section
    « Résumé »", not “Executive summary”."""
    [idea_id] = in_app(lambda: add_cards(forum_id, [("Mentoring circles", None)]))
    client.post(f"/forums/{forum_id}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        token = db.session.scalar(select(ReviewLink.token).where(ReviewLink.forum_id == forum_id))
    client.post(f"/review/{token}/comment?section=exec_summary", data={"text": "Shorter, please", "client_id": "c1"})
    client.post(f"/review/{token}/comment?idea={idea_id}", data={"text": "Yes", "client_id": "c2"})
    page = parse(client.get(f"/forums/{forum_id}/review?lang=fr"))
    places = [text_of(meta).rsplit(" · ", 1)[1] for meta in page.select("[data-testid=comment-place]")]
    assert sorted(places) == ["sur l'idée « Mentoring circles »", "sur la section « Résumé »"]


def test_marking_the_report_final_warns_while_its_texts_are_still_the_drafted_ones(client, organizer, make_forum, app):
    """A final report would still print "DRAFT generated from the data" above an unedited summary."""
    forum_id = make_forum(organizer, languages="en,fr")

    def warnings():
        page = parse(client.get(f"/forums/{forum_id}/report"))
        return [text_of(flash) for flash in page.select(".flash-warning")]

    client.post(f"/forums/{forum_id}/report/final")
    [warning] = warnings()
    assert "still the draft written from the data (English and Français)" in warning
    client.post(f"/forums/{forum_id}/report/draft")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        save_report(forum, language="en", attendees_basis="largest", text_language="en",
                    executive_summary="Our summary", way_forward="Our next steps")
    client.post(f"/forums/{forum_id}/report/final")
    assert "still the draft written from the data (Français)" in warnings()[0]
    client.post(f"/forums/{forum_id}/report/draft")
    with app.app_context():
        save_report(db.session.get(Forum, forum_id), language="en", attendees_basis="largest", text_language="fr",
                    executive_summary="Notre résumé", way_forward="Nos prochaines étapes")
    client.post(f"/forums/{forum_id}/report/final")
    assert warnings() == []


@pytest.mark.parametrize("action", ["share", "final", "draft", "unshare"])
def test_the_report_page_keeps_its_report_language_after_an_action(client, organizer, make_forum, action):
    """"Share by link" or "Mark as final" on the French report brings back the French report, as saving does."""
    forum_id = make_forum(organizer, languages="en,fr")
    page = parse(client.get(f"/forums/{forum_id}/report?report_lang=fr&lang=fr"))
    if action in ("draft", "unshare"):  # the buttons that appear once shared / final
        client.post(f"/forums/{forum_id}/report/{'final' if action == 'draft' else 'share'}?report_lang=fr")
        page = parse(client.get(f"/forums/{forum_id}/report?report_lang=fr"))
    [form] = [f for f in page.select("form[action]") if f"/report/{action}" in f["action"]]
    assert "report_lang=fr" in form["action"]
    response = client.post(form["action"], data={"confirmed": "yes"})
    assert response.status_code == 302 and response.location.endswith(f"/forums/{forum_id}/report?report_lang=fr")
    [current] = parse(client.get(response.location)).select('[data-testid="report-languages"] a[aria-current="page"]')
    assert current["lang"] == "fr"


def test_an_action_without_a_report_language_or_with_an_unknown_one_goes_back_to_the_plain_page(
        client, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    for query in ("", "?report_lang=de"):
        response = client.post(f"/forums/{forum_id}/report/share{query}")
        assert response.location.endswith(f"/forums/{forum_id}/report")


def test_downloads_are_named_in_the_reports_language_in_plain_ascii_cut_at_a_word(client, organizer, make_forum):
    forum_id = make_forum(organizer, languages="fr,en", name=Translated(
        "Hire, retain and advance internationally trained professionals",
        "Recruter, retenir et faire progresser les professionnels formés à l'étranger"))

    def name_of(fmt, lang):
        response = client.get(f"/forums/{forum_id}/report/download/{fmt}?report_lang={lang}")
        assert response.status_code == 200
        return response.headers["Content-Disposition"].split('filename="')[1].rstrip('"')

    assert name_of("md", "fr") == "recruter-retenir-et-faire-progresser-les-professionnels-rapport-fr.md"
    assert name_of("brief", "fr") == "recruter-retenir-et-faire-progresser-les-professionnels-synthese-fr.pdf"
    assert name_of("md", "en") == "hire-retain-and-advance-internationally-trained-report-en.md"
    assert name_of("brief", "en") == "hire-retain-and-advance-internationally-trained-brief-en.pdf"


def test_forms_far_down_the_report_and_review_pages_come_back_to_their_section(client, app, organizer, make_forum):
    """The page opens where the form was, with its message (with or without script: see
    tests/browser/test_messages_in_view.py), not at the top of a long page."""
    forum_id = make_forum(organizer, languages="en,fr")
    saved = client.post(f"/forums/{forum_id}/report?report_lang=fr", data={"language": "en"})
    assert saved.status_code == 302 and saved.location.endswith(f"/forums/{forum_id}/report?report_lang=fr#edit-h")
    client.post(f"/forums/{forum_id}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        link = db.session.scalar(select(ReviewLink).where(ReviewLink.forum_id == forum_id))
        comment = ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="c1", text="Add mentoring")
        db.session.add(comment)
        db.session.commit()
        link_id, comment_id = link.id, comment.id
    turned_off = client.post(f"/forums/{forum_id}/review/links/{link_id}/revoke", data={"confirmed": "yes"})
    assert turned_off.location.endswith(f"/forums/{forum_id}/review#link-{link_id}")
    assert parse(client.get(turned_off.location)).select_one(f"#link-{link_id} .badge")  # "turned off"
    approved = client.post(f"/forums/{forum_id}/review/comments/{comment_id}/approve")
    assert approved.location.endswith(f"/forums/{forum_id}/review#pending-h")


def test_report_cli_into_a_folder_that_does_not_exist_says_so_in_one_line(runner, organizer, make_forum, tmp_path):
    forum_id = make_forum(organizer)
    for fmt in ("html", "md"):
        target = tmp_path / "not-made" / f"out.{fmt}"
        result = runner.invoke(args=["report", str(forum_id), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 1, result.output  # was a FileNotFoundError's traceback
        assert result.stderr == f"Error: Cannot write {target}: there is no folder {target.parent}.\n"
        assert not (tmp_path / "not-made").exists()


def test_a_review_message_with_a_link_shows_a_real_link_and_its_typed_text_escaped(client, demo, app):
    from forum.flashes import kept, with_link
    from forum.public.views import MESSAGES_AT
    client.post(f"/forums/{demo}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        token = db.session.scalar(select(ReviewLink.token).where(ReviewLink.forum_id == demo))
    client.post("/logout")
    with client.session_transaction() as session:  # as a view flashes a message with a link (forum.flashes)
        session["_flashes"] = [("info", kept(with_link(f"Read {SCRIPT} first.", "/privacy", "the privacy notice"))),
                               ("success", f"Plain {SCRIPT} text")]
        session[MESSAGES_AT] = "priorities"
    html = client.get(f"/review/{token}").get_data(as_text=True)
    messages = parse(html).select_one("#priorities.review-messages")
    link = messages.find("a", string="the privacy notice")
    assert link is not None and link["href"] == "/privacy"
    assert [text_of(p) for p in messages.select("p.flash")] == [f"Read {SCRIPT} first. the privacy notice",
                                                                 f"Plain {SCRIPT} text"]
    assert SCRIPT not in html and "&lt;a href" not in html
