"""The public progress page: shared, replaced and turned off by the organizer; what it shows and
what it never shows."""
from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select

from forum import dates
from forum.extensions import db
from forum.models import ActionItem, FollowUp, Forum, SteeringSignup, Translated
from forum.services.progress import progress_token
from tests.conftest import PASSWORD
from tests.forum.test_access import snapshot
from tests.html import parse, text_of


@pytest.fixture
def plan(app, organizer, make_forum):
    """Two priorities: one with a done and an overdue item (owned by Amina, who agreed to be named), one
    with Ben's item (not named); a proposal not yet accepted."""
    forum_id = make_forum(organizer)
    with app.app_context():
        amina = SteeringSignup(forum_id=forum_id, client_id="a", name="Amina Owner", email="amina@example.org",
                               consents_to_owner_role=True, named_publicly=True)
        ben = SteeringSignup(forum_id=forum_id, client_id="b", name="Ben Quiet", email="ben@example.org",
                             consents_to_owner_role=True)
        db.session.add_all([amina, ben])
        db.session.flush()
        done = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), priority_label=Translated("Mentoring"), status="done",
                          owner_signup_id=amina.id, position=1,
                          follow_ups=[FollowUp(note="Twenty pairs matched", author="Amina Owner")])
        late = ActionItem(forum_id=forum_id, title=Translated("Mentor training"), priority_label=Translated("Mentoring"),
                          status="not_started", due_date=datetime.date(2020, 1, 31), owner_signup_id=amina.id,
                          position=2)
        quiet = ActionItem(forum_id=forum_id, title=Translated("Employer toolkit"), priority_label=Translated("Employers"),
                           status="in_progress", owner_signup_id=ben.id, position=3)
        proposal = ActionItem(forum_id=forum_id, title=Translated("Secret proposal"), proposal="pending")
        db.session.add_all([done, late, quiet, proposal])
        db.session.commit()
    return forum_id


def progress_path(app, forum_id):
    with app.app_context():
        return f"/progress/{progress_token(db.session.get(Forum, forum_id))}"


def test_the_page_shows_priorities_progress_and_consented_names_only(client, app, plan):
    assert client.get(progress_path(app, plan)).status_code == 404  # never shared
    assert client.post(f"/forums/{plan}/progress-page/share").status_code == 302
    path = progress_path(app, plan)
    listing = parse(client.get(f"/forums/{plan}/actions").get_data(as_text=True))
    assert listing.select_one("#progress-link")["value"].endswith(path)
    client.post("/logout")
    page = client.get(path + "?lang=fr")
    assert page.status_code == 200 and page.headers["X-Robots-Tag"] == "noindex"
    html = page.get_data(as_text=True)
    doc = parse(html)
    sections = doc.select("[data-testid=progress-priority]")
    assert [text_of(s.select_one("h2")) for s in sections] == ["Mentoring", "Employers"]
    assert [(bar["value"], bar["max"]) for bar in doc.select("progress")] == [("1", "3"), ("1", "2"), ("0", "1")]
    assert "Twenty pairs matched" in html
    assert "Amina Owner" in html and "Ben Quiet" not in html
    late = text_of(sections[0].select("[data-testid=progress-item]")[1]).replace("\u00a0", " ")
    assert "⚠ En retard depuis le 31 janvier 2020 (" in late and "Responsable : Amina Owner" in late  # French spacing
    for private in ("amina@example.org", "ben@example.org", "Secret proposal"):
        assert private not in html


def test_the_organizer_replaces_and_turns_off_the_link(client, app, plan):
    client.post(f"/forums/{plan}/progress-page/share")
    first = progress_path(app, plan)
    for change, question in (("replace", "Donner un nouveau lien à la page d'avancement ?"),
                             ("off", "Désactiver la page publique d'avancement ?")):
        asked = parse(client.post(f"/forums/{plan}/progress-page/{change}?lang=fr"))  # asked first
        assert text_of(asked.h1) == question and client.get(first).status_code == 200
    client.post(f"/forums/{plan}/progress-page/replace", data={"confirmed": "yes"})
    second = progress_path(app, plan)
    assert first != second and client.get(first).status_code == 403 and client.get(second).status_code == 200
    client.post(f"/forums/{plan}/progress-page/off", data={"confirmed": "yes"})
    assert client.get(second).status_code == 403
    client.post(f"/forums/{plan}/progress-page/share")  # on again: the same link as before
    assert client.get(second).status_code == 200


def test_wrong_tokens_and_other_organizers_are_refused(client, app, plan, make_organizer, auth):
    client.post(f"/forums/{plan}/progress-page/share")
    path = progress_path(app, plan)
    make_organizer("other@example.org")
    auth.logout()  # logging out ends the session token: a change of the users table
    before = snapshot(app)
    for wrong in (path[:-2] + ("xy" if not path.endswith("xy") else "zz"), "/progress/WzEsMV0.nope", "/progress/x"):
        assert client.get(wrong).status_code == 404
    for change in ("share", "replace", "off"):
        assert client.post(f"/forums/{plan}/progress-page/{change}").status_code == 302  # to log in
    auth.login("other@example.org", PASSWORD)
    for change in ("share", "replace", "off"):
        assert client.post(f"/forums/{plan}/progress-page/{change}").status_code == 404  # not theirs: unknown
    assert snapshot(app) == before
    assert client.get(path).status_code == 200


def test_a_member_chooses_to_be_named(client, app, plan):
    from forum.services.committee import committee_token

    client.post(f"/forums/{plan}/progress-page/share")
    path = progress_path(app, plan)
    with app.app_context():
        ben = db.session.scalar(db.select(SteeringSignup).where(SteeringSignup.name == "Ben Quiet"))
        ben.committee_link_version = 1
        db.session.commit()
        token = committee_token(ben)
    assert client.post(f"/c/{token}/public-name", data={"named_publicly": "y"}).status_code == 302
    assert "Ben Quiet" in client.get(path).get_data(as_text=True)
    assert client.post(f"/c/{token}/public-name", data={}).status_code == 302
    assert "Ben Quiet" not in client.get(path).get_data(as_text=True)


def test_a_member_is_told_that_being_named_names_them_in_the_report_too(client, app, plan):
    """One choice names a member beside their items on the progress page and in the report the organizers share and
    circulate: the member's page and the message after their choice say both, in English and French."""
    from forum.services.committee import committee_token

    with app.app_context():
        ben = db.session.scalar(db.select(SteeringSignup).where(SteeringSignup.name == "Ben Quiet"))
        ben.committee_link_version = 1
        db.session.commit()
        token = committee_token(ben)
    member = app.test_client()

    def report_names_ben():
        return "Ben Quiet" in text_of(parse(client.get(f"/forums/{plan}/report/preview?lang=en")))

    def chosen(data, lang):
        member.post(f"/c/{token}/public-name?lang={lang}", data=data)
        page = parse(member.get(f"/c/{token}?lang={lang}"))
        return text_of(page.select_one("#public-name label")), text_of(page.select_one(".flash"))

    assert chosen({"named_publicly": "y"}, "en") == (
        "Show my name beside my items on the public progress page and in the forum's report",
        "Your name is shown beside your items on the public progress page and in the forum's report.")
    assert report_names_ben()
    assert chosen({}, "fr") == (
        "Afficher mon nom à côté de mes actions sur la page publique d'avancement et dans le rapport du forum",
        "Votre nom n'est affiché ni sur la page publique d'avancement ni dans le rapport du forum.")
    assert not report_names_ben()


def test_the_share_done_reads_in_french(client, app, plan):
    client.post(f"/forums/{plan}/progress-page/share")
    page = text_of(parse(client.get(progress_path(app, plan) + "?lang=fr")).main)
    assert "50 % réalisé" in page and "50%" not in page
    assert "En retard depuis le 31 janvier 2020 (" in page
    assert "(plus de " in page and " ans de retard) · Responsable : Amina Owner" in page  # due in 2020: years late


def test_an_item_in_progress_is_not_counted_as_half_done(client, app, plan):
    """One of three items done, one in progress: a third done, not half (the series page's count)."""
    client.post(f"/forums/{plan}/progress-page/share")
    doc = parse(client.get(progress_path(app, plan) + "?lang=en"))
    bars = [text_of(line) for line in doc.select(".progress-line > span")]
    assert bars == ["33% done (1 of 3)", "50% done (1 of 2)", "0% done (0 of 1)"]


def test_the_report_gives_the_plans_progress_as_the_page_counts_it(client, app, plan):
    client.post(f"/forums/{plan}/progress-page/share")
    page = text_of(parse(client.get(progress_path(app, plan) + "?lang=en")).select_one(".progress-line > span"))
    assert page == "33% done (1 of 3)"
    for lang, line in (("en", "**33% done: 1 of 3 action items (dropped items are not counted).**"),
                       ("fr", "**33\u00a0% réalisé\u00a0: 1 sur 3 actions (les actions abandonnées ne sont pas "
                              "comptées).**")):
        report = client.get(f"/forums/{plan}/report/download/md?report_lang={lang}").get_data(as_text=True)
        assert line in report.splitlines(), lang


def test_priorities_and_items_with_no_french_are_marked_english_on_the_french_page(client, app, plan):
    """Read out in English by a screen reader, not with French sounds."""
    client.post(f"/forums/{plan}/progress-page/share")
    with app.app_context():
        db.session.scalar(select(ActionItem).where(ActionItem.title_en == "Mentoring pilot")).title = Translated(
            "Mentoring pilot", "Projet pilote de mentorat")
        db.session.commit()
    french = parse(client.get(progress_path(app, plan) + "?lang=fr")).select_one("main")
    marked = {(element.name, text_of(element)) for element in french.select("[lang=en]")}
    assert marked == {("h2", "Mentoring"), ("h2", "Employers"), ("h3", "Mentor training"),
                      ("h3", "Employer toolkit"), ("strong", "Spring forum")}  # the forum named in English only
    assert not parse(client.get(progress_path(app, plan) + "?lang=en")).select("main [lang]")


def test_a_priority_bar_is_named_by_its_title_in_the_titles_own_language(client, app, plan):
    """A title with no French names its bar in English, read out as English: not "Progression de « Mentoring »", an
    English word in a French sentence read with French sounds."""
    client.post(f"/forums/{plan}/progress-page/share")
    for lang, whole in (("fr", "Avancement de tout le plan"), ("en", "Progress of the whole plan")):
        main = parse(client.get(progress_path(app, plan) + f"?lang={lang}")).select_one("main")
        bars = main.select("progress")
        assert bars[0]["aria-label"] == whole and not bars[0].has_attr("aria-labelledby")
        named = []
        for bar in bars[1:]:
            assert not bar.has_attr("aria-label")
            title = main.find(id=bar["aria-labelledby"])  # the accessible name: the title element's text
            named.append((text_of(title), title.get("lang")))
        expected_lang = "en" if lang == "fr" else None
        assert named == [("Mentoring", expected_lang), ("Employers", expected_lang)], lang


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_viewer_reads_whether_the_progress_page_is_shared_and_its_link(client, app, plan, lang):
    """A funder with the viewer role cannot share the page: they are told it is not shared yet rather than
    shown an empty section, and read its link once an organizer shares it."""
    from tests.conftest import member_client

    viewer = member_client(app, plan, "viewer")
    section = parse(viewer.get(f"/forums/{plan}/actions?lang={lang}")).select_one('[aria-labelledby="progress-h"]')
    assert not section.select("form")
    assert section.select_one('[data-testid="progress-not-shared"]').get_text().strip() == {
        "en": "Not shared yet: the forum's organizers can share it.",
        "fr": "Pas encore partagée\u202f: les organisateurs du forum peuvent la partager."}[lang]
    assert not parse(client.get(f"/forums/{plan}/actions")).select('[data-testid="progress-not-shared"]')
    client.post(f"/forums/{plan}/progress-page/share")
    section = parse(viewer.get(f"/forums/{plan}/actions")).select_one('[aria-labelledby="progress-h"]')
    assert not section.select('[data-testid="progress-not-shared"]') and not section.select("form")
    assert progress_path(app, plan) in str(section)


def test_the_page_counts_the_items_by_status_as_the_bar_counts_them(client, app, plan):
    """A participant sees how many are done, under way, not started and overdue, not just a share done;
    a dropped item is said to be left out of the count the bar gives."""
    client.post(f"/forums/{plan}/progress-page/share")
    with app.app_context():
        db.session.add(ActionItem(forum_id=plan, title=Translated("Job fair"), status="dropped", position=4))
        db.session.commit()
    for lang, counts in (("en", ["1 done", "1 in progress", "1 not started", "1 dropped (not counted)", "⚠ 1 overdue"]),
                         ("fr", ["1 terminée", "1 en cours", "1 pas commencée", "1 abandonnée (non comptée)",
                                 "⚠ 1 en retard"])):
        doc = parse(client.get(progress_path(app, plan) + f"?lang={lang}"))
        assert [text_of(li) for li in doc.select("[data-testid=status-counts] > li")] == counts, lang
    assert text_of(doc.select_one(".progress-line > span")) == "33 % réalisé (1 sur 3)"
    with app.app_context():
        db.session.scalar(select(ActionItem).where(ActionItem.title_en == "Employer toolkit")).status = "done"
        db.session.scalar(select(ActionItem).where(ActionItem.title_en == "Mentor training")).status = "done"
        db.session.commit()
    doc = parse(client.get(progress_path(app, plan) + "?lang=fr"))
    assert [text_of(li) for li in doc.select("[data-testid=status-counts] > li")] == [
        "3 terminées", "1 abandonnée (non comptée)"]
    with app.app_context():  # an empty plan (the proposal is not in it): no counts, no bar, no date of change
        for item in db.session.scalars(select(ActionItem).where(ActionItem.forum_id == plan,
                                                                ActionItem.proposal.is_(None))):
            db.session.delete(item)
        db.session.commit()
    doc = parse(client.get(progress_path(app, plan) + "?lang=fr"))
    assert "Aucune action pour l'instant." in text_of(doc.main)
    assert not doc.select("[data-testid=status-counts], [data-testid=progress-dates], progress")


def test_the_page_says_when_the_forum_was_and_when_the_plan_last_changed_on_the_forums_clock(client, app, plan):
    """Months later, a reader can tell a plan kept up from a forgotten one. The latest change is a
    follow-up logged at 03:00 UTC on 2 March: 1 March in Vancouver, where the forum took place."""
    client.post(f"/forums/{plan}/progress-page/share")
    with app.app_context():
        forum = db.session.get(Forum, plan)
        forum.date, forum.time_zone = datetime.date(2025, 11, 14), "America/Vancouver"
        for item in db.session.scalars(select(ActionItem).where(ActionItem.forum_id == plan)):
            item.updated_at = datetime.datetime(2026, 1, 10, 12)
        db.session.scalar(select(FollowUp)).updated_at = datetime.datetime(2026, 3, 2, 3)
        db.session.commit()
    dates = parse(client.get(progress_path(app, plan) + "?lang=fr")).select_one("[data-testid=progress-dates]")
    assert text_of(dates) == "Forum du 14 novembre 2025 · Dernière mise à jour : 1er mars 2026"
    assert [time["datetime"] for time in dates.select("time")] == ["2025-11-14", "2026-03-01"]
    with app.app_context():  # an edit of the proposal not in the plan is no change of the plan
        db.session.scalar(select(ActionItem).where(ActionItem.proposal == "pending")).updated_at = \
            datetime.datetime(2026, 4, 1, 12)
        db.session.commit()
    dates = parse(client.get(progress_path(app, plan) + "?lang=en")).select_one("[data-testid=progress-dates]")
    assert text_of(dates) == "Forum of 14 November 2025 · Last updated: 1 March 2026"


def test_a_printed_page_names_its_forum_and_each_item_is_a_heading(client, app, plan):
    """The site header, the only place the forum's name is on screen, is left out of a printed page; a
    screen reader user goes from item to item by heading."""
    client.post(f"/forums/{plan}/progress-page/share")
    doc = parse(client.get(progress_path(app, plan) + "?lang=en"))
    assert text_of(doc.main.select_one("[data-testid=printed-forum-name]")) == "Spring forum"
    assert [text_of(h) for h in doc.main.select("h3")] == ["Mentoring pilot", "Mentor training", "Employer toolkit"]
    assert [h.name for h in doc.main.select("h1, h2, h3")] == ["h1", "h2", "h3", "h3", "h2", "h3"]


def test_a_shared_link_previews_with_the_pages_title_and_how_far_the_plan_is(client, app, plan):
    """Pasted in a messaging app or a mail, the link shows what it is and where the plan stands, in the
    reader's language, and nothing the page does not show."""
    client.post(f"/forums/{plan}/progress-page/share")
    head = parse(client.get(progress_path(app, plan) + "?lang=fr")).head
    meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in head.select("meta[content]")}
    assert meta["og:title"] == "Ce que sont devenues les priorités — Spring forum"
    assert meta["og:description"] == meta["description"] == (
        "33\u00a0% réalisé (1 sur 3). Le plan d'action du comité directeur pour les grandes priorités du forum, "
        "tenu à jour par le comité.")
    assert "Amina" not in str(head) and "Secret proposal" not in str(head)


def test_an_organizer_logging_a_follow_up_is_told_it_is_public_while_the_page_is_shared(client, app, plan):
    with app.app_context():
        item_id = db.session.scalar(select(ActionItem.id).where(ActionItem.title_en == "Mentor training"))

    def hint():
        page = parse(client.get(f"/forums/{plan}/actions/{item_id}?lang=fr"))
        described = page.select_one("#follow-ups textarea").get("aria-describedby")
        return text_of(page.select_one(f"#{described}")) if described else None

    assert hint() is None
    client.post(f"/forums/{plan}/progress-page/share")
    assert hint() == ("La page publique d'avancement montre le dernier suivi de chaque action à toute personne qui "
                      "a son lien.")
    client.post(f"/forums/{plan}/progress-page/off", data={"confirmed": "yes"})
    assert hint() is None


def test_a_follow_up_note_is_marked_in_the_language_it_was_written_in_where_the_page_reads_another(client, app, plan):
    """The organizer writes from a French page, Amina from her English committee page: each note keeps its
    language, and the public page marks it (lang=) where its reader's language differs, for screen readers."""
    from forum.services.committee import committee_token

    with app.app_context():
        items = dict(db.session.execute(select(ActionItem.title_en, ActionItem.id)).all())
        amina = db.session.scalar(select(SteeringSignup).where(SteeringSignup.name == "Amina Owner"))
        amina.committee_link_version = 1
        db.session.commit()
        token = committee_token(amina)
    client.post(f"/forums/{plan}/progress-page/share")
    toolkit, training = items["Employer toolkit"], items["Mentor training"]
    assert client.post(f"/forums/{plan}/actions/{toolkit}/follow-ups?lang=fr",
                       data={"note": "Trois employeurs rencontrés", "status_change": "", "client_id": "a1b2c3d4-fr-follow-up"}).status_code == 302
    assert client.post(f"/c/{token}/items/{training}/follow-ups?lang=en",
                       data={f"item{training}-note": "Two trainers found",
                             f"item{training}-client_id": "a1b2c3d4-en-follow-up"}).status_code == 302
    client.post("/logout")

    def notes(lang):
        page = parse(client.get(progress_path(app, plan) + f"?lang={lang}"))
        return {text_of(item.select_one("h3")): [(text_of(span), span.get("lang"))
                                                  for span in item.select("[data-testid=latest-follow-up] span")]
                for item in page.select("[data-testid=progress-item]")}

    assert notes("fr") == {"Mentoring pilot": [("Twenty pairs matched", None)],  # older notes: language unknown
                           "Mentor training": [("Two trainers found", "en")], "Employer toolkit": [
                               ("Trois employeurs rencontrés", None)]}
    assert notes("en")["Employer toolkit"] == [("Trois employeurs rencontrés", "fr")]
    assert notes("en")["Mentor training"] == [("Two trainers found", None)]


def test_the_organizer_chooses_to_show_the_actions_descriptions_which_are_off_by_default(client, app, plan):
    """Descriptions may hold what was meant for the committee: the page leaves them out until the organizer,
    told what becomes public, chooses to show them; then each reads in the reader's language, or is marked."""
    with app.app_context():
        items = {item.title.en: item for item in db.session.scalars(select(ActionItem))}
        items["Employer toolkit"].description = Translated("Call ten employers", "Appeler dix employeurs")
        items["Mentor training"].description = Translated("Two sessions in spring")
        db.session.commit()
    client.post(f"/forums/{plan}/progress-page/share")

    def descriptions(lang):
        page = parse(client.get(progress_path(app, plan) + f"?lang={lang}"))
        return [(text_of(p), p.get("lang")) for p in page.select("[data-testid=item-description]")]

    def setting(lang):
        return text_of(parse(client.get(f"/forums/{plan}/actions?lang={lang}")).select_one(
            "[data-testid=progress-descriptions]"))

    assert descriptions("en") == descriptions("fr") == []
    assert setting("fr").startswith("Non affichées : la page ne donne que le titre de chaque action. "
                                    "Affichées, les descriptions deviennent publiques")
    assert setting("en").startswith("Not shown: the page gives each action's title only. Shown, each description "
                                    "becomes public to anyone with the link")
    assert client.post(f"/forums/{plan}/progress-page/descriptions/show").status_code == 302
    assert setting("en").startswith("Shown: anyone with the page's link reads each action's description")
    # only English given for the training: marked so on the French page
    assert descriptions("fr") == [("Two sessions in spring", "en"), ("Appeler dix employeurs", None)]
    assert descriptions("en") == [("Two sessions in spring", None), ("Call ten employers", None)]
    assert client.post(f"/forums/{plan}/progress-page/descriptions/hide").status_code == 302
    assert descriptions("en") == []
    assert client.post(f"/forums/{plan}/progress-page/descriptions/everything").status_code == 404


@pytest.mark.parametrize("languages", ["en,fr", "en"])
def test_the_page_links_the_report_once_shared_and_final_in_the_readers_language_when_it_exists(
        client, app, plan, languages):
    from forum.models import ReportDraft, utcnow

    with app.app_context():
        db.session.get(Forum, plan).languages = languages
        draft = ReportDraft(forum_id=plan, language="en", shared=True)
        db.session.add(draft)
        db.session.commit()
        token, draft_id = draft.share_token, draft.id
    client.post(f"/forums/{plan}/progress-page/share")

    def link(lang):
        return parse(client.get(progress_path(app, plan) + f"?lang={lang}")).select_one(
            "[data-testid=forum-report] a")

    assert link("en") is None  # shared, but still a draft: not linked, as on the participants' page
    with app.app_context():
        db.session.get(ReportDraft, draft_id).published_at = utcnow()
        db.session.commit()
    french = link("fr")
    assert text_of(french) == "Lire le rapport du forum"
    if languages == "en,fr":
        assert (french["href"], french.get("hreflang")) == (f"/r/{token}?lang=fr", None)
    else:  # no French report: the one there is, said to be in English
        assert (french["href"], french["hreflang"]) == (f"/r/{token}", "en")
    assert link("en")["href"] == f"/r/{token}?lang=en" and text_of(link("en")) == "Read the forum's report"
    assert client.get(french["href"]).status_code == 200
    with app.app_context():
        db.session.get(ReportDraft, draft_id).shared = False
        db.session.commit()
    assert link("fr") is None


def test_in_a_forum_of_two_languages_the_writer_says_which_language_the_note_is_in(client, app, plan):
    """From an English page, an organizer of a bilingual forum logs a note in French: they say so, and the
    English progress page marks it. A one-language forum's form does not ask; a language not offered is refused."""
    with app.app_context():
        item_id = db.session.scalar(select(ActionItem.id).where(ActionItem.title_en == "Employer toolkit"))
    url = f"/forums/{plan}/actions/{item_id}/follow-ups?lang=en"

    def written_in_choices():
        page = parse(client.get(f"/forums/{plan}/actions/{item_id}?lang=fr"))
        field = page.select_one("select[name=written_in]")
        return field and (text_of(page.select_one("label[for=written_in]")),
                          [(o["value"], o.get("lang"), text_of(o), o.has_attr("selected")) for o in field.select("option")])

    with app.app_context():
        languages = db.session.get(Forum, plan).languages
    assert languages == "en" and written_in_choices() is None
    with app.app_context():
        db.session.get(Forum, plan).languages = "en,fr"
        db.session.commit()
    assert written_in_choices() == ("Écrit en", [("en", "en", "English", False), ("fr", "fr", "Français", True)])
    client.post(f"/forums/{plan}/progress-page/share")
    refused = client.post(url, data={"note": "Ein Treffen", "written_in": "de", "status_change": "",
                                      "client_id": "a1b2c3d4-de-follow-up"})
    assert refused.status_code == 422
    assert client.post(url, data={"note": "Trois employeurs rencontrés", "written_in": "fr", "status_change": "",
                                  "client_id": "a1b2c3d4-fr-follow-up"}).status_code == 302
    with app.app_context():
        assert [(f.note, f.language) for f in db.session.get(ActionItem, item_id).follow_ups] == [
            ("Trois employeurs rencontrés", "fr")]
    client.post("/logout")
    note = parse(client.get(progress_path(app, plan) + "?lang=en")).select_one(
        "[data-testid=latest-follow-up] span[lang=fr]")
    assert text_of(note) == "Trois employeurs rencontrés"


def test_each_item_says_when_it_is_due_in_words_on_the_forums_day_flagged_once_if_overdue(client, app, plan):
    """A participant reads "Due today" or "Overdue since 4 December 2026 (3 days late)" as the committee's and the
    organizers' pages say it, on the forum's own day (Kiritimati's, a day ahead of the server's most of the day), the
    date machine-readable; an overdue item is flagged once, a date further off stays a date after "Due:"."""
    client.post(f"/forums/{plan}/progress-page/share")
    with app.app_context():
        forum = db.session.get(Forum, plan)
        forum.time_zone = "Pacific/Kiritimati"
        today = dates.today(forum)
        for title, days in (("Mentor training", -3), ("Employer toolkit", 0), ("Mentoring pilot", 30)):
            db.session.scalar(select(ActionItem).where(ActionItem.title_en == title)).due_date = \
                today + datetime.timedelta(days=days)
        db.session.commit()
    late, later = today - datetime.timedelta(days=3), today + datetime.timedelta(days=30)
    months = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"],
              "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                     "novembre", "décembre"]}

    def day(value, lang):
        number = "1er" if lang == "fr" and value.day == 1 else str(value.day)
        return f"{number} {months[lang][value.month - 1]} {value.year}"

    for lang, words in (
            ("en", {"Mentor training": ("Not started", f"⚠ Overdue since {day(late, 'en')} (3 days late)"),
                    "Employer toolkit": ("In progress", "Due today"),
                    "Mentoring pilot": ("Done", f"Due: {day(later, 'en')}")}),
            ("fr", {"Mentor training": ("Pas commencée", f"⚠ En retard depuis le {day(late, 'fr')} (3 jours de retard)"),
                    "Employer toolkit": ("En cours", "Échéance aujourd'hui"),
                    "Mentoring pilot": ("Terminée", f"Échéance : {day(later, 'fr')}")})):
        doc = parse(client.get(progress_path(app, plan) + f"?lang={lang}"))
        items = {text_of(item.select_one("h3")): item for item in doc.select("[data-testid=progress-item]")}
        for title, (status, due) in words.items():
            line = items[title].select_one("[data-testid=item-status]")
            parts = text_of(line).replace("\u00a0", " ").split(" · ")
            assert parts[:2] == [status, due.replace("\u00a0", " ")], (lang, title, parts)
            assert line.select_one("time")["datetime"] == db_due(app, title).isoformat()
        flags = items["Mentor training"].select(".overdue-flag")
        assert len(flags) == 1 and text_of(flags[0]).count("⚠") == 1  # flagged once, in words and by style
        assert not items["Employer toolkit"].select(".overdue-flag")
        assert "Overdue" not in text_of(doc.main) or lang == "en"


def db_due(app, title):
    with app.app_context():
        return db.session.scalar(select(ActionItem).where(ActionItem.title_en == title)).due_date
