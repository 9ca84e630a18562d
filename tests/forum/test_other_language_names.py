"""Action item and sub-theme names shown on a page in the other language are marked with theirs (lang=), so that a
screen reader reads an English title on a French page as English, as other texts people wrote are marked."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm.attributes import flag_modified

from forum.extensions import db
from forum.models import ActionItem, Forum, Translated
from forum.services.analysis_runs import latest_run, run_assignments
from forum.services.committee import committee_token
from tests.conftest import add_committee_member
from tests.forum.test_resend import form_data
from tests.html import parse, text_of


def marked(page, selector: str) -> list[tuple[str, str | None]]:
    """The text of each element ``selector`` finds, with its lang attribute."""
    return [(text_of(element), element.get("lang")) for element in page.select(selector)]


def test_english_item_names_on_a_french_committee_member_s_pages(app, client, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        amina = add_committee_member(forum_id, committee_link_version=1, language="fr")
        ben = add_committee_member(forum_id, "Ben Owner", "ben@example.org", "b")
        mine = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), owner_signup_id=amina.id)
        kept = ActionItem(forum_id=forum_id, title=Translated("Job fair"), owner_signup_id=amina.id, position=1)
        proposal = ActionItem(forum_id=forum_id, title=Translated("Peer circles"), owner_signup_id=amina.id,
                              proposed_by_signup_id=amina.id, proposal="pending")
        french = ActionItem(forum_id=forum_id, title=Translated(fr="Salon de l'emploi"), owner_signup_id=amina.id,
                            proposed_by_signup_id=amina.id, proposal="declined")
        db.session.add_all([mine, kept, proposal, french])
        db.session.commit()
        token, mine_id, ben_id = committee_token(amina), mine.id, ben.id
    member = app.test_client()
    page = parse(member.get(f"/c/{token}?lang=fr"))
    assert marked(page, "[data-testid=proposals-pending] li") == [("Peer circles", "en")]
    assert marked(page, "[data-testid=proposals-declined] li") == [("Salon de l'emploi", None)]
    organizers = parse(client.get(f"/forums/{forum_id}/actions?lang=fr"))
    assert marked(organizers, "[data-testid=proposal] strong") == [("Peer circles", "en")]

    # her status refused, the item given to Ben meanwhile: the page names it in its language
    status_form = form_data(member.get(f"/c/{token}?lang=fr"), f"/c/{token}/items/{mine_id}/status",
                            **{f"item{mine_id}-status": "done"})
    edit_url = f"/forums/{forum_id}/actions/{mine_id}?lang=en"
    client.post(edit_url, data=form_data(client.get(edit_url), "", owner_signup_id=str(ben_id)))
    refused = parse(member.post(f"/c/{token}/items/{mine_id}/status?lang=fr", data=status_form))
    alert = refused.select_one("[data-testid=unsaved-status] [role=alert]")
    assert text_of(alert).startswith("« Mentoring pilot » n'est plus à vous")  # text_of: no-break spaces as spaces
    assert marked(alert, "span") == [("Mentoring pilot", "en")]

    # she leaves: the items given back, named in theirs
    left = parse(member.post(f"/c/{token}/leave?lang=fr"))
    assert marked(left, "[data-testid=left-given-back] li") == [("Job fair", "en")]


def test_sub_theme_names_on_a_page_in_the_other_language(app, client, analysed):
    forum_id, _ = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        members = defaultdict(list)
        for card_id, key in run_assignments(run).items():
            members[key].append(int(card_id))
        largest = max(members, key=lambda key: (len(members[key]), key))
        run.results = dict(run.results, subthemes=[{"key": "s1", "parent": largest, "label": "Peer mentors",
                                                    "idea_ids": members[largest]}])
        flag_modified(run, "results")
        db.session.commit()
        assert run.language == "en"
    base = f"/forums/{forum_id}/analysis"
    for lang, mark in (("fr", "en"), ("en", None)):
        board = parse(client.get(f"{base}/board?lang={lang}"))
        assert marked(board, "[data-testid=board-section] h4 span:not([class]):not([aria-hidden])") == [
            ("Peer mentors", mark)]
        themes = parse(client.get(f"{base}/themes?lang={lang}"))
        names = marked(themes, "[data-testid=sections] li > span:not(.muted)")
        assert names[-1] == ("Peer mentors", mark)
        assert all(lang == mark for _name, lang in names)  # the theme's name too, marked only on the French page
