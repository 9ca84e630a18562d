"""Joining a forum by code or QR link, the device cookie, and the participant's home."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Participant, StakeholderGroup
from tests.clock import app_today
from tests.html import parse, text_of

from .conftest import Phone


def participant_count(app, forum_id):
    with app.app_context():
        return db.session.scalar(select(func.count(Participant.id)).where(Participant.forum_id == forum_id))


def test_join_page_has_a_labelled_code_field(client):
    page = client.get("/join")
    assert page.status_code == 200
    assert text_of(parse(page).select_one("label[for=code]")).startswith("Forum code")
    field = parse(page).select_one("input[name=code]")
    # a phone's keyboard neither autocorrects nor suggests words for the code
    assert (field["autocapitalize"], field["autocorrect"], field["autocomplete"], field["spellcheck"]) == (
        "characters", "off", "off", "false")


def test_qr_link_joins_and_sets_a_long_httponly_device_cookie(app, forum_setup):
    phone = Phone(app, forum_setup["code"].lower())  # codes are read aloud: case does not matter
    response = phone.join()
    assert response.status_code == 302
    assert response.location.endswith(f"/p/{forum_setup['code']}/about-you")
    cookie = next(h for h in response.headers.get_all("Set-Cookie") if h.startswith("fw_device="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert len(phone.device) >= 40
    # Joining again from the same phone later goes home and keeps a single participant record.
    joined_a_minute_ago(app, forum_setup["id"])
    again = phone.join()
    assert again.location.endswith(f"/p/{forum_setup['code']}/")
    assert participant_count(app, forum_setup["id"]) == 1


def joined_a_minute_ago(app, forum_id):
    with app.app_context():
        for participant in db.session.scalars(select(Participant).where(Participant.forum_id == forum_id)):
            participant.created_at -= timedelta(minutes=1)
        db.session.commit()


def test_join_sent_twice_from_one_phone_joins_once_and_both_answers_ask_who_you_are(app, forum_setup):
    """Join tapped twice while the first answer is slow: the phone shows the second answer, which found the record
    the first had made. It asks "Who are you?" too (it went to the forum's page); once the person has said who they
    are, a join again goes to the forum's page."""
    phone = Phone(app, forum_setup["code"])
    phone.client.get("/join")  # the page gives the phone its device cookie: both joins carry it
    answers = [phone.client.post("/join", data={"code": forum_setup["code"]}) for _ in range(2)]
    about_you = f"/p/{forum_setup['code']}/about-you"
    assert [(answer.status_code, answer.location.endswith(about_you)) for answer in answers] == [(302, True)] * 2
    assert participant_count(app, forum_setup["id"]) == 1
    assert phone.post("about-you", data={"name": "Léa", "group_id": "0"}).status_code == 302
    assert phone.client.post("/join", data={"code": forum_setup["code"]}).location.endswith(
        f"/p/{forum_setup['code']}/")


@pytest.mark.parametrize("typed", ["{a} {b}", "{a}-{b}", "{a}.{b}", "{wide}"])
def test_typed_code_with_spaces_dashes_or_full_width_letters_joins(app, forum_setup, typed):
    """As people write a code down or read it aloud: "k7m-2qx", or from a phone's full-width keyboard."""
    client = app.test_client()
    code = forum_setup["code"]
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in code)  # Ｋ７Ｍ２ＱＸ
    typed = typed.format(a=code[:3].lower(), b=code[3:], wide=wide)
    response = client.post("/join", data={"code": f" {typed} "})
    assert response.status_code == 302
    assert participant_count(app, forum_setup["id"]) == 1


def test_a_device_cookie_ending_in_a_line_break_is_replaced_on_joining(app, forum_setup):
    """The token's pattern ended in ``$``, which a final line break passes: the phone kept that token."""
    phone = Phone(app, forum_setup["code"])
    phone.client.set_cookie("fw_device", "a" * 43 + "\n")
    assert phone.join().status_code == 302
    token = phone.client.get_cookie("fw_device").decoded_value
    assert token != "a" * 43 + "\n" and len(token) >= 40 and token.isprintable()


def test_wrong_or_empty_code_says_so(client, forum_setup):
    wrong = client.post("/join", data={"code": "ZZZZZZ"})
    assert wrong.status_code == 404
    assert "No forum has this code" in wrong.text
    empty = client.post("/join", data={"code": "   "})
    assert empty.status_code == 422
    assert "Type the code shown in the room." in empty.text
    too_long = client.get("/join?code=" + "A" * 500)
    assert too_long.status_code == 422


def test_a_page_before_joining_goes_through_join_and_back(app, forum_setup):
    phone = Phone(app, forum_setup["code"])
    first = phone.get("evaluation")
    assert first.status_code == 302 and "/join?code=" in first.location
    joined = phone.client.get(first.location)
    assert joined.location.endswith("/evaluation")
    assert phone.get("evaluation").status_code == 200


def test_posting_without_joining_is_refused(app, forum_setup):
    stranger = Phone(app, forum_setup["code"])
    response = stranger.send("evaluation", q_rating=5)
    assert response.status_code == 403
    assert "Join the forum first" in response.json["error"]


def test_unknown_forum_code_in_a_page_address_is_404(phone):
    device = phone()
    device.code = "NOPE99"
    assert device.get().status_code == 404


def test_about_you_is_optional_and_saved(app, phone, forum_setup):
    device = phone()
    page = device.get("about-you")
    assert parse(page).select("label[for=name]") and "Prefer not to say" in page.text
    assert device.post("about-you", data={"name": "", "organization": "", "group_id": "0"}).status_code == 302
    with app.app_context():
        group_id = db.session.scalar(select(StakeholderGroup.id).where(
            StakeholderGroup.forum_id == forum_setup["id"], StakeholderGroup.key == "employers"))
    saved = device.post("about-you", data={"name": "Léa Tremblay", "organization": "ACME", "group_id": str(group_id)})
    assert saved.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Participant).where(Participant.forum_id == forum_setup["id"]))
        assert (person.name, person.organization, person.group_id) == ("Léa Tremblay", "ACME", group_id)
    assert "Welcome, Léa Tremblay" in device.get().text
    # A group of another forum is not a valid choice: the page comes back with its error tied to the radio
    # buttons, and the summary's link leads to the first of them (a fieldset cannot take the focus).
    refused = device.post("about-you", data={"group_id": "99999"})
    assert refused.status_code == 422
    page = parse(refused)
    assert page.select_one("fieldset#group_id")["aria-describedby"] == "group_id-error"
    assert page.select_one("#form-problems a")["href"] == "#group_id-0" and page.select_one("input#group_id-0")


def test_home_lists_what_is_open(app, phone, forum_setup, client):
    device = phone()
    home = device.get()
    assert "Evaluate the forum" in home.text
    client.post(f"/forums/{forum_setup['id']}/evaluation/close", data={"confirmed": "yes"})
    home = device.get()
    assert "Evaluate the forum" not in home.text
    assert "Nothing is open right now" in home.text
    assert "I want to help implement the outcomes" in home.text


def test_home_says_the_evaluation_is_saved_once_it_is_closed(app, phone, forum_setup, client):
    """Coming back the day after: the answers are not forgotten, and nothing promises "during the forum"."""
    device = phone()
    device.send("evaluation", q_rating=4)
    client.post(f"/forums/{forum_setup['id']}/evaluation/close", data={"confirmed": "yes"})
    saved = "[data-testid=evaluation-saved]"
    home = parse(device.get())
    assert text_of(home.select_one(saved)) == "Thank you: your evaluation answers are saved."
    assert "during the forum" not in text_of(home)
    home = parse(device.get(query_string={"lang": "fr"}))
    assert text_of(home.select_one(saved)) == "Merci : vos réponses à l'évaluation sont enregistrées."
    assert "pendant le forum" not in text_of(home)
    assert parse(phone().get()).select_one(saved) is None  # a phone that did not answer


def test_language_switch_is_remembered_and_browser_language_is_the_default(app, forum_setup):
    phone = Phone(app, forum_setup["code"])
    phone.join()
    assert "Évaluer le forum" in phone.get(query_string={"lang": "fr"}).text
    assert "Évaluer le forum" in phone.get().text  # kept in the session
    assert "Evaluate the forum" in phone.get(query_string={"lang": "en"}).text
    browser_fr = Phone(app, forum_setup["code"])
    browser_fr.join(**{"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert "Évaluer le forum" in browser_fr.get(headers={"Accept-Language": "fr-CA,fr;q=0.9"}).text


def test_home_links_the_report_once_shared_and_final_and_the_progress_page_once_shared(phone, forum_setup, client):
    """What the report's news e-mail gives, the phone's forum page gives too; a draft shared for a colleague
    is not put in front of the room."""
    device, forum_id = phone(), forum_setup["id"]
    links = {"[data-testid=read-report]": "/r/", "[data-testid=follow-progress]": "/progress/"}

    def shown(lang="en"):
        home = parse(device.get(query_string={"lang": lang}))
        return {selector: (text_of(home.select_one(selector)), home.select_one(selector)["href"])
                for selector in links if home.select_one(selector)}

    assert shown() == {}
    client.post(f"/forums/{forum_id}/report/share")
    assert shown() == {}  # shared, still a draft
    client.post(f"/forums/{forum_id}/report/final")
    client.post(f"/forums/{forum_id}/progress-page/share")
    english = shown()
    assert {selector: text for selector, (text, _) in english.items()} == {
        "[data-testid=read-report]": "Read the forum's report Published by the organizers",
        "[data-testid=follow-progress]": "What became of the ideas "
                                         "The action plan's progress, kept up by the steering committee"}
    assert all(href.startswith(links[selector]) for selector, (_, href) in english.items())
    assert device.client.get(english["[data-testid=read-report]"][1]).status_code == 200
    assert device.client.get(english["[data-testid=follow-progress]"][1]).status_code == 200
    assert [text for text, _ in shown("fr").values()] == [
        "Lire le rapport du forum Publié par les organisateurs",
        "Ce que sont devenues les idées L'avancement du plan d'action, tenu à jour par le comité directeur"]
    client.post(f"/forums/{forum_id}/report/unshare", data={"confirmed": "yes"})
    client.post(f"/forums/{forum_id}/progress-page/off", data={"confirmed": "yes"})
    assert shown() == {}


def _forum_after_it(app, forum_id, **fields):
    """The forum months later: its evaluation closed, its day long past (or, without a date, its progress page out)."""
    import datetime

    from forum.models import Forum
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.evaluation_open = False
        for name, value in {"date": datetime.date(2020, 11, 14), **fields}.items():
            setattr(forum, name, value)
        db.session.commit()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("fields", [{}, {"date": None, "progress_shared": True, "progress_link_version": 1}])
def test_a_new_phone_months_after_the_forum_opens_the_forums_page_not_who_are_you(app, forum_setup, lang, fields):
    """Someone who took part on another phone types the code again on a new one: nothing is left to answer, so
    the forum's page opens on what they can still do, "About you" among it (optional), not a "Who are you?" wall."""
    _forum_after_it(app, forum_setup["id"], **fields)
    phone = Phone(app, forum_setup["code"])
    response = phone.join(**{"Accept-Language": lang})
    assert response.location.endswith(f"/p/{forum_setup['code']}/")
    page = parse(phone.get(headers={"Accept-Language": lang}))
    assert text_of(page.select_one("[data-testid=forum-over]")) == {
        "en": "The forum is over. Here is what you can still do.",
        "fr": "Le forum est terminé. Voici ce que vous pouvez encore faire."}[lang]
    assert not page.find("h2", string={"en": "Open now", "fr": "Ouvert maintenant"}[lang])
    assert page.select_one(f"a[href='/p/{forum_setup['code']}/about-you']")
    assert page.select_one(f"a[href='/p/{forum_setup['code']}/steering-committee']")
    if fields:
        assert page.select_one("[data-testid=follow-progress]")


def test_a_new_phone_on_the_forums_day_is_still_asked_who_it_is(app, forum_setup):
    """Nothing open yet, but the forum is today: the organizers count who took part, so the new phone is asked."""
    import datetime
    _forum_after_it(app, forum_setup["id"], date=app_today() + datetime.timedelta(days=1))
    assert Phone(app, forum_setup["code"]).join().location.endswith(f"/p/{forum_setup['code']}/about-you")


def test_a_new_phone_on_the_forums_day_costs_no_query_of_what_is_open(app, forum_setup, count_queries):
    """The opening rush: every new phone asks whether the forum is under way; on the forum's day (or before it)
    its date answers, without querying the open votes and the sessions' ratings for each phone."""
    import datetime

    from forum.models import Forum
    with app.app_context():
        db.session.get(Forum, forum_setup["id"]).date = app_today() + datetime.timedelta(days=1)
        db.session.commit()
    phone = Phone(app, forum_setup["code"])
    with count_queries() as statements:
        assert phone.join().location.endswith(f"/p/{forum_setup['code']}/about-you")
    assert [sql for sql in statements if " ballots" in sql or " rounds" in sql] == []


def test_a_new_phone_after_an_undated_forum_whose_report_is_out_opens_the_forums_page(app, forum_setup, client):
    """Without a date, the final report shared (the public pages' rule, ``reports.published_report``) says the
    forum is over; a report shared as a draft does not."""
    _forum_after_it(app, forum_setup["id"], date=None)
    client.post(f"/forums/{forum_setup['id']}/report/share")
    assert Phone(app, forum_setup["code"]).join().location.endswith(f"/p/{forum_setup['code']}/about-you")
    client.post(f"/forums/{forum_setup['id']}/report/final")
    assert Phone(app, forum_setup["code"]).join().location.endswith(f"/p/{forum_setup['code']}/")


def _undated_forum_whose_room_went_quiet(app, forum_id, days_ago):
    """An undated forum after its day: the evaluation closed, a vote closed, and its last card, answer and dots
    ``days_ago`` days ago (nothing published: the organizers never shared the report or the progress page)."""
    import datetime

    from forum.models import Ballot, BallotItem, EvaluationResponse, Forum, IdeaCard, Translated, Vote, utcnow
    then = utcnow() - datetime.timedelta(days=days_ago)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.evaluation_open, forum.date = False, None
        ballot = Ballot(forum_id=forum_id, title=Translated("Priorities", ""), status="closed", opened_at=then,
                        closed_at=then, items=[BallotItem(label=Translated("Mentoring", ""), context=Translated("", ""))])
        db.session.add_all([IdeaCard(forum_id=forum_id, text="Mentoring circles", created_at=then, updated_at=then),
                            EvaluationResponse(forum_id=forum_id, scope="forum", client_id="quiet-response",
                                               device_token="earlier-phone", created_at=then, updated_at=then),
                            ballot])
        db.session.flush()
        db.session.add(Vote(ballot_id=ballot.id, item_id=ballot.items[0].id, device_token="earlier-phone", dots=2,
                            created_at=then, updated_at=then))
        db.session.commit()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_new_phone_months_after_an_undated_forum_opens_the_forums_page_not_who_are_you(app, forum_setup, lang):
    """Without a date and with nothing published, the forum's last activity says it is over: everything closed and
    nothing written, answered or voted in months."""
    _undated_forum_whose_room_went_quiet(app, forum_setup["id"], days_ago=90)
    phone = Phone(app, forum_setup["code"])
    assert phone.join(**{"Accept-Language": lang}).location.endswith(f"/p/{forum_setup['code']}/")
    page = parse(phone.get(headers={"Accept-Language": lang}))
    assert text_of(page.select_one("[data-testid=forum-over]")) == {
        "en": "The forum is over. Here is what you can still do.",
        "fr": "Le forum est terminé. Voici ce que vous pouvez encore faire."}[lang]
    assert not page.find("h2", string={"en": "Open now", "fr": "Ouvert maintenant"}[lang])


def test_a_new_phone_days_after_an_undated_forums_last_card_is_still_asked_who_it_is(app, forum_setup):
    """A forum held over a few days, or between its sessions: the room was busy recently, so it is still on."""
    _undated_forum_whose_room_went_quiet(app, forum_setup["id"], days_ago=3)
    assert Phone(app, forum_setup["code"]).join().location.endswith(f"/p/{forum_setup['code']}/about-you")


def _brought_in_after_it(app, forum_id, what, days_ago):
    """What the organizers add to the forum's record ``days_ago`` days ago, as the app writes it: a paper card
    imported from a file (``importing.apply_import``), a card an organizer typed, or an imported paper evaluation
    form."""
    import datetime

    from forum.models import EvaluationResponse, IdeaCard, utcnow
    then = utcnow() - datetime.timedelta(days=days_ago)
    with app.app_context():
        if what == "response":
            db.session.add(EvaluationResponse(forum_id=forum_id, scope="forum", client_id="paper-form-1",
                                              external_id="form-1", source="import", created_at=then, updated_at=then))
        else:
            db.session.add(IdeaCard(forum_id=forum_id, text="Transcribed from a paper card", source=what,
                                    external_id="card-1" if what == "import" else None,
                                    created_at=then, updated_at=then))
        db.session.commit()


# An imported evaluation response 80 days ago already ended the forum (``last_ending``: forms imported into a
# closed evaluation come after it); 2 days ago it kept it on.
@pytest.mark.parametrize("what, days_ago", [("import", 80), ("organizer", 80), ("import", 2), ("organizer", 2),
                                            ("response", 2)])
def test_a_new_phone_months_after_an_undated_forum_whose_paper_cards_came_in_since_opens_the_forums_page(
        app, forum_setup, what, days_ago):
    """Its vote closed 90 days ago; since then the organizers imported the paper cards (or typed them, or imported
    paper evaluation forms), 80 or 2 days ago: work on the forum's record, not the forum going on. A new phone
    opens the forum's page (over), not "Who are you?"."""
    _undated_forum_whose_room_went_quiet(app, forum_setup["id"], days_ago=90)
    _brought_in_after_it(app, forum_setup["id"], what, days_ago)
    phone = Phone(app, forum_setup["code"])
    assert phone.join().location.endswith(f"/p/{forum_setup['code']}/")
    assert parse(phone.get()).select_one("[data-testid=forum-over]")


def test_a_new_phone_in_an_undated_forum_set_up_long_ago_where_nothing_happened_yet_is_asked_who_it_is(
        app, forum_setup):
    """Set up months ahead and never used yet: it is ahead, not over."""
    import datetime

    from forum.models import Forum, utcnow
    with app.app_context():
        forum = db.session.get(Forum, forum_setup["id"])
        forum.evaluation_open, forum.date = False, None
        forum.created_at = utcnow() - datetime.timedelta(days=200)
        db.session.commit()
    assert Phone(app, forum_setup["code"]).join().location.endswith(f"/p/{forum_setup['code']}/about-you")


@pytest.mark.parametrize("lang, nothing_open", [
    ("en", "Nothing is open right now."), ("fr", "Rien n'est ouvert pour le moment.")])
def test_an_open_evaluation_whose_every_question_is_retired_is_not_offered_on_the_forums_page(
        app, phone, forum_setup, lang, nothing_open):
    """Nothing would be left to answer in it: the forum's page does not offer "Evaluate the forum"."""
    from forum.models import EvaluationQuestion
    from forum.services.evaluation_setup import retire_question
    device = phone()
    assert parse(device.get(f"?lang={lang}")).select_one(f"a[href='/p/{forum_setup['code']}/evaluation']")
    with app.app_context():
        for question_id in db.session.scalars(select(EvaluationQuestion.id).where(
                EvaluationQuestion.forum_id == forum_setup["id"], EvaluationQuestion.round_id.is_(None))):
            retire_question(question_id)
        db.session.commit()
    page = parse(device.get(f"?lang={lang}"))
    assert not page.select_one(f"a[href='/p/{forum_setup['code']}/evaluation']")
    assert text_of(page.select_one(".task-list li.muted")).startswith(nothing_open)


def _rehearsed_weeks_ahead(app, forum_id, days_ago, tried_vote: bool):
    """An undated forum set up weeks ahead: ``days_ago`` days ago the facilitators practised with test cards on the
    capture page (after the organizer, with ``tried_vote``, tried a vote and closed it again); nothing is open."""
    import datetime

    from forum.models import Ballot, BallotItem, Forum, IdeaCard, Translated, Vote, utcnow
    then = utcnow() - datetime.timedelta(days=days_ago)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.evaluation_open, forum.date = False, None
        db.session.add_all([IdeaCard(forum_id=forum_id, text=f"Test card {n}", source="capture", created_at=then,
                                     updated_at=then) for n in range(3)])
        if tried_vote:
            before = then - datetime.timedelta(hours=1)
            ballot = Ballot(forum_id=forum_id, title=Translated("Trying the vote", ""), status="closed",
                            opened_at=before, closed_at=before,
                            items=[BallotItem(label=Translated("Test", ""), context=Translated("", ""))])
            db.session.add(ballot)
            db.session.flush()
            db.session.add(Vote(ballot_id=ballot.id, item_id=ballot.items[0].id, device_token="organizers-phone",
                                dots=1, created_at=before, updated_at=before))
        db.session.commit()


@pytest.mark.parametrize("tried_vote", [False, True])
def test_a_new_phone_on_the_day_of_an_undated_forum_rehearsed_weeks_ahead_is_asked_who_it_is(
        app, forum_setup, tried_vote):
    """Test cards written 30 days ahead and nothing opened since (nothing closed after them): the forum has not
    ended, it is ahead; the phones joining on the day are asked "Who are you?", not told the forum is over."""
    _rehearsed_weeks_ahead(app, forum_setup["id"], days_ago=30, tried_vote=tried_vote)
    phone = Phone(app, forum_setup["code"])
    assert phone.join().location.endswith(f"/p/{forum_setup['code']}/about-you")
    page = parse(phone.get())
    assert page.select_one("[data-testid=forum-over]") is None
    assert page.find("h2", string="Open now")


def test_a_new_phone_weeks_after_an_undated_forum_whose_evaluation_closed_after_its_cards_opens_the_forums_page(
        app, forum_setup):
    """The genuine end: cards written, then the evaluation answered and closed, 30 days ago (no vote): over."""
    import datetime

    from forum.models import EvaluationResponse, Forum, IdeaCard, utcnow
    then = utcnow() - datetime.timedelta(days=30)
    with app.app_context():
        forum = db.session.get(Forum, forum_setup["id"])
        forum.evaluation_open, forum.date = False, None
        db.session.add_all([
            IdeaCard(forum_id=forum.id, text="Mentoring circles", source="capture", created_at=then, updated_at=then),
            EvaluationResponse(forum_id=forum.id, scope="forum", client_id="last-answer", device_token="a-phone",
                               source="participant", created_at=then + datetime.timedelta(hours=1),
                               updated_at=then + datetime.timedelta(hours=1))])
        db.session.commit()
    phone = Phone(app, forum_setup["code"])
    assert phone.join().location.endswith(f"/p/{forum_setup['code']}/")
    assert parse(phone.get()).select_one("[data-testid=forum-over]")


def _every_question_retired(app, forum_id, **fields):
    """The evaluation left open, but the organizer retired every one of its questions."""
    from forum.models import EvaluationQuestion, Forum, utcnow
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert forum.evaluation_open
        for name, value in fields.items():
            setattr(forum, name, value)
        questions = db.session.scalars(select(EvaluationQuestion).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.round_id.is_(None))).all()
        assert questions
        for question in questions:
            question.retired_at = utcnow()
        db.session.commit()


def test_an_open_evaluation_without_questions_does_not_keep_a_past_forum_under_way(app, forum_setup):
    """Its day passed and nothing else open: the evaluation, open with every question retired, has nothing to ask,
    so a new phone opens the forum's page (over), not "Who are you?"."""
    import datetime
    _every_question_retired(app, forum_setup["id"], date=app_today() - datetime.timedelta(days=30))
    phone = Phone(app, forum_setup["code"])
    assert phone.join().location.endswith(f"/p/{forum_setup['code']}/")
    assert parse(phone.get()).select_one("[data-testid=forum-over]")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_forums_page_and_the_evaluation_page_agree_on_an_evaluation_without_questions(app, forum_setup, lang):
    """On the forum's day, the evaluation open but every question retired: the forum's page offers no evaluation,
    and the evaluation page says there is no question to answer (no empty form)."""
    import datetime
    _every_question_retired(app, forum_setup["id"], date=app_today() + datetime.timedelta(days=1))
    phone = Phone(app, forum_setup["code"])
    phone.join()
    headers = {"Accept-Language": lang}
    home = parse(phone.get(headers=headers))
    assert home.find("h2", string={"en": "Open now", "fr": "Ouvert maintenant"}[lang])
    assert not home.select_one(f"a[href='/p/{forum_setup['code']}/evaluation']")
    answer = phone.get("evaluation", headers=headers)
    assert answer.status_code == 200
    page = parse(answer)
    assert text_of(page.select_one("[data-testid=nothing-to-answer]")).startswith(
        {"en": "There is nothing to answer in this evaluation right now",
         "fr": "Il n'y a rien à répondre dans cette évaluation pour l'instant"}[lang])
    assert page.select_one("form input[name=client_id]") is None
