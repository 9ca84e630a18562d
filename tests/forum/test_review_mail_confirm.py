"""An address left on a review comment is confirmed before any reply is mailed to it (double opt-in): one short
message in the comment's language, holding nothing the poster wrote, with a signed link that expires; opened (twice
is fine) and confirmed, the replies are mailed; an address confirmed for a review link is not asked again. Only the
messages the mail server took count against the forum's bound of such messages, which is not the replies' bound:
whoever holds a review link can spend it by typing addresses, never holding back the organizers' replies that way."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from forum import ratelimit
from forum.extensions import db
from forum.models import ReviewComment
from forum.models.base import utcnow
from tests.conftest import add_review_link, build_app
from tests.forum.test_report_news import another_forum_of, log_in, organizer_of_a_forum
from tests.forum.test_review_reply_mail import ADDRESS, comment_of, reply
from tests.html import parse, text_of
from tests.smtp_server import smtp_server

CHECK_INBOX = {"en": "To get the organizers' reply by e-mail, confirm your address: check your inbox for our message "
                     "and open its link. If nothing arrives, send your comment again later: it is not saved twice.",
               "fr": "Pour recevoir la réponse des organisateurs par courriel, confirmez votre adresse\u00a0: "
                     "cherchez notre message dans votre boîte de réception et ouvrez son lien. Si rien n'arrive, "
                     "envoyez de nouveau votre commentaire plus tard\u00a0: il ne sera pas enregistré deux fois."}


def shown(page) -> str:
    """The page's text as read (its spaces, the no-break ones of French typography included, as single spaces)."""
    return " ".join(text_of(parse(page)).split())


def told(lang: str = "en") -> str:
    return " ".join(CHECK_INBOX[lang].split())


def send_comment(app, token: str, client_id: str, email: str | None = ADDRESS, lang: str = "en", client=None):
    client = client or app.test_client()
    data = {"text": "Add mentoring for women.", "client_id": client_id, "author_name": "Amina"}
    if email:
        data["email"] = email
    sent = client.post(f"/review/{token}/comment?section=priorities&lang={lang}", data=data)
    assert sent.status_code == 302
    return client.get(sent.headers["Location"])


def confirm_link(message) -> str:
    return re.search(r"http://localhost(/review-mail/\S+)", message.get_content()).group(1)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_replies_are_mailed_only_once_the_address_is_confirmed(mail_app, lang):
    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    form = mail_app.test_client().get(f"/review/{token}/comment?section=priorities&lang={lang}")
    hint = shown(form)  # the form says it first
    assert ("Nous lui envoyons d'abord un message pour que vous confirmiez qu'elle est bien la vôtre" if lang == "fr"
            else "We first send it a message so that you confirm it is yours: check your inbox after sending.") in hint
    browser = mail_app.test_client()  # the reviewer's, which sends their comments
    page = send_comment(mail_app, token, "c1", " Amina@Example.org ", lang, client=browser)
    assert told(lang) in shown(page)

    [message] = mail_app.mailbox.messages  # the one asking to confirm, in the comment's language
    assert message["To"] == ADDRESS
    body = message.get_content()
    assert "Add mentoring for women." not in body and "Amina" not in body  # nothing the poster wrote
    if lang == "fr":
        assert message["Subject"] == ("Spring forum\u00a0: confirmez votre adresse pour recevoir les réponses des "
                                      "organisateurs")
        assert "Pour confirmer que vous voulez être informé de leurs réponses, ouvrez ce lien\u00a0:" in body
    else:
        assert message["Subject"] == "Spring forum: confirm your address to get the organizers' replies"
        assert "To confirm that you want to be told of their replies, open this link:" in body
    link = confirm_link(message)
    assert f"?lang={lang}" in link
    assert re.search(r"http://localhost/unsubscribe/\S+", body)  # the owner of a typed address can refuse them all

    organizer = log_in(mail_app)
    comment_id = comment_of(mail_app, "c1").id
    assert "The reviewer asked to get your reply by e-mail" not in organizer.get(f"/forums/{forum_id}/review").text
    saved = reply(organizer, forum_id, comment_id, "Yes, added.")
    assert "has not confirmed the e-mail address they left yet: the reply is e-mailed to them once they do" \
        in organizer.get(saved.headers["Location"]).text
    assert len(mail_app.mailbox.messages) == 1  # not confirmed: no reply mailed

    reviewer = mail_app.test_client()
    opened = reviewer.get(link)  # opening the link shows what it is for; a link scanner opening it confirms nothing
    assert opened.status_code == 200 and "noindex" in opened.headers["X-Robots-Tag"]
    assert comment_of(mail_app, "c1").email_confirmed_at is None
    assert ADDRESS not in opened.text and "am…@example.org" in opened.text
    button = "Oui, m'envoyer les réponses par courriel" if lang == "fr" else "Yes, e-mail me the replies"
    assert button in shown(opened)
    for _twice in range(2):  # confirming twice is fine
        done = reviewer.post(link)
        assert done.status_code == 200
        assert ("Votre adresse est confirmée" if lang == "fr" else "Your address is confirmed") in shown(done)
    assert "Your address is confirmed" in reviewer.get(link.split("?")[0] + "?lang=en").text
    assert comment_of(mail_app, "c1").email_confirmed_at is not None
    # the reply saved before the address was confirmed is mailed once it is (once, though confirmed twice)
    assert len(mail_app.mailbox.messages) == 2
    assert "Yes, added." in mail_app.mailbox.messages[1].get_content()

    assert "The reviewer asked to get your reply by e-mail" in organizer.get(f"/forums/{forum_id}/review").text
    reply(organizer, forum_id, comment_id, "Yes, added to the priorities.")
    assert len(mail_app.mailbox.messages) == 3
    assert "Yes, added to the priorities." in mail_app.mailbox.messages[2].get_content()

    # the same address on another comment of this link, from the same browser: already confirmed, nothing to ask
    page = send_comment(mail_app, token, "c2", ADDRESS, lang, client=browser)
    assert ("Vous recevrez sa réponse par courriel." if lang == "fr" else "You will get their reply by e-mail.") \
        in shown(page)
    assert len(mail_app.mailbox.messages) == 3
    reply(organizer, forum_id, comment_of(mail_app, "c2").id, "Noted.")
    assert len(mail_app.mailbox.messages) == 4 and mail_app.mailbox.messages[3]["To"] == ADDRESS


def test_the_address_confirmed_is_for_its_review_link_and_a_changed_address_is_asked_again(mail_app):
    forum_id, _code = organizer_of_a_forum(mail_app)
    token, other_token = add_review_link(mail_app, forum_id), add_review_link(mail_app, forum_id)
    reviewer = mail_app.test_client()
    send_comment(mail_app, token, "c1", client=reviewer)
    assert reviewer.post(confirm_link(mail_app.mailbox.messages[0])).status_code == 200
    send_comment(mail_app, other_token, "c2")  # another link (another group): asked again
    assert len(mail_app.mailbox.messages) == 2 and comment_of(mail_app, "c2").email_confirmed_at is None
    # sent again changed, with another address: that one is asked for, the comment's confirmation is gone
    page = reviewer.post(f"/review/{token}/comment?section=priorities",
                         data={"text": "Add mentoring for women.", "client_id": "c1", "email": "bruno@example.org"})
    assert page.status_code == 302
    assert comment_of(mail_app, "c1").email_confirmed_at is None
    assert mail_app.mailbox.messages[-1]["To"] == "bruno@example.org"
    # the first address's link no longer finds a comment to confirm
    refused = reviewer.get(confirm_link(mail_app.mailbox.messages[0]))
    assert refused.status_code == 404 and "no longer on any comment" in shown(refused)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_expired_or_tampered_link_gets_a_clear_page(mail_app, monkeypatch, lang):
    import itsdangerous.timed

    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    send_comment(mail_app, token, "c1")
    link = confirm_link(mail_app.mailbox.messages[0]).split("?")[0] + f"?lang={lang}"
    path, query = link.split("?")
    tampered = mail_app.test_client().get(f"{path[:-3]}{'A' if path[-3] != 'A' else 'B'}{path[-2:]}?{query}")
    assert tampered.status_code == 404
    assert ("Ce lien de confirmation n'est pas valide." if lang == "fr" else
            "This confirmation link is not valid.") in shown(tampered)
    assert mail_app.test_client().post(f"{path}x?{query}").status_code == 404

    real_time = itsdangerous.timed.time.time
    eight_days = 8 * 24 * 3600

    class Later:
        @staticmethod
        def time():
            return real_time() + eight_days

    monkeypatch.setattr(itsdangerous.timed, "time", Later)
    for expired in (mail_app.test_client().get(link), mail_app.test_client().post(link)):
        assert expired.status_code == 410
        assert ("Ce lien de confirmation a expiré." if lang == "fr" else
                "This confirmation link has expired.") in shown(expired)
    assert comment_of(mail_app, "c1").email_confirmed_at is None


def links_onwards(page) -> list[tuple[str, str]]:
    return [(a["href"].split("?")[0], text_of(a)) for a in parse(page).select(".error-links a:not([data-action])")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_expired_link_never_hands_its_review_link_to_the_mails_recipient_and_says_what_to_do(
        mail_app, monkeypatch, lang):
    """The confirmation goes to the address typed on the comment, perhaps not the reviewer's ("if you did not ask for
    this, ignore this message"), and a mail is forwarded: its expired link led "Back to the report", the review
    link's draft report and its comments. It says what to do, and leads only to the public progress page when the
    organizers share it; switched off, the page says so."""
    import itsdangerous.timed

    from forum.models import Forum, ReviewLink

    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    send_comment(mail_app, token, "c1")
    link = confirm_link(mail_app.mailbox.messages[0]).split("?")[0] + f"?lang={lang}"
    real_time = itsdangerous.timed.time.time

    class Later:
        @staticmethod
        def time():
            return real_time() + 8 * 24 * 3600

    monkeypatch.setattr(itsdangerous.timed, "time", Later)
    for expired in (mail_app.test_client().get(link), mail_app.test_client().post(link)):
        assert expired.status_code == 410
        assert links_onwards(expired) == [] and token not in expired.text
        assert ("Ce lien de confirmation a expiré." if lang == "fr" else
                "This confirmation link has expired.") in shown(expired)
        assert text_of(parse(expired).select_one("title")) == (
            "Lien expiré — Forum Workbench" if lang == "fr" else "Link expired — Forum Workbench")
    with mail_app.app_context():
        db.session.get(Forum, forum_id).progress_shared = True
        db.session.commit()
    shared = mail_app.test_client().get(link)
    assert [href.split("/")[1] for href, _words in links_onwards(shared)] == ["progress"]
    assert token not in shared.text
    with mail_app.app_context():
        db.session.execute(update(ReviewLink).where(ReviewLink.token == token).values(revoked_at=utcnow()))
        db.session.commit()
    switched_off = mail_app.test_client().get(link)
    assert switched_off.status_code == 410 and token not in switched_off.text
    assert ("le lien de relecture par lequel votre commentaire a été envoyé ne fonctionne plus" if lang == "fr" else
            "the review link your comment was sent through no longer works") in shown(switched_off)
    assert comment_of(mail_app, "c1").email_confirmed_at is None


def test_an_address_that_unsubscribed_is_not_asked_again(mail_app):
    forum_id, _code = organizer_of_a_forum(mail_app)
    token, other_token = add_review_link(mail_app, forum_id), add_review_link(mail_app, forum_id)
    send_comment(mail_app, token, "c1")
    unsubscribe = re.findall(r"http://localhost(/unsubscribe/\S+)", mail_app.mailbox.messages[0].get_content())[-1]
    assert mail_app.test_client().post(unsubscribe).status_code == 200
    page = send_comment(mail_app, other_token, "c2")
    assert told() in shown(page)  # the person holding the link does not learn it opted out
    assert len(mail_app.mailbox.messages) == 1


def test_one_message_a_day_for_an_address_and_a_link(mail_app):
    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    for client_id in ("c1", "c1", "c2"):  # sent twice, then another comment, not confirmed yet
        assert told() in shown(send_comment(mail_app, token, client_id))
    assert len(mail_app.mailbox.messages) == 1


CONFIRMATIONS, REPLIES = "REVIEW_CONFIRM_MAIL_LIMIT", "REVIEW_REPLY_MAIL_LIMIT"


@pytest.fixture
def bounded_app(database_url):
    """Mail to a server that refuses nobody@example.org, with rate limits on and small bounds of review mail: the
    messages asking to confirm an address a tighter one than the replies."""
    with smtp_server(refused=("nobody@example.org",)) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", RATELIMIT_ENABLED=True,
                             REVIEW_CONFIRM_MAIL_LIMIT="2 per hour;5 per day",
                             REVIEW_REPLY_MAIL_LIMIT="3 per hour;6 per day"):
            app.mailbox = mailbox
            yield app


def left(app, forum_id: int, setting: str = CONFIRMATIONS) -> list[int]:
    """What is left of the forum's bound ``setting``: in all, then in each of its windows (the hour's, the day's)."""
    with app.app_context():
        return [ratelimit.remaining(setting, forum_id)] + [
            app.extensions[ratelimit.EXTENSION].get_window_stats(item, ratelimit.KEY_PREFIX,
                                                                  setting, str(forum_id)).remaining
            for item in ratelimit._items(app.config[setting])]


def test_only_the_mail_the_server_took_counts_against_the_forums_bound(bounded_app):
    app = bounded_app
    forum_id, _code = organizer_of_a_forum(app)
    token = add_review_link(app, forum_id)
    assert left(app, forum_id) == [2, 2, 5]

    # refused by the mail server (no such mailbox): not counted, and the reviewer is told
    page = send_comment(app, token, "c1", "nobody@example.org")
    assert told() in shown(page)  # said to everyone, sent or not
    assert app.mailbox.messages == [] and left(app, forum_id) == [2, 2, 5]

    # the mail server out of reach: not counted
    app.config["MAIL_PORT"], port = 1, app.config["MAIL_PORT"]
    send_comment(app, token, "c2", "bruno@example.org")
    app.config["MAIL_PORT"] = port
    assert left(app, forum_id) == [2, 2, 5]

    # an address no mail can carry (stored before the form checked it): not counted
    with app.app_context():
        db.session.execute(update(ReviewComment).where(ReviewComment.client_id == "c2")
                           .values(email="bruno@@example.org"))
        db.session.commit()
        from forum.services import review_mail

        assert review_mail.ask_to_confirm(comment_of(app, "c2").id, "127.0.0.1") == review_mail.FAILED
    assert left(app, forum_id) == [2, 2, 5]

    # taken by the server: counted
    reviewer = app.test_client()
    send_comment(app, token, "c3", client=reviewer)
    assert len(app.mailbox.messages) == 1 and left(app, forum_id) == [1, 1, 4]

    # an address that unsubscribed: nothing sent, nothing counted
    unsubscribe = re.findall(r"http://localhost(/unsubscribe/\S+)", app.mailbox.messages[0].get_content())[-1]
    assert app.test_client().post(unsubscribe).status_code == 200
    send_comment(app, add_review_link(app, forum_id), "c4")
    assert len(app.mailbox.messages) == 1 and left(app, forum_id) == [1, 1, 4]

    send_comment(app, token, "c5", "chloe@example.org")
    assert len(app.mailbox.messages) == 2 and left(app, forum_id) == [0, 0, 3]
    # past the hour's bound: held back, and the day's bound is not spent by it
    page = send_comment(app, token, "c6", "dina@example.org")
    assert told() in shown(page)  # said to everyone, sent or not
    assert len(app.mailbox.messages) == 2 and left(app, forum_id) == [0, 0, 3]
    assert left(app, forum_id, REPLIES) == [3, 3, 6]  # none of it spent the replies' bound


def test_typing_addresses_on_a_review_link_never_holds_back_the_organizers_replies(bounded_app):
    """Whoever holds a shared review link can send a message asking to confirm by typing any address: once the
    forum's bound of those is spent, the replies still go out, within their own bound."""
    app = bounded_app
    forum_id, _code = organizer_of_a_forum(app)
    token = add_review_link(app, forum_id)
    amina = app.test_client()
    send_comment(app, token, "c1", client=amina)
    assert amina.post(confirm_link(app.mailbox.messages[0])).status_code == 200
    for client_id, address in (("c2", "bruno@example.org"), ("c3", "chloe@example.org")):
        page = send_comment(app, token, client_id, address)
    # the hour's bound of such messages spent (two), though the replies' (three) has room: held back
    assert told() in shown(page)  # said to everyone, sent or not
    assert [m["To"] for m in app.mailbox.messages] == [ADDRESS, "bruno@example.org"]
    assert left(app, forum_id) == [0, 0, 3] and left(app, forum_id, REPLIES) == [3, 3, 6]

    organizer = log_in(app)
    page = saved_and_told(organizer, forum_id, comment_of(app, "c1").id, "Yes, added.")
    assert "The reply was e-mailed to the reviewer, who asked for it." in page
    assert app.mailbox.messages[-1]["To"] == ADDRESS and "Yes, added." in app.mailbox.messages[-1].get_content()
    assert left(app, forum_id, REPLIES) == [2, 2, 5] and left(app, forum_id) == [0, 0, 3]

    # a reply to a comment whose address could not be asked: asking is held back still, and spends no reply
    page = saved_and_told(organizer, forum_id, comment_of(app, "c3").id, "Thanks.")
    assert "this forum has sent many e-mails to reviewers in a short time, so they were not asked to just now" in page
    assert len(app.mailbox.messages) == 3 and left(app, forum_id, REPLIES) == [2, 2, 5]

    # the replies keep their own bound
    for client_id, text in (("c4", "Noted."), ("c5", "Noted too.")):
        send_comment(app, token, client_id, client=amina)  # confirmed already from her browser: nothing to ask
        page = saved_and_told(organizer, forum_id, comment_of(app, client_id).id, text)
        assert "The reply was e-mailed to the reviewer, who asked for it." in page
    page = saved_and_told(organizer, forum_id, comment_of(app, "c1").id, "Yes, added to the priorities.")
    assert "this forum has sent many replies by e-mail in a short time" in page
    assert len(app.mailbox.messages) == 5 and left(app, forum_id, REPLIES) == [0, 0, 3]
    assert left(app, forum_id) == [0, 0, 3]


def test_the_bound_of_confirmation_messages_is_read_from_the_environment(database_url, monkeypatch):
    monkeypatch.setenv("FORUM_REVIEW_CONFIRM_MAIL_LIMIT", "1 per hour")
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", RATELIMIT_ENABLED=True):
            forum_id, _code = organizer_of_a_forum(app)
            token = add_review_link(app, forum_id)
            assert told() in shown(send_comment(app, token, "c1"))
            assert told() in shown(send_comment(app, token, "c2", "bruno@example.org"))
            assert [m["To"] for m in mailbox.messages] == [ADDRESS]


# ---- each review link's and each network's share of the forum's bound --------------------------------------------

LINK_SHARE, NETWORK_SHARE = "REVIEW_CONFIRM_MAIL_LINK_LIMIT", "REVIEW_CONFIRM_MAIL_NETWORK_LIMIT"
SPAMMER, BOARD_OFFICE, ELSEWHERE = "203.0.113.5", "198.51.100.7", "192.0.2.44"


@pytest.fixture
def shared_app(database_url):
    """Rate limits on, the forum's bound of confirmation messages larger than a review link's share and a network's:
    the mail server refuses nobody@example.org."""
    with smtp_server(refused=("nobody@example.org",)) as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", RATELIMIT_ENABLED=True,
                             REVIEW_CONFIRM_MAIL_LIMIT="5 per hour;8 per day",
                             REVIEW_CONFIRM_MAIL_LINK_LIMIT="2 per hour;3 per day",
                             REVIEW_CONFIRM_MAIL_NETWORK_LIMIT="3 per hour;4 per day"):
            app.mailbox = mailbox
            yield app


def browser_on(app, address: str):
    """A browser whose requests come from network ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def shares_left(app, forum_id: int, token: str, network: str) -> list[int]:
    """What is left this hour of: the link's share, the network's share, the forum's bound."""
    with app.app_context():
        return [ratelimit.remaining(LINK_SHARE, forum_id, link_id_of(app, token)),
                ratelimit.remaining(NETWORK_SHARE, forum_id, network), ratelimit.remaining(CONFIRMATIONS, forum_id)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_one_link_typing_made_up_addresses_is_bounded_and_another_links_reviewer_still_gets_their_confirmation(
        shared_app, lang):
    app = shared_app
    forum_id, _code = organizer_of_a_forum(app)
    spammed, other = add_review_link(app, forum_id), add_review_link(app, forum_id)
    for n in range(5):  # whoever holds the first link types made-up addresses, one comment each
        page = send_comment(app, spammed, f"s{n}", f"made.up{n}@example.org", lang, client=browser_on(app, SPAMMER))
        assert told(lang) in shown(page)  # the same answer, sent or held back
    assert [m["To"] for m in app.mailbox.messages] == ["made.up0@example.org", "made.up1@example.org"]
    # past the link's share, the network's and the forum's were not spent
    assert shares_left(app, forum_id, spammed, SPAMMER) == [0, 1, 3]

    # a reviewer of another link, in another office, still gets theirs; so would another on the spammer's network
    page = send_comment(app, other, "r1", ADDRESS, lang, client=browser_on(app, BOARD_OFFICE))
    assert told(lang) in shown(page)
    assert app.mailbox.messages[-1]["To"] == ADDRESS and len(app.mailbox.messages) == 3
    assert shares_left(app, forum_id, other, BOARD_OFFICE) == [1, 2, 2]

    # an address the mail server refuses spends none of the three
    send_comment(app, other, "r2", "nobody@example.org", lang, client=browser_on(app, BOARD_OFFICE))
    assert len(app.mailbox.messages) == 3 and shares_left(app, forum_id, other, BOARD_OFFICE) == [1, 2, 2]

    # the organizers' replying asks to confirm within the forum's bound only: the spent link's share holds it not back
    organizer = log_in(app)
    page = saved_and_told(organizer, forum_id, comment_of(app, "s4").id, "Noted.")
    assert ASKED["en"] in page and app.mailbox.messages[-1]["To"] == "made.up4@example.org"
    assert shares_left(app, forum_id, spammed, SPAMMER) == [0, 1, 1]


def test_one_network_holding_several_links_is_bounded_and_the_reviewers_elsewhere_still_get_theirs(shared_app):
    app = shared_app
    forum_id, _code = organizer_of_a_forum(app)
    first, second, third = (add_review_link(app, forum_id) for _ in range(3))
    for token, client_ids in ((first, ("a0", "a1")), (second, ("b0", "b1")), (third, ("c0",))):
        for client_id in client_ids:
            page = send_comment(app, token, client_id, f"{client_id}@example.org", client=browser_on(app, SPAMMER))
            assert told() in shown(page)
    # the network's share (three) spent across the links: the fourth and fifth held back
    assert [m["To"] for m in app.mailbox.messages] == ["a0@example.org", "a1@example.org", "b0@example.org"]
    # held back by the network's share: the links' shares counted first are given back, the forum's never spent
    assert shares_left(app, forum_id, second, SPAMMER) == [1, 0, 2]
    assert shares_left(app, forum_id, third, SPAMMER) == [2, 0, 2]
    page = send_comment(app, second, "r1", ADDRESS, client=browser_on(app, ELSEWHERE))  # a reviewer of that link
    assert told() in shown(page) and app.mailbox.messages[-1]["To"] == ADDRESS


def test_the_forums_bound_still_holds_over_every_link_and_network(shared_app):
    app = shared_app
    forum_id, _code = organizer_of_a_forum(app)
    sent = []
    for n in range(6):  # each from its own link and network, each well within its shares
        token, network = add_review_link(app, forum_id), f"192.0.2.{n + 1}"
        page = send_comment(app, token, f"c{n}", f"reviewer{n}@example.org", client=browser_on(app, network))
        assert told() in shown(page)
        sent.append(shares_left(app, forum_id, token, network))
    assert len(app.mailbox.messages) == 5  # the forum's five an hour
    # the sixth, past the forum's bound, spent neither its link's share nor its network's
    assert sent == [[1, 2, 4], [1, 2, 3], [1, 2, 2], [1, 2, 1], [1, 2, 0], [2, 3, 0]]


def test_the_shares_of_confirmation_messages_are_read_from_the_environment(database_url, monkeypatch):
    monkeypatch.setenv("FORUM_REVIEW_CONFIRM_MAIL_LINK_LIMIT", "1 per hour")
    monkeypatch.setenv("FORUM_REVIEW_CONFIRM_MAIL_NETWORK_LIMIT", "2 per hour")
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", RATELIMIT_ENABLED=True):
            forum_id, _code = organizer_of_a_forum(app)
            first, second, third = (add_review_link(app, forum_id) for _ in range(3))
            for token, client_id in ((first, "a0"), (first, "a1"), (second, "b0"), (third, "c0")):
                send_comment(app, token, client_id, f"{client_id}@example.org")
            assert [m["To"] for m in mailbox.messages] == ["a0@example.org", "b0@example.org"]


def test_the_confirmation_link_keeps_the_flood_limit(database_url):
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", RATELIMIT_ENABLED=True):
            app.mailbox = mailbox
            forum_id, _code = organizer_of_a_forum(app)
            send_comment(app, add_review_link(app, forum_id), "c1")
            link = confirm_link(mailbox.messages[0])
            client = app.test_client()
            answers = [client.get(link).status_code for _ in range(60)]
            assert set(answers) == {200}
            flooded = client.get(link)
            assert flooded.status_code == 429 and "Retry-After" in flooded.headers
            assert client.get("/review-mail/made-up").status_code == 429  # the guessing of links too


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_another_browser_typing_a_confirmed_address_learns_nothing_and_gets_no_reply_mailed_to_it(mail_app, lang):
    """A review link is shared by a group: whoever holds it and types an address a reviewer confirmed is answered as
    for any address (check your inbox), and the replies to their comments are not mailed to it until its owner
    confirms again, from the message that comes for it, which offers its button again."""
    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    amina = mail_app.test_client()
    send_comment(mail_app, token, "c1", ADDRESS, lang, client=amina)
    assert amina.post(confirm_link(mail_app.mailbox.messages[0])).status_code == 200
    first_link = confirm_link(mail_app.mailbox.messages[0])

    fresh = send_comment(mail_app, token, "f1", "someone.new@example.org", lang)  # an address nobody confirmed
    typed = send_comment(mail_app, token, "m1", ADDRESS, lang)  # another browser types Amina's address
    assert told(lang) in shown(typed) and told(lang) in shown(fresh)
    assert ("Vous recevrez sa réponse par courriel." if lang == "fr" else "You will get their reply by e-mail.") \
        not in shown(typed)
    assert comment_of(mail_app, "m1").email_confirmed_at is None
    organizer = log_in(mail_app)
    sent = len(mail_app.mailbox.messages)
    reply(organizer, forum_id, comment_of(mail_app, "m1").id, "Thanks, noted.")
    assert len(mail_app.mailbox.messages) == sent  # nothing mailed to Amina for a comment she did not send

    # Amina's own browser is not asked again; her link offers to confirm the comment sent with her address since
    own = send_comment(mail_app, token, "c2", ADDRESS, lang, client=amina)
    assert told(lang) not in shown(own) and comment_of(mail_app, "c2").email_confirmed_at is not None
    button = "Oui, m'envoyer les réponses par courriel" if lang == "fr" else "Yes, e-mail me the replies"
    assert button in shown(amina.get(first_link))
    assert amina.post(first_link).status_code == 200 and comment_of(mail_app, "m1").email_confirmed_at is not None
    assert "Thanks, noted." in mail_app.mailbox.messages[-1].get_content()  # she said yes: now mailed


# ---- a reply saved to a comment whose address is not confirmed asks for it ------------------------------------------

ASKED = {"en": "We asked the reviewer to confirm their address; the reply will be mailed once they do.",
         "fr": "Nous avons demandé à la personne qui a commenté de confirmer son adresse\u00a0; la réponse lui sera "
               "envoyée par courriel dès qu'elle l'aura fait."}
NOT_YET = {"en": "The reviewer has not confirmed the e-mail address they left yet",
           "fr": "La personne qui a commenté n'a pas encore confirmé l'adresse courriel qu'elle a laissée"}
REPLIED = {"en": "The organizers have replied already: their reply is e-mailed to you as soon as you confirm.",
           "fr": "Les organisateurs ont déjà répondu\u00a0: leur réponse vous sera envoyée par courriel dès que vous "
                 "aurez confirmé."}


def comment_from_before_the_upgrade(app, token: str, client_id: str, email: str = ADDRESS, lang: str = "en") -> int:
    """A comment sent with an address before addresses were confirmed: migration d4f6a8c0e2b1 left it unconfirmed,
    and no message ever asked its reviewer to confirm it."""
    from forum.models import ReviewLink

    with app.app_context():
        link = db.session.scalar(select(ReviewLink).where(ReviewLink.token == token))
        comment = ReviewComment(forum_id=link.forum_id, review_link_id=link.id, client_id=client_id,
                                author_name="Amina", section="priorities", text="Add mentoring for women.",
                                email=email, language=lang, email_confirmed_at=None)
        db.session.add(comment)
        db.session.commit()
        return comment.id


def saved_and_told(organizer, forum_id: int, comment_id: int, text: str, lang: str = "en") -> str:
    saved = reply(organizer, forum_id, comment_id, text)
    assert saved.status_code == 302
    return shown(organizer.get(saved.headers["Location"].split("#")[0] + f"?lang={lang}"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_reviewer_who_left_an_address_before_the_upgrade_is_asked_to_confirm_when_the_organizers_reply(
        mail_app, lang):
    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    comment_id = comment_from_before_the_upgrade(mail_app, token, "old-1", lang=lang)
    organizer = log_in(mail_app)

    page = saved_and_told(organizer, forum_id, comment_id, "Yes, added.", lang)
    assert " ".join(ASKED[lang].split()) in page and NOT_YET[lang] not in page
    [message] = mail_app.mailbox.messages  # the one asking to confirm, in the comment's language
    assert message["To"] == ADDRESS and "confirm" in message["Subject"]
    body = message.get_content()
    assert REPLIED[lang] in body
    # nothing goes to an address before its owner says so: neither the reply nor what the poster wrote
    assert "Yes, added." not in body and "Add mentoring for women." not in body and "Amina" not in body
    assert comment_of(mail_app, "old-1").email_confirmed_at is None

    # the reply changed the same day: asked once a day at most, and the organizer is told it is not confirmed yet
    page = saved_and_told(organizer, forum_id, comment_id, "Yes, added to the priorities.", lang)
    assert NOT_YET[lang] in page and " ".join(ASKED[lang].split()) not in page
    assert len(mail_app.mailbox.messages) == 1
    saved_and_told(organizer, forum_id, comment_id, "")  # a reply removed asks nothing
    assert len(mail_app.mailbox.messages) == 1
    saved_and_told(organizer, forum_id, comment_id, "Yes, added to the priorities.")

    # the reviewer confirms: the reply as it is now is mailed to them, once
    assert mail_app.test_client().post(confirm_link(message)).status_code == 200
    assert [m["To"] for m in mail_app.mailbox.messages] == [ADDRESS, ADDRESS]
    assert "Yes, added to the priorities." in mail_app.mailbox.messages[1].get_content()


def test_an_address_not_confirmed_is_asked_again_by_a_reply_on_another_day_unless_it_opted_out(mail_app, monkeypatch):
    from datetime import timedelta

    from forum.services import review_mail

    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    send_comment(mail_app, token, "c1")  # asked when sent, and left unconfirmed (the message lost, or let expire)
    [sent_with_the_comment] = mail_app.mailbox.messages
    assert REPLIED["en"] not in sent_with_the_comment.get_content()  # nobody replied yet then
    organizer = log_in(mail_app)
    comment_id = comment_of(mail_app, "c1").id
    assert NOT_YET["en"] in saved_and_told(organizer, forum_id, comment_id, "Noted.")  # asked today already
    assert len(mail_app.mailbox.messages) == 1

    today = review_mail.utcnow()
    monkeypatch.setattr(review_mail, "utcnow", lambda: today + timedelta(days=1))
    assert ASKED["en"] in saved_and_told(organizer, forum_id, comment_id, "Noted, thanks.")
    assert len(mail_app.mailbox.messages) == 2 and mail_app.mailbox.messages[1]["To"] == ADDRESS
    assert REPLIED["en"] in mail_app.mailbox.messages[1].get_content()

    # its owner refuses them all: never asked again, and the organizer is told
    unsubscribe = re.findall(r"http://localhost(/unsubscribe/\S+)", mail_app.mailbox.messages[1].get_content())[-1]
    assert mail_app.test_client().post(unsubscribe).status_code == 200
    monkeypatch.setattr(review_mail, "utcnow", lambda: today + timedelta(days=2))
    assert "The reviewer has switched off the e-mails of replies" in saved_and_told(organizer, forum_id, comment_id,
                                                                                     "Noted, and added.")
    assert len(mail_app.mailbox.messages) == 2


def test_a_reply_that_could_not_ask_to_confirm_says_so(bounded_app):
    app = bounded_app
    forum_id, _code = organizer_of_a_forum(app)
    token = add_review_link(app, forum_id)
    organizer = log_in(app)
    first = comment_from_before_the_upgrade(app, token, "old-1", "nobody@example.org")  # refused by the mail server
    page = saved_and_told(organizer, forum_id, first, "Noted.")
    assert ("The reviewer has not confirmed the e-mail address they left, and the message asking them to could not "
            "be sent just now (the mail server did not take it).") in page
    assert app.mailbox.messages == [] and left(app, forum_id) == [2, 2, 5]

    for n in range(2):  # the hour's bound spent
        saved_and_told(organizer, forum_id, comment_from_before_the_upgrade(app, token, f"c{n}", f"r{n}@example.org"),
                       "Noted.")
    assert len(app.mailbox.messages) == 2 and left(app, forum_id) == [0, 0, 3]
    page = saved_and_told(organizer, forum_id, comment_from_before_the_upgrade(app, token, "c3", "dina@example.org"),
                          "Noted.", "fr")
    assert ("La personne qui a commenté n'a pas confirmé l'adresse courriel qu'elle a laissée, et ce forum a envoyé "
            "beaucoup de courriels aux personnes qui commentent en peu de temps") in page
    assert len(app.mailbox.messages) == 2 and left(app, forum_id) == [0, 0, 3]


SWITCHED_OFF_LINK = {
    "en": "The organizers switched off the review link this address was left on: it cannot be confirmed, and no reply "
          "is e-mailed to it. If they switch the link back on, open this link again.",
    "fr": "Les organisateurs ont désactivé le lien de relecture sur lequel cette adresse a été laissée : elle ne peut "
          "pas être confirmée, et aucune réponse ne lui est envoyée par courriel. S'ils réactivent le lien, ouvrez de "
          "nouveau ce lien de confirmation."}
NOT_MAILED_LINK_OFF = ("The reply is not e-mailed: the reviewer's review link is switched off, and they did not confirm "
                       "their address while it was on.")


def link_id_of(app, token: str) -> int:
    from forum.models import ReviewLink

    with app.app_context():
        return db.session.scalar(select(ReviewLink.id).where(ReviewLink.token == token))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_confirmation_link_answers_as_switched_off_while_its_review_link_is(mail_app, lang):
    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    send_comment(mail_app, token, "c1")
    link = confirm_link(mail_app.mailbox.messages[0]).split("?")[0] + f"?lang={lang}"
    organizer = log_in(mail_app)
    switch = f"/forums/{forum_id}/review/links/{link_id_of(mail_app, token)}"
    assert organizer.post(f"{switch}/revoke", data={"confirmed": "yes"}).status_code == 302
    reviewer = mail_app.test_client()
    for answer in (reviewer.get(link), reviewer.post(link)):
        assert answer.status_code == 403  # as the review link itself answers
        assert " ".join(SWITCHED_OFF_LINK[lang].split()) in shown(answer)
    assert comment_of(mail_app, "c1").email_confirmed_at is None

    # a reply saved meanwhile is not mailed, nor does it ask the reviewer to confirm through a link that is off
    saved = reply(organizer, forum_id, comment_of(mail_app, "c1").id, "Noted.")
    assert NOT_MAILED_LINK_OFF in shown(organizer.get(saved.headers["Location"]))
    assert len(mail_app.mailbox.messages) == 1

    # switched back on, the confirmation link works again, and the reply saved is mailed once confirmed
    assert organizer.post(f"{switch}/restore", data={"confirmed": "yes"}).status_code == 302
    assert reviewer.post(link).status_code == 200
    assert len(mail_app.mailbox.messages) == 2 and "Noted." in mail_app.mailbox.messages[1].get_content()


def test_an_address_confirmed_through_a_link_already_switched_off_gets_no_reply_mailed(mail_app):
    """Before confirmation links answered as their review link, whoever held one could confirm an address after the
    organizers switched the review link off: a reply saved later is not mailed to it. An address confirmed while the
    link was on still gets it (without the link, which no longer opens)."""
    from datetime import timedelta

    from forum.models import ReviewLink
    from forum.models.base import utcnow

    forum_id, _code = organizer_of_a_forum(mail_app)
    token = add_review_link(mail_app, forum_id)
    send_comment(mail_app, token, "c1")  # confirmed before the link was switched off
    send_comment(mail_app, token, "c2", "bruno@example.org")  # confirmed through the link switched off
    with mail_app.app_context():
        now = utcnow()
        db.session.execute(update(ReviewLink).where(ReviewLink.token == token).values(revoked_at=now))
        db.session.execute(update(ReviewComment).where(ReviewComment.client_id == "c1")
                           .values(email_confirmed_at=now - timedelta(hours=1)))
        db.session.execute(update(ReviewComment).where(ReviewComment.client_id == "c2")
                           .values(email_confirmed_at=now + timedelta(minutes=5)))
        db.session.commit()
    mail_app.mailbox.messages.clear()
    organizer = log_in(mail_app)
    page = organizer.get(f"/forums/{forum_id}/review").text
    assert page.count("The reviewer asked to get your reply by e-mail") == 1  # c1's only
    saved = reply(organizer, forum_id, comment_of(mail_app, "c2").id, "Noted.")
    assert NOT_MAILED_LINK_OFF in shown(organizer.get(saved.headers["Location"]))
    assert mail_app.mailbox.messages == []
    reply(organizer, forum_id, comment_of(mail_app, "c1").id, "Added.")
    [message] = mail_app.mailbox.messages
    assert message["To"] == ADDRESS and "Added." in message.get_content()


def test_one_inbox_gets_two_confirmation_messages_an_hour_whatever_the_links_and_forums(bounded_app):
    """Someone holding review links of several forums (an organizer's account makes as many as it likes) types one
    person's address, spelt several ways, from several networks: that inbox gets two messages an hour, not one per
    link and day; the organizers' saving a reply to such a comment asks within that bound too."""
    app = bounded_app
    spellings = iter(["victim@gmail.com", "vic.tim@gmail.com", "v.ictim+review@googlemail.com", "victim@gmail.com"])
    comments = []
    for forum_number in range(2):
        forum_id, _code = organizer_of_a_forum(app, email=f"organizer{forum_number}@example.org")
        for link_number in range(2):
            token = add_review_link(app, forum_id)
            client_id = f"f{forum_number}l{link_number}"
            page = send_comment(app, token, client_id, next(spellings),
                                client=browser_on(app, f"198.51.100.{forum_number * 2 + link_number}"))
            assert told() in shown(page)  # the same answer, sent or held back
            comments.append(client_id)
    assert [m["To"] for m in app.mailbox.messages] == ["victim@gmail.com", "vic.tim@gmail.com"]
    organizer = log_in(app, email="organizer1@example.org")
    saved_and_told(organizer, comment_of(app, comments[-1]).forum_id, comment_of(app, comments[-1]).id, "Noted.")
    assert len(app.mailbox.messages) == 2


def test_the_forums_of_one_account_together_ask_a_bounded_number_of_addresses(database_url):
    """An account creating forums, each with its own bound, to have made-up or strangers' addresses typed on their
    review links mailed: its forums together send no more than the owner's bound."""
    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", RATELIMIT_ENABLED=True,
                             REVIEW_CONFIRM_MAIL_LIMIT="2 per hour", REVIEW_CONFIRM_MAIL_OWNER_LIMIT="3 per hour"):
            app.mailbox = mailbox
            forums = [organizer_of_a_forum(app)[0], another_forum_of(app)[0], another_forum_of(app)[0]]
            for number, forum_id in enumerate(forums * 2):
                page = send_comment(app, add_review_link(app, forum_id), f"c{number}", f"stranger{number}@example.org")
                assert told() in shown(page)  # the same answer, sent or held back
            assert [message["To"] for message in mailbox.messages] == [
                "stranger0@example.org", "stranger1@example.org", "stranger2@example.org"]
