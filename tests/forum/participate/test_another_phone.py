"""Continue on another phone: the first phone shows a one-time code, the second types it and takes over what the
first sent to the forum, in this forum only; the first phone then no longer answers for that person."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from forum.extensions import db
from forum.models import DeviceMove, EvaluationResponse, Forum, Participant, utcnow
from forum.services import device_moves, participation
from forum.services.device_moves import CODE_ALPHABET, CODE_LENGTH, move_to_device, offer_move
from forum.services.participation import participant_of
from tests.conftest import build_app
from tests.forum.participate.conftest import Phone
from tests.forum.participate.test_abuse import make_forum_in
from tests.forum.participate.test_erase_answers import busy, counts, device_rows, device_tables  # noqa: F401
from tests.forum.participate.test_voting import ballot  # noqa: F401  (the ballot fixture)
from tests.forum.test_forum_deletion import rows_of
from tests.html import parse, text_of
from tests.races import race


def shown_code(device) -> str:
    """The code the phone's "Use another phone" page shows once asked for one."""
    page = device.post("another-phone", data={})
    assert page.status_code == 200
    return text_of(parse(page).select_one('[data-testid="move-code"]'))


def type_code(device, code: str):
    return device.post("continue", data={"code": code})


def test_the_code_is_eight_signs_of_an_unambiguous_alphabet_and_only_its_digest_is_kept(app, busy):  # noqa: F811
    code = shown_code(busy["phones"][0])
    assert len(code) == CODE_LENGTH + 1 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(CODE_ALPHABET) and not set("01IO") & set(CODE_ALPHABET)
    with app.app_context():
        (move,) = db.session.scalars(select(DeviceMove))
        assert code.replace("-", "") not in move.code_digest and len(move.code_digest) == 64
        assert move.expires_at - move.created_at == timedelta(minutes=10) and move.used_at is None


def test_a_move_takes_every_row_of_the_phone_in_this_forum_to_the_new_phone_and_nothing_else(app, busy):  # noqa: F811
    first = busy["phones"][0].device
    with app.app_context():
        before, elsewhere = rows_of(busy["forum_id"]), rows_of(busy["other_id"])
        found = device_rows(busy["forum_id"], first)
        # A table added later that keeps a device's rows fails here until this test fills it and
        # device_moves.move_to_device moves it.
        assert device_tables() <= set(found), f"no row of the phone in {device_tables() - set(found)}"
        participant = participant_of(busy["forum_id"], first)
        code = offer_move(busy["forum_id"], participant.id, first)
        assert move_to_device(busy["forum_id"], code, "second-phone-token-" + "x" * 30) is True
        db.session.commit()
        assert device_rows(busy["forum_id"], first) == {}
        moved = device_rows(busy["forum_id"], "second-phone-token-" + "x" * 30)
        assert moved.pop("device_moves") == {1}  # the used code, which lets the first phone say where it went
        assert moved == found
        after = rows_of(busy["forum_id"])
        after.pop("device_moves")
        assert after == before
        assert rows_of(busy["other_id"]) == elsewhere  # the first phone's answers to another forum stay on it
        # the form sent twice from the second phone: nothing more moves, and it is not an error
        assert move_to_device(busy["forum_id"], code, "second-phone-token-" + "x" * 30) is False


def test_the_second_phone_joined_from_the_qr_code_continues_and_no_count_doubles(app, client, busy):  # noqa: F811
    before = counts(app, client, busy)
    first = busy["phones"][0]
    second = Phone(app, first.code)
    assert second.join().status_code == 302  # a new participant for now: three
    assert counts(app, client, busy)["participants"] == 3
    assert "Already joined on another phone?" in text_of(parse(second.get("about-you")))
    code = shown_code(first)
    moved = type_code(second, code.lower().replace("-", " "))  # typed as a person may
    assert moved.status_code == 302 and moved.location.endswith(first.url())
    home = second.get()
    assert "This phone now continues your answers in this forum." in text_of(parse(home))
    assert counts(app, client, busy) == before  # the second phone's empty record went, the first's moved
    assert second.get("evaluation").status_code == 200  # it answers as the person now
    assert second.send("evaluation", q_rating=2).status_code == 200
    assert counts(app, client, busy)["responses"] == before["responses"]


def test_the_first_phone_is_told_its_answers_continue_elsewhere_and_can_no_longer_answer(app, client, busy):  # noqa: F811
    first, second = busy["phones"][0], Phone(app, busy["phones"][0].code)
    assert type_code(second, shown_code(first)).status_code == 302
    before = counts(app, client, busy)
    for page in (first.get(), first.get("evaluation"), first.join()):
        assert page.status_code == 200
        assert "Your answers continue on another phone" in text_of(parse(page))
        assert parse(page).select_one("[data-forget-answers]") is not None  # its queue for the forum is dropped
    refused = first.send("evaluation", q_rating=1)
    assert refused.status_code == 410
    assert counts(app, client, busy) == before  # the join did not add the person again
    # the page that showed the code, reloaded (its form sent again): the answers moved, not a bare refusal
    for lang, said in (("fr", "Vos réponses continuent sur un autre téléphone"),
                       ("en", "Your answers continue on another phone")):
        reloaded = first.post(f"another-phone?lang={lang}", data={})
        assert reloaded.status_code == 410
        assert text_of(parse(reloaded).h1) == said
        assert parse(reloaded).select_one("[data-forget-answers]") is not None
        assert parse(reloaded).select_one('a[href$="/continue"]') is not None  # and how to take them back
    # and back: the second phone shows a code, the first types it
    assert type_code(first, shown_code(second)).status_code == 302
    assert "Welcome" in text_of(parse(first.get()))
    assert counts(app, client, busy) == before


def test_someone_else_can_use_the_phone_whose_owner_moved_away_as_a_new_participant(app, client, busy):  # noqa: F811
    """The moved record is the other phone's: the phone lent to a neighbour joins for them as a new person, counted
    once more, and what they answer is theirs; the owner's answers stay on their other phone."""
    first, second = busy["phones"][0], Phone(app, busy["phones"][0].code)
    assert type_code(second, shown_code(first)).status_code == 302
    before = counts(app, client, busy)
    moved = parse(first.get())
    assert "Someone else will use this phone?" in text_of(moved)
    button = moved.find("button", string="Someone else will use this phone")
    fields = {field["name"]: field["value"] for field in button.find_parent("form").select("input[type=hidden]")}
    joined = first.client.post(button.find_parent("form")["action"], data=fields)
    assert joined.status_code == 302 and joined.location.endswith(first.url("about-you"))
    assert "Welcome" in text_of(parse(first.get()))
    assert first.send("evaluation", q_rating=1).status_code == 200
    after = counts(app, client, busy)
    assert (after["participants"], after["responses"]) == (before["participants"] + 1, before["responses"] + 1)
    with app.app_context():
        owner, neighbour = (participant_of(busy["forum_id"], phone.device) for phone in (second, first))
        assert owner.id != neighbour.id
        neighbours = device_rows(busy["forum_id"], first.device)  # only what they sent: one answer, no dots
        assert (len(neighbours["participants"]), len(neighbours["evaluation_responses"])) == (1, 1)
        assert {"votes", "steering_signups"}.isdisjoint(neighbours)


def test_a_second_phone_with_answers_of_its_own_is_refused_and_told_to_erase_them_first(app, client, busy):  # noqa: F811
    first, second = busy["phones"]
    before = counts(app, client, busy)
    refused = type_code(second, shown_code(first))
    assert refused.status_code == 409
    assert "one person's answers are never merged with another's" in text_of(parse(refused))
    assert parse(refused).find("a", string="Erase my answers from this forum") is not None
    assert counts(app, client, busy) == before
    assert "Welcome" in text_of(parse(first.get()))  # nothing moved: the first phone goes on


def test_a_phone_that_only_gave_its_name_is_not_emptied_either(app, phone):
    first, second = phone(), phone()
    assert second.post("about-you", data={"name": "Bo"}).status_code == 302
    assert type_code(second, shown_code(first)).status_code == 409


def test_refusals_wrong_expired_used_other_forum_and_same_phone(app, phone, organizer, make_forum):
    first, second, third = phone(), Phone(app, phone().code), Phone(app, phone().code)
    wrong = type_code(second, "7K3M-Q9XP")
    assert wrong.status_code == 404 and "This code does not continue anyone in this forum" in wrong.text
    short = type_code(second, "7K3")
    assert short.status_code == 422 and "The code has 8 letters and digits" in short.text
    code = shown_code(first)
    assert type_code(first, code).status_code == 409  # shown on this phone
    with app.app_context():
        db.session.execute(update(DeviceMove).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    expired = type_code(second, code)
    assert expired.status_code == 410 and "This code has expired" in expired.text
    code = shown_code(first)  # a new code: the earlier one stops working
    with app.app_context():
        assert db.session.scalar(select(DeviceMove.expires_at)) > utcnow()
    assert type_code(second, code).status_code == 302
    assert type_code(second, code).status_code == 302  # the form sent twice: the same move
    assert "This phone already continues your answers" in text_of(parse(second.get()))
    used = type_code(third, code)
    assert used.status_code == 409 and "This code was used already" in used.text
    other_code = make_forum_in_other(app, organizer, make_forum)
    elsewhere = Phone(app, other_code)
    elsewhere.client = third.client
    other_forum = type_code(elsewhere, shown_code(second))  # a code of this forum typed in another
    assert other_forum.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Participant.device_token).where(Participant.id == db.session.scalar(
            select(DeviceMove.participant_id).where(DeviceMove.used_at.is_not(None))))) == second.device


def make_forum_in_other(app, organizer, make_forum) -> str:
    with app.app_context():
        return db.session.get(Forum, make_forum(organizer, name="Autumn forum")).join_code


def test_the_erased_participant_s_code_finds_no_one(app, phone):
    first, second = phone(), Phone(app, phone().code)
    code = shown_code(first)
    assert first.post("erase", data={}).status_code == 200
    assert type_code(second, code).status_code == 404


@pytest.fixture
def limited_app(database_url):
    yield from build_app(database_url, RATELIMIT_ENABLED=True, PARTICIPANT_JOIN_LIMIT="3 per minute")


def test_wrong_codes_count_against_the_join_code_guess_limit(limited_app):
    code = make_forum_in(limited_app)
    guesser = Phone(limited_app, code)
    guesser.join()
    for attempt in range(3):
        assert type_code(guesser, f"WRONG{attempt:03d}").status_code == 404
    flooded = type_code(guesser, "WRONG999")
    assert flooded.status_code == 429 and "Too many wrong codes were typed here" in flooded.text
    assert guesser.client.post("/join", data={"code": "NOSUCH"}).status_code == 429  # the same count as joining


def test_the_pages_in_french(app, phone):
    first, second = phone(), Phone(app, phone().code)
    french = {"headers": {"Accept-Language": "fr"}}
    shown = first.client.post(first.url("another-phone"), data={}, **french).text
    assert "Utiliser un autre téléphone" in shown
    assert "choisissez «\u00a0Déjà inscrit sur un autre téléphone\u00a0?\u00a0», puis tapez ce code\u00a0:" in shown
    asked = second.client.get(second.url("continue"), **french).text
    assert "Continuer sur ce téléphone" in asked
    assert "«\u00a0Utiliser un autre téléphone\u00a0»\u00a0: il affiche" in asked
    assert type_code(second, shown_code(first)).status_code == 302
    moved = first.client.get(first.url(), **french).text
    assert "Quelqu'un d'autre va utiliser ce téléphone\u00a0?" in moved
    assert "comme nouveau participant\u00a0: vos réponses restent sur votre autre téléphone" in moved
    wrong = second.client.post(second.url("continue"), data={"code": "7K3MQ9XP"}, **french)
    assert wrong.status_code == 404 and "Ce code ne correspond à personne dans ce forum." in text_of(parse(wrong))


@pytest.mark.parametrize("language, said", [
    ("en", "Your answers to this forum moved to your other phone before these answers arrived, so they were not saved "
           "here. Send them from your other phone."),
    ("fr", "Vos réponses à ce forum sont passées sur votre autre téléphone avant l'arrivée de ces réponses\u00a0: "
           "elles n'ont donc pas été enregistrées ici. Envoyez-les depuis votre autre téléphone.")])
def test_a_queued_answer_of_the_first_phone_past_its_participant_check_is_not_saved_after_the_move(
        app, phone, monkeypatch, language, said):
    """The move takes the locks erasing takes: an answer of the first phone already past the participant check when
    the move happens finds its phone gone from the forum, and saves nothing under it nor the second phone."""
    import forum.participate.evaluation as evaluation_views

    first, second = phone(), Phone(app, phone().code)
    code = shown_code(first).replace("-", "")
    second.join()  # its device, with nothing in the forum
    with app.app_context():
        forum_id = first_forum_id(first)
    real = evaluation_views.save_checked_response

    def moved_then_written(*args, **kwargs):
        assert move_to_device(forum_id, code, second.device) is True  # the second phone takes the code just then
        return real(*args, **kwargs)

    monkeypatch.setattr(evaluation_views, "save_checked_response", moved_then_written)
    answer = first.post(f"evaluation?lang={language}", json={"client_id": "queued-1", "q_rating": 4})
    assert answer.status_code == 409 and answer.json["error"] == said  # a move, not an erasure never asked for
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EvaluationResponse)) == 0
        assert participant_of(first_forum_id(first), first.device) is None
        assert participant_of(first_forum_id(first), second.device) is not None


def first_forum_id(device) -> int:
    return db.session.scalar(select(Forum.id).where(Forum.join_code == device.code))


def test_the_box_takes_the_code_as_shown_with_its_dash(app, phone):
    box = parse(phone().get("continue")).select_one("input[name=code]")
    assert int(box["maxlength"]) >= len("7K3M - Q9XP")


def _answer(results: dict, name: str, request):
    """A thread's request, its status and text kept for the test (an exception leaves no answer, so the test fails)."""
    def run():
        answer = request()
        results[name] = (answer.status_code, text_of(parse(answer)))
    return run


def test_a_new_code_asked_while_the_other_phone_takes_the_previous_one_is_refused_with_a_message(
        app, phone, monkeypatch):
    """The second phone's move holds every lock it takes (held once it checked it holds nothing) when the first phone
    asks a new code: the new code waits for the move, then finds the person gone to the other phone, and says so with
    the page of a phone whose answers moved (no new code that would take them back, no deadlock)."""
    first, second = phone(), Phone(app, phone().code)
    code = shown_code(first)
    results = {}
    race(monkeypatch, device_moves, "_empty", _answer(results, "move", lambda: type_code(second, code)),
         _answer(results, "offer", lambda: first.post("another-phone", data={})))
    assert results["move"][0] == 302
    assert results["offer"][0] == 410 and "Your answers continue on another phone" in results["offer"][1]
    with app.app_context():
        participant = participant_of(first_forum_id(first), second.device)
        assert participant is not None and participant_of(first_forum_id(first), first.device) is None
        assert db.session.scalar(select(func.count()).select_from(DeviceMove)
                                 .where(DeviceMove.used_at.is_(None))) == 0


def test_the_previous_code_typed_while_a_new_one_is_shown_is_refused_and_the_new_one_works(app, phone, monkeypatch):
    """The first phone shows a new code (held once it locked its rows) while the second phone types the previous one:
    the move waits, then finds the previous code gone (one code at a time); the new code moves the person."""
    first, second = phone(), Phone(app, phone().code)
    code = shown_code(first)
    results = {}
    race(monkeypatch, device_moves, "lock_device",
         _answer(results, "offer", lambda: first.post("another-phone", data={})),
         _answer(results, "move", lambda: type_code(second, code)))
    assert results["offer"][0] == 200
    assert results["move"][0] == 404 and "This code does not continue anyone in this forum." in results["move"][1]
    new_code = parse(first.post("another-phone", data={})).select_one('[data-testid="move-code"]')
    assert type_code(second, text_of(new_code)).status_code == 302


def test_a_new_code_asked_while_the_phone_erases_its_answers_is_refused_with_a_message(app, phone, monkeypatch):
    """Erasing holds the phone's locks when a new code is asked from another tab: the code waits, then finds nobody to
    continue (no deadlock, no code of an erased participant)."""
    first = phone()
    shown_code(first)
    results = {}
    race(monkeypatch, participation, "lock_device", _answer(results, "erase", lambda: first.post("erase", data={})),
         _answer(results, "offer", lambda: first.post("another-phone", data={})))
    assert results["erase"][0] == 200
    assert results["offer"][0] == 409 and "it has no answers to continue elsewhere" in results["offer"][1]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DeviceMove)) == 0
        assert participant_of(first_forum_id(first), first.device) is None


def test_a_new_code_refused_is_said_in_french(app, phone, monkeypatch):
    first = phone()
    results = {}
    race(monkeypatch, participation, "lock_device", _answer(results, "erase", lambda: first.post("erase", data={})),
         _answer(results, "offer", lambda: first.post("another-phone", data={}, headers={"Accept-Language": "fr"})))
    assert results["offer"][0] == 409
    assert "Ce téléphone ne répond plus dans ce forum (ses réponses ont été effacées" in results["offer"][1]


def test_tidy_jobs_deletes_the_codes_past_their_keeping_and_keeps_the_others(app, runner, phone):
    """A code's row is kept a day past its expiry when unused, a month when used (its first phone is told where its
    answers went meanwhile); `flask tidy-jobs` deletes the older ones."""
    first = phone()
    now = utcnow()
    with app.app_context():
        participant = db.session.scalar(select(Participant).where(Participant.device_token == first.device))
        ages = {"unused, expired 2 days ago": (now - timedelta(days=2), None),
                "unused, expired an hour ago": (now - timedelta(hours=1), None),
                "unused, still valid": (now + timedelta(minutes=5), None),
                "used 31 days ago": (now - timedelta(days=31), now - timedelta(days=31)),
                "used 29 days ago": (now - timedelta(days=29), now - timedelta(days=29))}
        for n, (name, (expires_at, used_at)) in enumerate(ages.items()):
            db.session.add(DeviceMove(forum_id=participant.forum_id, participant_id=participant.id,
                                      code_digest=f"{n:064d}", from_device_digest=f"{name:>64}"[:64],
                                      created_at=expires_at - timedelta(minutes=10), expires_at=expires_at,
                                      used_at=used_at))
        db.session.commit()
        digests = {move.from_device_digest.strip(): move.id for move in db.session.scalars(select(DeviceMove))}
    result = runner.invoke(args=["tidy-jobs"])
    assert result.exit_code == 0, result.output
    assert "2 code(s) to continue on another phone deleted" in result.output
    with app.app_context():
        left = set(db.session.scalars(select(DeviceMove.id)))
    assert left == {digests["unused, expired an hour ago"], digests["unused, still valid"],
                    digests["used 29 days ago"]}
