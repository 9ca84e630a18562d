"""What organizers type, in English and French: each reader sees their language, the other one when a
translation is missing, and the organizer sees which translations are missing."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, Forum, SteeringSignup, Theme, Translated
from forum.services.analysis_runs import latest_run, run_analysis
from forum.services.committee import committee_token
from forum.services.progress import progress_token
from tests.clock import days_from_today
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.html import parse, text_of

FORUM = {"name-en": "Hiring forum", "name-fr": "Forum sur l'embauche", "description-en": "Half a day on hiring.",
         "description-fr": "", "date": days_from_today(365).isoformat(),  # upcoming: a past date is asked about
         "venue": "Toronto", "languages": "en,fr", "table_count": 2, "report_out_limit": 7}


def new_forum(client) -> int:
    response = client.post("/forums/new", data=FORUM)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.fullmatch(r"/forums/(\d+)", response.headers["Location"]).group(1))


def test_the_forum_name_and_description_in_the_readers_language(client, organizer, app):
    forum_id = new_forum(client)
    assert text_of(parse(client.get(f"/forums/{forum_id}?lang=en")).h1) == "Hiring forum"
    assert text_of(parse(client.get(f"/forums/{forum_id}?lang=fr")).h1) == "Forum sur l'embauche"
    settings = parse(client.get(f"/forums/{forum_id}/settings?lang=en"))
    description = settings.select_one("[data-testid=translated-description]")
    assert [text_of(note) for note in description.select("[data-testid=missing-fr]")] == [
        "No French yet: French readers see the English text."]
    assert not settings.select("[data-testid=translated-name] .missing-translation")
    assert settings.select_one("#description-fr")["lang"] == "fr"
    with app.app_context():
        code = db.session.get(Forum, forum_id).join_code
    phone = app.test_client()
    phone.get(f"/join?code={code}")
    french = parse(phone.get(f"/p/{code}/?lang=fr"))
    assert text_of(french.select_one(".brand")) == "Forum sur l'embauche"
    assert text_of(french.select_one("[data-testid=forum-description]")) == "Half a day on hiring."  # no French yet
    assert text_of(parse(phone.get(f"/p/{code}/?lang=en")).select_one(".brand")) == "Hiring forum"


def test_a_french_only_forum_named_in_french_reads_in_french_for_everyone(client, organizer):
    response = client.post("/forums/new", data={**FORUM, "name-en": "", "description-en": "",
                                                 "description-fr": "Une demi-journée", "languages": "fr"})
    forum_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert text_of(parse(client.get(f"/forums/{forum_id}?lang=en")).h1) == "Forum sur l'embauche"
    settings = parse(client.get(f"/forums/{forum_id}/settings"))
    assert not settings.select(".missing-translation")  # English is not one of the forum's languages


@pytest.fixture
def analysed(app, client, organizer):
    forum_id = new_forum(client)
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        assert run_analysis(db.session.get(Forum, forum_id)).status == "done"
        theme = latest_run(db.session.get(Forum, forum_id)).themes[0]
        return forum_id, theme.id, theme.key, theme.label


def name_theme(client, forum_id, theme_id, en, fr):
    return client.post(f"/forums/{forum_id}/analysis/themes/{theme_id}/rename",
                       data={f"theme{theme_id}-label-en": en, f"theme{theme_id}-label-fr": fr})


def test_theme_names_in_both_languages_on_the_pages_and_in_each_reports_language(client, app, analysed):
    forum_id, theme_id, key, label = analysed
    assert label.en and label.fr is None  # the analysis names themes in the forum's first language
    themes = parse(client.get(f"/forums/{forum_id}/analysis/themes?lang=en"))
    assert themes.select_one(f"#theme-{theme_id} [data-testid=missing-translation]")
    form = themes.select_one(f"#theme-{theme_id} form.theme-label-form")
    assert form.select_one(f"#theme{theme_id}-label-en")["value"] == label.en

    assert name_theme(client, forum_id, theme_id, label.en, "Mentorat des nouveaux arrivants").status_code == 302
    french = parse(client.get(f"/forums/{forum_id}/analysis/themes?lang=fr"))
    assert text_of(french.select_one(f"#theme-{theme_id}-label")) == "Mentorat des nouveaux arrivants"
    assert not french.select(f"#theme-{theme_id} [data-testid=missing-translation]")
    priorities = text_of(parse(client.get(f"/forums/{forum_id}/analysis/priorities?lang=fr")))
    assert "Mentorat des nouveaux arrivants" in priorities
    assert "Mentorat des nouveaux arrivants" in text_of(
        parse(client.get(f"/forums/{forum_id}/report/preview?report_lang=fr")))
    english_report = text_of(parse(client.get(f"/forums/{forum_id}/report/preview?report_lang=en")))
    assert label.en in english_report and "Mentorat des nouveaux arrivants" not in english_report
    with app.app_context():
        theme = db.session.get(Theme, theme_id)
        assert not theme.label_is_manual  # a translation alone leaves the theme to the analysis
        rerun = run_analysis(db.session.get(Forum, forum_id))
        again = db.session.scalar(select(Theme).where(Theme.run_id == rerun.id, Theme.key == key))
        assert again.label == Translated(label.en, "Mentorat des nouveaux arrivants")  # kept: same English name


def test_a_theme_name_needs_one_language_and_is_shown_escaped(client, app, analysed):
    forum_id, theme_id, _key, _label = analysed
    refused = name_theme(client, forum_id, theme_id, " ", "")
    assert refused.status_code == 422 and "Give the theme a name." in text_of(parse(refused))
    assert name_theme(client, forum_id, theme_id, "", "<b>Mentorat</b>").status_code == 302
    page = client.get(f"/forums/{forum_id}/analysis/themes?lang=en").get_data(as_text=True)
    assert "&lt;b&gt;Mentorat&lt;/b&gt;" in page and "<b>Mentorat" not in page  # English falls back to French
    with app.app_context():
        theme = db.session.get(Theme, theme_id)
        assert theme.label == Translated(fr="<b>Mentorat</b>") and theme.label_is_manual


def test_action_items_in_both_languages_on_every_page_that_shows_them(client, app, analysed):
    forum_id, _theme_id, _key, _label = analysed
    with app.app_context():
        member = SteeringSignup(forum_id=forum_id, client_id="s1", name="Amina", email="amina@example.org",
                                consents_to_owner_role=True, committee_link_version=1)
        db.session.add(member)
        db.session.commit()
        member_id = member.id
    item = {"title-en": "Mentoring pilot", "title-fr": "Projet pilote de mentorat", "description-en": "Pair 20 ITPs",
            "description-fr": "", "theme_id": 0, "lead_group_id": 0, "owner_signup_id": member_id,
            "status": "in_progress", "due_date": "", "client_id": "new-item-1"}
    assert client.post(f"/forums/{forum_id}/actions", data=item).status_code == 302
    english = parse(client.get(f"/forums/{forum_id}/actions?lang=en"))
    [row] = english.select("[data-testid=action-row]")
    assert text_of(row.a) == "Mentoring pilot"
    assert [text_of(b) for b in row.select("[data-testid=missing-translation]")] == ["French missing"]  # details
    french = parse(client.get(f"/forums/{forum_id}/actions?lang=fr"))
    assert text_of(french.select_one("[data-testid=action-row] a")) == "Projet pilote de mentorat"
    assert "Projet pilote de mentorat" in text_of(parse(client.get(f"/forums/{forum_id}/report/preview?report_lang=fr")))
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.progress_link_version, forum.progress_shared = 1, True
        db.session.commit()
        member_token, public_token = committee_token(db.session.get(SteeringSignup, member_id)), progress_token(forum)
    visitor = app.test_client()
    committee = parse(visitor.get(f"/c/{member_token}?lang=fr"))
    assert [text_of(h) for h in committee.select("[data-testid=my-item] h3")] == ["Projet pilote de mentorat"]
    assert "Pair 20 ITPs" in text_of(committee)  # no French details: the English ones
    assert "Projet pilote de mentorat" in text_of(parse(visitor.get(f"/progress/{public_token}?lang=fr")))
    assert "Mentoring pilot" in text_of(parse(visitor.get(f"/progress/{public_token}?lang=en")))


def test_drafted_action_items_are_worded_in_each_of_the_forums_languages(client, app, analysed):
    forum_id, _theme_id, _key, label = analysed
    assert client.post(f"/forums/{forum_id}/actions/draft").status_code == 302
    with app.app_context():
        items = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == forum_id)
                                   .order_by(ActionItem.position)).all()
    assert items[0].title == Translated(f"Agree first steps on “{label.en}”",
                                        f"Convenir des premières étapes sur «\u00a0{label.en}\u00a0»")
    assert items[0].description.en and items[0].description.fr and items[0].description.en != items[0].description.fr


def test_the_report_language_is_not_the_interface_language(client, app, analysed):
    forum_id, *_ = analysed
    page = parse(client.get(f"/forums/{forum_id}/report?report_lang=fr"))
    preview = page.select_one("[data-testid=preview]")["href"]
    downloads = [a["href"] for a in page.select("a[download]")]
    assert "report_lang=fr" in preview and all("lang=" not in href.replace("report_lang=", "") for href in downloads)
    assert "Résumé" in text_of(parse(client.get(preview)))  # the report in French ...
    assert parse(client.get(f"/forums/{forum_id}/report")).html["lang"] == "en"  # ... the interface still English


def test_import_problems_are_worded_in_the_organizers_language(client, organizer, make_forum):
    forum_id = make_forum(organizer)
    content = b"text,round\nAn idea,nonsense\n,best_practices\n"
    response = client.post(f"/forums/{forum_id}/import?lang=fr", content_type="multipart/form-data",
                           data={"kind": "ideas", "file": (io.BytesIO(content), "ideas.csv")})
    problems = [text_of(cell) for cell in parse(response).select("table.problems td:nth-child(2)")]
    # the rounds a row may name, as the Rounds page names them (their keys were listed: "best_practices, …")
    assert problems == ["tour inconnu « nonsense » (tours de ce forum : Pratiques exemplaires, Défis, Idées de "
                        "collaboration, Priorités)", "le texte est vide"]
    empty = client.post(f"/forums/{forum_id}/import?lang=fr", content_type="multipart/form-data",
                        data={"kind": "ideas", "file": (io.BytesIO(b""), "ideas.csv")})
    assert empty.status_code == 422 and "Le fichier est vide." in text_of(parse(empty))


def test_rounds_groups_and_questions_without_french_are_flagged(client, app, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    assert client.post(f"/forums/{forum_id}/rounds", data={"new-title-en": "Our own round"}).status_code == 302
    rounds = parse(client.get(f"/forums/{forum_id}/rounds"))
    flagged = [text_of(card.select_one("code")) for card in rounds.select("li.card")
               if card.select("[data-testid=missing-translation]")]
    assert flagged == ["our_own_round"]  # the default rounds come with French
    english_only = make_forum(organizer, languages="en")
    assert client.post(f"/forums/{english_only}/rounds", data={"new-title-en": "Our own round"}).status_code == 302
    assert not parse(client.get(f"/forums/{english_only}/rounds")).select("[data-testid=missing-translation]")
