"""The capture pages and the organizer's side: links, QR codes, facilitators, the current round, the wall."""
from __future__ import annotations

import json
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from forum.capture.pages import ASSETS_CACHE, KEPT_COPY_DAYS, PAGE_CACHES
from forum.extensions import db
from forum.models import Forum, Table, Translated
from tests.conftest import PASSWORD
from tests.html import parse, text_of

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def forum(app, organizer, make_forum):
    """The logged-in organizer's forum (3 tables) as a dict of ids and tokens."""
    forum_id = make_forum(organizer)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        return {"id": forum_id, "tables": [(t.id, t.capture_token) for t in forum.tables],
                "rounds": [r.id for r in forum.rounds], "groups": [g.id for g in forum.groups]}


def capture(client, token, text, **fields):
    response = client.post(f"/api/v1/capture/{token}/cards", json={"client_id": str(uuid.uuid4()), "text": text,
                                                                    **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["card"]


def test_the_capture_page_opens_by_its_link_without_an_account(app, forum):
    client = app.test_client()  # not logged in
    _table_id, token = forum["tables"][0]
    response = client.get(f"/t/{token}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Table 1" in html and parse(html).select("#card-text") and parse(html).select('[aria-live="polite"]')
    assert parse(html).select_one("a.brand")["href"] == "/table"  # a facilitator has no organizer's home
    assert response.headers.getlist("Referrer-Policy") == ["no-referrer"]  # its own, not also the default
    assert client.get("/t/unknown-token").status_code == 404
    sw = client.get("/t/service-worker.js")
    assert sw.status_code == 200 and sw.mimetype == "text/javascript"


@pytest.mark.parametrize("prefix", ["", "/forum"])
def test_the_service_worker_is_told_the_static_files_cache_and_the_apps_static_prefix(app, forum, prefix):
    """Served under a URL prefix (a proxy's X-Forwarded-Prefix, ProxyFix), the capture page registers its worker with
    the static files' address under that prefix: the worker keeps them there (capture-sw.js)."""
    client = app.test_client()
    _table_id, token = forum["tables"][0]
    root = parse(client.get(f"/t/{token}", base_url=f"http://localhost{prefix}").get_data(as_text=True)) \
        .select_one("#capture")
    worker = urlsplit(root["data-service-worker"])
    assert worker.path == f"{prefix}/t/service-worker.js"
    assert parse_qs(worker.query) == {"assets": [ASSETS_CACHE], "static": [f"{prefix}/static/"]}
    assert root["data-assets-cache"] == ASSETS_CACHE
    sw = client.get(root["data-service-worker"].removeprefix(prefix), base_url=f"http://localhost{prefix}")
    assert sw.status_code == 200 and sw.mimetype == "text/javascript"
    # The cache's name is written in one place only: the scripts read it from the page and from the worker's address.
    for script in ("capture.js", "capture-sw.js"):
        assert ASSETS_CACHE not in (Path(app.static_folder) / script).read_text(encoding="utf-8"), script


def test_the_kept_pages_caches_are_named_in_one_place(app, forum, client):
    """The caches a capture page is kept in are named in forum/capture/pages.py only: the worker is given them above
    its script (under /t/ and /capture/), the capture page in its markup, every page (app.js, capture-gate.js) on its
    ``<html>`` element. A rename reaches every script."""
    table_id, token = forum["tables"][0]
    anonymous = app.test_client()
    for worker in ("/t/service-worker.js", "/capture/service-worker.js"):
        sw = anonymous.get(worker)
        assert sw.status_code == 200 and sw.mimetype == "text/javascript"
        assert sw.get_data(as_text=True).startswith(f'"use strict";\n// The caches of the kept pages, named in '
                                                    f"forum/capture/pages.py.\nvar PAGE_CACHES = "
                                                    f"{json.dumps(PAGE_CACHES)};\n")
        assert sw.headers["Cache-Control"] == "no-cache"
        assert anonymous.get(worker, headers={"If-None-Match": sw.headers["ETag"]}).status_code == 304
    link_page = parse(anonymous.get(f"/t/{token}").get_data(as_text=True))
    assert link_page.select_one("#capture")["data-offline-cache"] == PAGE_CACHES["link"]
    assert link_page.select_one("html")["data-capture-account-cache"] == PAGE_CACHES["account"]
    account_page = parse(client.get(f"/capture/tables/{table_id}").get_data(as_text=True))
    assert account_page.select_one("#capture")["data-offline-cache"] == PAGE_CACHES["account"]
    assert parse(anonymous.get("/table").get_data(as_text=True)).select_one("html")["data-capture-account-cache"] \
        == PAGE_CACHES["account"]
    for script in ("capture.js", "capture-sw.js", "capture-gate.js", "capture-kept.js", "app.js"):
        text = (Path(app.static_folder) / script).read_text(encoding="utf-8")
        assert not any(name in text for name in PAGE_CACHES.values()), script
    templates = Path(app.root_path).parent / "templates"
    for template in templates.rglob("*.html"):
        assert not any(name in template.read_text(encoding="utf-8") for name in PAGE_CACHES.values()), template


def test_only_a_table_links_page_forgets_copies_not_opened_for_long(app, forum, client):
    """A table link's page drops the copies of links not opened for KEPT_COPY_DAYS (capture.js); a signed-in page's
    copy is bound by its login instead."""
    table_id, token = forum["tables"][0]
    link_page = parse(app.test_client().get(f"/t/{token}").get_data(as_text=True)).select_one("#capture")
    assert link_page["data-forget-copies-after-days"] == str(KEPT_COPY_DAYS) == "30"
    account_page = parse(client.get(f"/capture/tables/{table_id}").get_data(as_text=True)).select_one("#capture")
    assert not account_page.has_attr("data-forget-copies-after-days")


def test_cards_are_escaped_in_the_page_the_wall_and_the_organizer_lists(client, forum):
    table_id, token = forum["tables"][0]
    capture(client, token, XSS)
    pages = {
        "capture page": client.get(f"/t/{token}"),
        "wall": client.get(f"/forums/{forum['id']}/wall"),
        "ideas list": client.get(f"/forums/{forum['id']}/ideas"),
    }
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert response.status_code == 200, name
        assert "<script>alert" not in html and "<img src=x" not in html, name
    # Embedded JSON is escaped for a <script> block; the scripts set it with textContent.
    assert "\\u003cscript\\u003e" in pages["capture page"].get_data(as_text=True)
    feed = client.get(f"/forums/{forum['id']}/wall/feed").get_json()
    assert feed["cards"][0]["text"] == XSS  # JSON carries the text as it was typed


def test_the_organizer_sees_links_and_qr_codes_for_each_table(client, forum):
    response = client.get(f"/forums/{forum['id']}/capture")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for _table_id, token in forum["tables"]:
        assert f"/t/{token}" in html
    assert html.count('<svg class="qr" role="img"') == 3
    assert "QR code of the capture link of table 1" in html


def test_the_tables_qr_codes_are_drawn_once_not_on_every_visit(client, forum, monkeypatch):
    # Tens of milliseconds a code: 24 tables took a second and a half of every visit to the page.
    from forum import qr

    drawn = []
    make = qr.qrcode.make
    monkeypatch.setattr(qr.qrcode, "make", lambda data, **kwargs: drawn.append(data) or make(data, **kwargs))
    pages = [client.get(f"/forums/{forum['id']}/capture?lang={lang}").get_data(as_text=True) for lang in ("en", "fr")]
    assert len(drawn) == 3 and all("/t/" in url for url in drawn)  # the three tables' links, once
    assert pages[0].count('<svg class="qr" role="img"') == pages[1].count('<svg class="qr" role="img"') == 3
    assert "QR code of the capture link of table 1" in pages[0] and "QR code of the capture link of table 1" not in pages[1]


def test_the_link_that_opens_a_tables_capture_page_says_open_as_a_verb_in_french(client, forum):
    """Its "Open" was the word of the "open" state, which French writes differently ("Ouvert")."""
    page = parse(client.get(f"/forums/{forum['id']}/capture?lang=fr"))
    for _table_id, token in forum["tables"]:
        assert text_of(page.select_one(f'a.button[href$="/t/{token}"]')) == "Ouvrir sa page de saisie (s'ouvre dans un nouvel onglet)"


def test_a_phone_goes_straight_to_a_tables_link_or_to_adding_a_table(client, forum):
    """A table's card is a screen tall on a phone: the page opens with a link to each, and to adding one."""
    page = parse(client.get(f"/forums/{forum['id']}/capture?lang=fr"))
    jump = page.select_one("nav[aria-label='Tables']")
    assert [(text_of(a), a["href"]) for a in jump.select("a")] == [
        *((f"Table {n}", f"#table-{table_id}") for n, (table_id, _token) in enumerate(forum["tables"], 1)),
        ("Ajouter une table", f"/forums/{forum['id']}/tables#add")]
    assert all(page.select_one(f"li#table-{table_id}") for table_id, _token in forum["tables"])
    assert parse(client.get(f"/forums/{forum['id']}/tables")).select_one("section#add form")


def test_revoke_restore_and_reissue_a_link(client, app, forum):
    table_id, token = forum["tables"][0]
    base = f"/forums/{forum['id']}/capture/tables/{table_id}"
    asked = parse(client.post(base + "/revoke"))  # asked first: the table stops sending cards
    assert text_of(asked.h1) == "Switch off the capture link of the table “Table 1”?" and client.get(f"/t/{token}").status_code == 200
    assert client.post(base + "/revoke", data={"confirmed": "yes"}).status_code == 302
    assert client.get(f"/t/{token}").status_code == 403
    page = client.get(f"/forums/{forum['id']}/capture").get_data(as_text=True)
    assert "Link switched off" in page
    client.post(base + "/restore")
    assert client.get(f"/t/{token}").status_code == 200
    asked = client.post(base + "/reissue")
    assert asked.status_code == 200 and "Make a new capture link for the table “Table 1”?" in asked.get_data(as_text=True)
    assert client.get(f"/t/{token}").status_code == 200  # not replaced before confirming
    client.post(base + "/reissue", data={"confirmed": "yes"})
    assert client.get(f"/t/{token}").status_code == 404
    with app.app_context():
        new_token = db.session.get(Table, table_id).capture_token
    assert client.get(f"/t/{new_token}").status_code == 200
    assert client.post(base + "/explode").status_code == 404


def test_another_organizer_cannot_see_or_change_the_capture_pages(client, app, forum, auth, make_organizer):
    table_id, token = forum["tables"][0]
    auth.logout()
    make_organizer("mallory@example.org", "Mallory")
    auth.login("mallory@example.org")
    for method, url in [("get", f"/forums/{forum['id']}/capture"), ("get", f"/forums/{forum['id']}/wall"),
                        ("get", f"/forums/{forum['id']}/wall/feed"),
                        ("post", f"/forums/{forum['id']}/capture/tables/{table_id}/revoke"),
                        ("post", f"/forums/{forum['id']}/capture/tables/{table_id}/reissue"),
                        ("post", f"/forums/{forum['id']}/capture/round"),
                        ("post", f"/forums/{forum['id']}/capture/tables/{table_id}/facilitator"),
                        ("get", f"/capture/tables/{table_id}")]:
        assert getattr(client, method)(url).status_code == 404, url  # as if it did not exist: not theirs
    assert client.get("/forums/9999/wall").status_code == 404
    assert client.get(f"/t/{token}").status_code == 200  # the link still works: nothing was changed


def test_the_wall_needs_a_login(app, forum):
    response = app.test_client().get(f"/forums/{forum['id']}/wall")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_set_the_current_round(client, app, forum):
    second = forum["rounds"][1]
    response = client.post(f"/forums/{forum['id']}/capture/round", data={"round-round_id": second})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Forum, forum["id"]).current_round_id == second
    _table_id, token = forum["tables"][0]
    assert client.get(f"/api/v1/capture/{token}").get_json()["forum"]["current_round_id"] == second
    wall = f"/forums/{forum['id']}/wall"  # set from the wall, back to the wall; another site's path is not followed
    assert client.post(f"/forums/{forum['id']}/capture/round",
                       data={"round-round_id": 0, "back": wall}).location.endswith(wall)
    assert client.post(f"/forums/{forum['id']}/capture/round", data={"round-round_id": 0, "back": "//evil.example/"}
                       ).location.endswith(f"/forums/{forum['id']}/capture")
    with app.app_context():
        assert db.session.get(Forum, forum["id"]).current_round_id is None
    assert client.post(f"/forums/{forum['id']}/capture/round", data={"round-round_id": 99999}).status_code == 422


def test_assign_a_facilitator_account(client, app, forum, make_organizer, auth):
    table_id, _token = forum["tables"][1]
    url = f"/forums/{forum['id']}/capture/tables/{table_id}/facilitator"
    unknown = client.post(url, data={f"t{table_id}-email": "nobody@example.org"})
    assert unknown.status_code == 422
    assert "No account with this email has confirmed it" in unknown.get_data(as_text=True)
    assert client.post(url, data={f"t{table_id}-email": "not an email"}).status_code == 422

    make_organizer("fran@example.org", "Fran Facilitator")
    assert client.post(url, data={f"t{table_id}-email": " Fran@Example.org "}).status_code == 302
    with app.app_context():
        table = db.session.get(Table, table_id)
        assert table.facilitator_user.email == "fran@example.org" and table.facilitator_name == "Fran Facilitator"

    auth.logout()
    auth.login("fran@example.org")
    mine = client.get("/capture").get_data(as_text=True)
    assert "Table 2" in mine and "Table 1" not in mine
    page = client.get(f"/capture/tables/{table_id}")
    assert page.status_code == 200 and parse(page).select("#card-text")
    other_table = forum["tables"][0][0]
    assert client.get(f"/capture/tables/{other_table}").status_code == 404  # no role on the forum: not hers
    assert client.get("/capture/tables/9999").status_code == 404

    auth.logout()
    auth.login()
    client.post(url, data={"remove": "1", "confirmed": "yes"})
    with app.app_context():
        assert db.session.get(Table, table_id).facilitator_user_id is None


def test_removing_a_tables_facilitator_account_is_asked_first(client, app, forum, make_organizer):
    """It stops their capture page under their account mid-forum, and only typing their e-mail gives it back."""
    table_id, _token = forum["tables"][1]
    url = f"/forums/{forum['id']}/capture/tables/{table_id}/facilitator"
    make_organizer("fran@example.org", "Fran Facilitator")
    client.post(url, data={f"t{table_id}-email": "fran@example.org"})

    asked = parse(client.post(f"{url}?lang=fr", data={"remove": "1"}))
    assert text_of(asked.h1) == "Retirer Fran Facilitator de l'animation de la table « Table 2 » ?"
    assert "« Mes tables »" in text_of(asked.select_one(".confirm p"))
    form = asked.select_one("form.actions")
    assert {field["name"]: field["value"] for field in form.select("input[type=hidden]")
            if field["name"] != "csrf_token"} == {"remove": "1", "confirmed": "yes"}
    assert form.select_one("a.button")["href"] == f"/forums/{forum['id']}/capture#table-{table_id}"  # Cancel
    with app.app_context():
        assert db.session.get(Table, table_id).facilitator_user.email == "fran@example.org"

    done = client.post(url, data={"remove": "1", "confirmed": "yes"})
    assert done.headers["Location"] == f"/forums/{forum['id']}/capture#table-{table_id}"
    with app.app_context():
        assert db.session.get(Table, table_id).facilitator_user_id is None


def test_the_wall_feed_returns_new_changed_and_undone_cards(client, forum):
    (table_1, token_1), (table_2, token_2) = forum["tables"][:2]
    first = client.get(f"/forums/{forum['id']}/wall/feed").get_json()
    assert first["cards"] == [] and first["reset"] is True and first["counts"]["ideas"] == 0

    kept = capture(client, token_1, "Mentoring", round_id=forum["rounds"][0], group_id=forum["groups"][0])
    undone = capture(client, token_2, "Oops")
    client.delete(f"/api/v1/capture/{token_2}/cards/{undone['client_id']}")
    client.put(f"/api/v1/capture/{token_1}/cards/{kept['client_id']}/star", json={"starred": True})

    feed = client.get(f"/forums/{forum['id']}/wall/feed", query_string={"after": first["cursor"]}).get_json()
    by_text = {card["text"]: card for card in feed["cards"]}
    assert by_text["Mentoring"]["table"] == "Table 1" and by_text["Mentoring"]["starred"] is True
    assert by_text["Mentoring"]["group"] == "Employers" and by_text["Mentoring"]["round"] == "Best practices"
    assert by_text["Oops"]["deleted"] is True
    assert feed["counts"]["ideas"] == 1
    assert [c["text"] for c in feed["starred"]] == ["Mentoring"]
    assert {row["label"]: row["count"] for row in feed["counts"]["by_table"]}["Table 1"] == 1
    french = client.get(f"/forums/{forum['id']}/wall/feed", query_string={"lang": "fr"}).get_json()
    assert {(card["round"], card["group"]) for card in french["starred"]} == {("Pratiques exemplaires", "Employeurs")}
    assert french["counts"]["by_round"][0]["label"] == "Pratiques exemplaires"
    # A malformed cursor is refused (the wall then starts again from no cursor), never a 500.
    for bad in ("yesterday", "0001-01-01", "2026-01-01T00:00:00+05:00", "9999-12-31T23:59:59.999999x"):
        refused = client.get(f"/forums/{forum['id']}/wall/feed", query_string={"after": bad, "lang": "en"},
                             headers={"Accept": "application/json"})
        assert refused.status_code == 400 and "not valid" in refused.get_json()["error"]
    assert client.get(f"/forums/{forum['id']}/wall/feed?after=9999-12-31").status_code == 200


def test_the_wall_shows_the_join_qr_code_and_counts(client, forum, app):
    with app.app_context():
        code = db.session.get(Forum, forum["id"]).join_code
    html = client.get(f"/forums/{forum['id']}/wall").get_data(as_text=True)
    assert f"/join?code={code}" in html
    assert parse(html).select('svg.qr[role="img"]')
    feed = json.loads(parse(html).select_one("script#wall-feed").string)
    assert feed["counts"]["ideas"] == 0


def log_in_with_csrf(client):
    from tests.conftest import PASSWORD, csrf_token_from

    login = client.get("/login")
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                "csrf_token": csrf_token_from(login.get_data(as_text=True))})


@pytest.mark.parametrize("lang, label, challenges", [("en", "Current round", "Challenges"),
                                                     ("fr", "Tour en cours", "Défis")])
def test_the_walls_round_form_is_the_capture_pages_form(client, app, organizer, make_forum, lang, label, challenges):
    """One form (CurrentRoundForm) through the shared field macro on both pages: the same label, rounds
    in the page's language, the current one chosen."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.current_round_id = forum.rounds[1].id
        db.session.commit()

    def round_field(page):
        field = parse(client.get(f"/forums/{forum_id}/{page}?lang={lang}")).select_one(
            "form[action$='/capture/round'] .field")
        return (text_of(field.label), field.select_one("select")["name"], text_of(field.select_one("option[selected]")),
                field.select_one("select").get("aria-invalid"))

    assert round_field("wall") == round_field("capture") == (label, "round-round_id", challenges, None)


def test_the_round_forms_work_with_csrf_protection(csrf_app, make_organizer, make_forum):
    from tests.conftest import csrf_token_from

    client = csrf_app.test_client()
    forum_id = make_forum(make_organizer())
    with csrf_app.app_context():
        second = db.session.get(Forum, forum_id).rounds[1].id
    log_in_with_csrf(client)
    for page in (f"/forums/{forum_id}/wall", f"/forums/{forum_id}/capture"):
        token = csrf_token_from(client.get(page).get_data(as_text=True))
        response = client.post(f"/forums/{forum_id}/capture/round", data={"round-csrf_token": token,
                                                                           "round-round_id": second})
        assert response.status_code == 302, page
    assert client.post(f"/forums/{forum_id}/capture/round", data={"round-round_id": second}).status_code == 400


def test_qr_codes_are_well_formed_svg_with_an_escaped_title():
    from xml.etree import ElementTree

    from forum.qr import qr_svg

    svg = ElementTree.fromstring(str(qr_svg("https://example.org/t/abc", 'Table <1> & "2"')))
    assert svg.get("role") == "img"
    assert svg.find("{http://www.w3.org/2000/svg}title").text == 'Table <1> & "2"'


def test_the_capture_page_and_its_messages_in_french(app, forum):
    _table_id, token = forum["tables"][0]
    client = app.test_client()
    html = client.get(f"/t/{token}?lang=fr").get_data(as_text=True)
    assert "Nouvelle fiche d'idée" in html and "Employeurs" in html
    assert "Pratiques exemplaires" in [text_of(option) for option in parse(html).find_all("option")]  # the rounds' French titles
    # The page picks the round's question in its own language from both wordings.
    rounds = client.get(f"/api/v1/capture/{token}").get_json()["rounds"]
    assert rounds[0]["question_fr"].startswith("Qu'est-ce qui fonctionne") and rounds[0]["title"] == "Best practices"
    texts = json.loads(parse(html).find("script", id="capture-texts").string)
    assert texts["saved"] == "Toutes les fiches sont enregistrées"  # the script's texts come translated
    refused = client.post(f"/api/v1/capture/{token}/cards", json={"client_id": "abcdefgh-1", "text": " "},
                          headers={"Accept-Language": "fr"})
    assert refused.get_json()["error"] == "La fiche est vide. Tapez d'abord l'idée."



def test_a_group_or_round_with_no_french_name_is_marked_english_on_the_french_capture_page(app, forum):
    """So that a screen reader reads "Employers" in English, not as a French word."""
    _table_id, token = forum["tables"][0]
    with app.app_context():
        forum_row = db.session.get(Forum, forum["id"])
        forum_row.groups[0].name = Translated(en="Employers")
        forum_row.rounds[0].title = Translated(en="Best practices")
        db.session.commit()
    page = parse(app.test_client().get(f"/t/{token}?lang=fr"))
    chips = page.select("#group-chips .chip")
    assert [chip.get("lang") for chip in chips] == ["en"] + [None] * (len(chips) - 1)
    options = page.select("#round option")[1:]  # after "No round"
    assert [option.get("lang") for option in options] == ["en"] + [None] * (len(options) - 1)

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_removing_a_card_and_cancelling_an_edit_have_distinct_words(app, forum, lang):
    _table_id, token = forum["tables"][0]
    page = parse(app.test_client().get(f"/t/{token}?lang={lang}"))
    texts = json.loads(page.select_one("script#capture-texts").string)
    assert texts["undo"] != texts["cancel"]
    if lang == "fr":
        assert (texts["undo"], texts["cancel"]) == ("Retirer la fiche", "Annuler la modification")


def test_a_switched_off_link_says_so_and_shows_nothing_of_the_tables_cards(client, app, forum):
    table_id, token = forum["tables"][0]
    client.post(f"/api/v1/capture/{token}/cards", json={"client_id": "abcdefgh-kept", "text": "Sent before"})
    client.post(f"/forums/{forum['id']}/capture/tables/{table_id}/revoke", data={"confirmed": "yes"})
    response = client.get(f"/t/{token}")
    page = parse(response)
    assert response.status_code == 403 and "switched off by the organizer" in text_of(page.h1)
    assert "kept here, and are sent once this table's new link is opened" in text_of(page)
    assert page.select_one("#kept-cards")["data-table"] == str(table_id) and "Sent before" not in text_of(page)
    way_on = page.select_one(".error-page a")  # the new link's code, when the organizer gives it
    assert (text_of(way_on), way_on["href"]) == ("Type your table's code", "/table")
    french = parse(client.get(f"/t/{token}?lang=fr"))
    assert text_of(french.select_one(".error-page a")) == "Taper le code de votre table"


def test_a_new_link_is_confirmed_through_a_page_with_csrf_protection(csrf_app, make_organizer, make_forum):
    from tests.conftest import csrf_token_from

    client = csrf_app.test_client()
    forum_id = make_forum(make_organizer())
    with csrf_app.app_context():
        table = db.session.get(Forum, forum_id).tables[0]
        table_id, token = table.id, table.capture_token
    log_in_with_csrf(client)
    links = client.get(f"/forums/{forum_id}/capture").get_data(as_text=True)
    url = f"/forums/{forum_id}/capture/tables/{table_id}/reissue"
    asked = parse(client.post(url, data={"csrf_token": csrf_token_from(links)}))
    assert text_of(asked.select_one(".confirm h1")) == "Make a new capture link for the table “Table 1”?"
    form = asked.select_one(".confirm form")
    confirm = form["action"]
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    assert confirm == url and fields["confirmed"] == "yes"
    assert client.post(confirm, data=fields).status_code == 302
    with csrf_app.app_context():
        assert db.session.get(Table, table_id).capture_token != token


def test_a_bilingual_forums_wall_speaks_both_languages(client, app, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.current_round_id = forum.rounds[1].id
        db.session.commit()
        token, group_id = forum.tables[0].capture_token, forum.groups[0].id
    capture(client, token, "Mentoring", group_id=group_id)

    page = parse(client.get(f"/forums/{forum_id}/wall"))
    heading = page.select_one("#stream-heading")
    assert text_of(heading) == "Just in À l'instant"
    assert heading.select_one(".wall-second")["lang"] == "fr"
    texts = json.loads(page.select_one("#wall-texts").string)
    assert texts["round"] == "Round: %(round)s" and texts["second"]["round"] == "Tour\u00a0: %(round)s"

    feed = client.get(f"/forums/{forum_id}/wall/feed?lang=fr").get_json()
    assert feed["current_round"]["title"] == "Défis" and feed["current_round"]["second"]["title"] == "Challenges"
    employers = next(row for row in feed["counts"]["by_group"] if row["id"] == group_id)
    assert (employers["label"], employers["second"], employers["count"]) == ("Employeurs", "Employers", 1)
    french_page = parse(client.get(f"/forums/{forum_id}/wall?lang=fr"))
    assert text_of(french_page.select_one("#stream-heading")) == "À l'instant Just in"


def test_a_one_language_forums_wall_shows_only_its_language(client, forum):
    page = parse(client.get(f"/forums/{forum['id']}/wall"))
    assert page.select(".wall-second") == [] and page.select("#wall-round-second") == []
    assert "second" not in json.loads(page.select_one("#wall-texts").string)
    feed = client.get(f"/forums/{forum['id']}/wall/feed").get_json()
    assert all("second" not in row for row in feed["counts"]["by_round"])


@pytest.mark.parametrize("lang, said", [
    ("en", "The tables of the forums you organize, with their capture links and QR codes, are on each forum's Capture page:"),
    ("fr", "Les tables des forums que vous organisez, avec leurs liens de saisie et leurs codes QR, sont sur la page "
           "Saisie de chaque forum\u00a0:"),
])
def test_an_organizer_with_no_table_to_facilitate_is_led_to_their_forums_capture_pages(client, forum, lang, said):
    """'My tables' in the menu, opened to set up a new forum's tables, said only that none was assigned."""
    page = parse(client.get(f"/capture?lang={lang}"))
    assert said in page.select_one("main").get_text()
    assert [a["href"] for a in page.select("[data-testid=organized-forums] a")] == [f"/forums/{forum['id']}/capture"]


def test_a_facilitator_who_organizes_nothing_is_not_offered_forums(app, forum, make_organizer):
    make_organizer("fran@example.org", "Fran Facilitator")
    facilitator = app.test_client()
    facilitator.post("/login", data={"email": "fran@example.org", "password": PASSWORD})
    page = parse(facilitator.get("/capture"))
    assert "No table is assigned to you yet." in text_of(page.select_one("main"))
    assert page.select_one("[data-testid=organized-forums]") is None


def test_the_french_status_texts_say_new_or_changed_cards_the_same_way_offline_and_with_the_link_off(app, forum):
    _table_id, token = forum["tables"][0]
    html = app.test_client().get(f"/t/{token}?lang=fr").get_data(as_text=True)
    texts = json.loads(parse(html).select_one("#capture-texts").get_text())
    for name in ("offline_changed", "kept_changed"):
        assert "fiche ajoutée ou modifiée" in texts[name]["one"], texts[name]
        assert "fiches ajoutées ou modifiées" in texts[name]["other"], texts[name]



def test_a_tables_capture_link_is_named_as_a_table_in_french(client, forum):
    """« Créer un nouveau lien de saisie pour la table « Table 1 » ? », not « pour Table 1 ? »: a table's label
    (« Table 1 », « Salle Jasmin ») is not a name."""
    table_id, _token = forum["tables"][0]
    base = f"/forums/{forum['id']}/capture/tables/{table_id}"
    asked = parse(client.post(base + "/reissue?lang=fr"))
    assert text_of(asked.select_one(".confirm h1")) == "Créer un nouveau lien de saisie pour la table « Table 1 » ?"
    client.post(base + "/reissue?lang=fr", data={"confirmed": "yes"})
    page = text_of(parse(client.get(f"/forums/{forum['id']}/capture?lang=fr")))
    assert "La table « Table 1 » a un nouveau lien de saisie ; l'ancien ne fonctionne plus." in page
    asked = parse(client.post(base + "/revoke?lang=fr"))
    assert text_of(asked.select_one(".confirm h1")) == "Désactiver le lien de saisie de la table « Table 1 » ?"
    client.post(f"{base}/facilitator?lang=fr", data={"remove": "1"})
    page = text_of(parse(client.get(f"/forums/{forum['id']}/capture?lang=fr")))
    assert "La table « Table 1 » n'a plus de compte d'animateur." in page
