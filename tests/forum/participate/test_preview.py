"""An organizer previews the participants' evaluation, a session's rating and a vote: the phone's page
with its questions and choices, in English and French, open or closed, from which nothing can be sent."""
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationQuestion, Forum, Membership, Round, User
from forum.models.evaluations import choices_of
from tests.conftest import PASSWORD
from tests.forum.participate.test_voting import ballot, open_ballot  # noqa: F401  (fixture)
from tests.forum.test_access import snapshot
from tests.html import error_message, parse, text_of

BANNER = {"en": "Preview — this is what participants will see; nothing you answer here is saved.",
          "fr": "Aperçu — voici ce que verront les participants\u00a0; rien de ce que vous répondez ici "
                "n'est enregistré."}


NOTHING_SAVED = {
    "en": "This is a preview of the participants' page: nothing was sent or saved. Participants send their answers "
          "from their own phones.",
    "fr": "Ceci est un aperçu de la page des participants\u00a0: rien n'a été envoyé ni enregistré. Les participants "
          "envoient leurs réponses depuis leur propre téléphone."}


def words(text):
    """``text`` as ``text_of`` reads it (no-break spaces are spaces)."""
    return " ".join(text.split())


def set_evaluation_open(app, forum_id, is_open):
    with app.app_context():
        db.session.get(Forum, forum_id).evaluation_open = is_open
        db.session.commit()


def expected_questions(app, forum_id, language):
    """Each evaluation question's wording and its choices (a choice question's own) in ``language``."""
    with app.app_context():
        questions = db.session.scalars(select(EvaluationQuestion).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.round_id.is_(None))
            .order_by(EvaluationQuestion.position))
        return [(q.prompt.in_(language), q.kind, [c.label.in_(language) for c in choices_of(q.choices)])
                for q in questions]


def shown_questions(form):
    """Each question of the page's form: its wording, and the labels of its options."""
    shown = []
    for group in form.select("fieldset.choice-group, div.field"):
        if group.name == "fieldset":
            shown.append((text_of(group.legend), [text_of(option) for option in group.select("label.option")]))
        else:
            shown.append((text_of(group.label), []))
    return shown


def check_preview(page, language):
    assert page.status_code == 200
    html = parse(page)
    assert html.html["lang"] == language
    assert text_of(html.select_one('[data-testid="preview-banner"] strong')) == words(BANNER[language])
    form = html.select_one("main form")
    assert not form.has_attr("data-queue") and not form.select("input[name=csrf_token]")
    assert [button.has_attr("disabled") for button in form.select("button[type=submit]")] == [True]
    return form


@pytest.mark.parametrize("is_open", [True, False])
def test_the_evaluation_preview_shows_every_question_and_choice_in_english_and_french(app, client, forum_setup,
                                                                                     is_open):
    set_evaluation_open(app, forum_setup["id"], is_open)
    before = snapshot(app)
    for language, yes, rating_top in (("en", "Yes", "5 – Excellent"), ("fr", "Oui", "5 – Excellent")):
        form = check_preview(client.get(f"/forums/{forum_setup['id']}/evaluation/preview?lang={language}"), language)
        shown = shown_questions(form)
        expected = expected_questions(app, forum_setup["id"], language)
        assert [prompt for prompt, _options in shown] == [words(prompt) for prompt, _kind, _choices in expected]
        for (_prompt, options), (prompt, kind, choices) in zip(shown, expected):
            if kind == "choice":
                assert options == [words(choice) for choice in choices], prompt
            elif kind == "yes_no":
                assert options[0] == yes, prompt
            elif kind == "rating":
                assert len(options) == 5 and options[0] == rating_top, prompt
        assert ("Oui, chaque année" in form.text) == (language == "fr")
    assert client.get_cookie("fw_device") is None
    assert snapshot(app) == before  # no participant, response or answer


def test_the_preview_is_the_participants_page_but_for_its_banner_and_button(app, client, forum_setup, phone):
    participant = parse(phone().get("evaluation")).select_one("main form")
    preview = parse(client.get(f"/forums/{forum_setup['id']}/evaluation/preview")).select_one("main form")
    assert shown_questions(preview) == shown_questions(participant)
    assert [text_of(b) for b in preview.select("button")] == [text_of(b) for b in participant.select("button")]


def test_nothing_can_be_sent_to_a_preview(app, client, forum_setup, ballot):  # noqa: F811
    with app.app_context():
        round_id = db.session.scalars(select(Round.id).where(Round.forum_id == forum_setup["id"])).first()
    answers = {"q_rating": "5", "q_takeaway": "Sent from a preview", "client_id": "preview-1",
               "q_session_%d_rating" % round_id: "4", f"item_{next(iter(ballot['items'].values()))}": "1"}
    before = snapshot(app)
    for url in preview_urls(app, forum_setup["id"], ballot["id"]):
        for language in ("en", "fr"):
            refused = client.post(f"{url}?lang={language}", data=answers)
            assert refused.status_code == 405, url
            assert error_message(refused) == words(NOTHING_SAVED[language]), url
        sent = client.post(f"{url}?lang=en", json=answers)
        assert sent.status_code == 405 and sent.get_json()["error"] == NOTHING_SAVED["en"], url
    assert snapshot(app) == before
    elsewhere = client.post(f"/forums/{forum_setup['id']}/evaluation/results")  # another page that takes no form
    assert elsewhere.status_code == 405 and error_message(elsewhere) == "This action is not allowed here."


def preview_urls(app, forum_id: int, ballot_id: int) -> list[str]:
    with app.app_context():
        round_id = db.session.scalars(select(Round.id).where(Round.forum_id == forum_id)).first()
    return [f"/forums/{forum_id}/evaluation/preview", f"/forums/{forum_id}/rounds/{round_id}/rating/preview",
            f"/forums/{forum_id}/votes/{ballot_id}/preview"]


def test_a_preview_leads_only_to_itself_in_another_language_or_back_to_the_organizers_pages(
        app, client, forum_setup, ballot):  # noqa: F811
    for url in preview_urls(app, forum_setup["id"], ballot["id"]):
        for language in ("en", "fr"):
            page = parse(client.get(f"{url}?lang={language}"))
            back = page.select_one("[data-testid=preview-banner] a:last-child")["href"]
            assert back.startswith(f"/forums/{forum_setup['id']}/")
            own_account = {a["href"] for a in page.select(".site-header a[href^='/account/']")}  # the organizer's
            hrefs = {a["href"] for a in page.select("a[href]")} - {"#main", back} - own_account
            assert hrefs and all(href.split("?")[0] == url for href in hrefs), (url, hrefs)


def test_a_session_rating_is_previewed_before_it_first_opens_without_creating_its_questions(app, client,
                                                                                          forum_setup):
    with app.app_context():
        session_round = db.session.scalars(select(Round).where(Round.forum_id == forum_setup["id"])).first()
        round_id, title = session_round.id, session_round.title.in_("fr")
    before = snapshot(app)
    page = client.get(f"/forums/{forum_setup['id']}/rounds/{round_id}/rating/preview?lang=fr")
    form = check_preview(page, "fr")
    assert text_of(parse(page).h1) == words(f"Évaluer la séance «\u00a0{title}\u00a0»")
    assert [prompt for prompt, _options in shown_questions(form)] == [
        "Comment évaluez-vous cette séance ?", "Un commentaire sur cette séance ?"]
    assert snapshot(app) == before
    setup = parse(client.get(f"/forums/{forum_setup['id']}/evaluation"))
    assert setup.select_one(f'#sessions ~ ol a[href="/forums/{forum_setup["id"]}/rounds/{round_id}/rating/preview"]')


def test_a_vote_is_previewed_before_it_opens_and_after_it_closes(client, ballot):  # noqa: F811
    url = f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/preview"
    assert parse(client.get(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}")).select_one(f'a[href="{url}"]')
    for step in ("draft", "open", "close"):
        if step == "open":
            open_ballot(client, ballot)
        elif step == "close":
            client.post(f"/forums/{ballot['forum_id']}/votes/{ballot['id']}/close", data={"confirmed": "yes"})
        form = check_preview(client.get(url), "en")
        assert sorted(text_of(label) for label in form.select("label.dot-label")) == sorted(ballot["items"])


def test_a_viewer_may_preview_and_a_stranger_may_not(app, forum_setup, make_organizer, ballot):  # noqa: F811
    viewer, stranger = make_organizer("viewer@example.org"), make_organizer("stranger@example.org")
    with app.app_context():
        db.session.add(Membership(user_id=viewer, role="viewer", forum_id=forum_setup["id"]))
        db.session.commit()
        round_id = db.session.scalars(select(Round.id).where(Round.forum_id == forum_setup["id"])).first()
    urls = [f"/forums/{forum_setup['id']}/evaluation/preview",
            f"/forums/{forum_setup['id']}/rounds/{round_id}/rating/preview",
            f"/forums/{forum_setup['id']}/votes/{ballot['id']}/preview"]
    for email, status in (("viewer@example.org", 200), ("stranger@example.org", 404)):
        person = app.test_client()
        person.post("/login", data={"email": email, "password": PASSWORD})
        for url in urls:
            page = person.get(url)
            assert page.status_code == status, (email, url)
            assert ("Overall, how would you rate" in page.text) == (status == 200 and url == urls[0])
    viewer_client = app.test_client()
    viewer_client.post("/login", data={"email": "viewer@example.org", "password": PASSWORD})
    assert parse(viewer_client.get(f"/forums/{forum_setup['id']}/evaluation/results")).select_one(
        f'a[href="{urls[0]}"]')


def test_the_setup_page_links_the_preview(client, forum_setup):
    setup = parse(client.get(f"/forums/{forum_setup['id']}/evaluation"))
    link = setup.select_one(f'a[href="/forums/{forum_setup["id"]}/evaluation/preview"]')
    assert text_of(link) == "Preview as a participant"


@pytest.mark.parametrize("path", ["evaluation/preview", "report/preview"])
def test_previewing_in_the_other_language_leaves_the_accounts_language(app, client, forum_setup, path):
    """An organizer checking the French form or the French report has not chosen French for their own pages."""
    assert client.get(f"/forums/{forum_setup['id']}/{path}?lang=fr").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == "organizer@example.org")) is None
