"""Messages for the next page are kept as their text id and arguments and translated by the page that shows
them (forum/flashes.py): an organizer or a committee member who switches the language right after an action
reads its message in the new language, with its date, number or status label in that language too."""
from __future__ import annotations

import ast
import json
import datetime
from pathlib import Path

import flask_babel
from flask_babel import force_locale
from markupsafe import Markup

from forum import flashes
from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.models import Translated
from tests.clock import app_today
from tests.forum.test_committee import plan  # noqa: F401 (a fixture)
from tests.html import parse

FORUM = Path(__file__).resolve().parents[2] / "forum"
FINISHED = {"_", "gettext", "ngettext", "pgettext", "npgettext", "str", "format", "Markup", "format_decimal",
            "format_list", "long_date", "clock_time"}


def flashed(response) -> list[str]:
    return [flash.get_text(" ", strip=True) for flash in parse(response.get_data(as_text=True)).select(".flash")]


def finished_string(node: ast.expr) -> bool:
    """Whether a flashed argument is visibly a string finished in the request's language."""
    if isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp)):
        return True
    if isinstance(node, ast.IfExp):
        return finished_string(node.body) or finished_string(node.orelse)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
        return any(finished_string(value) for value in node.value.values)
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        return name in FINISHED or name == "join"
    return False


def test_no_message_is_flashed_as_a_finished_string_anywhere_in_the_app():
    problems = []
    for path in sorted(FORUM.rglob("*.py")):
        if path.name == "flashes.py":
            continue
        where = path.relative_to(FORUM.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "flask" and \
                    any(alias.name == "flash" for alias in node.names):
                problems.append(f"{where}:{node.lineno}: flask's flash imported (use forum.flashes.flash)")
            if isinstance(node, ast.Attribute) and node.attr == "flash" and \
                    isinstance(node.value, ast.Name) and node.value.id == "flask":
                problems.append(f"{where}:{node.lineno}: flask.flash used (use forum.flashes.flash)")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "flash" \
                    and node.args and finished_string(node.args[0]):
                problems.append(f"{where}:{node.lineno}: a finished string flashed: {ast.unparse(node.args[0])[:80]}")
    assert problems == []


def test_every_lazy_text_of_the_app_says_how_it_is_made():
    """The app's lazy texts are forum.lazy_text's, which say what they are made of; a flashed message is kept by
    reading that, never flask-babel's private attributes (its lazy strings' ``_func``, ``_args``, ``_kwargs``)."""
    problems = []
    for path in sorted(FORUM.rglob("*.py")):
        where = path.relative_to(FORUM.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "flask_babel" and path.name != "lazy_text.py":
                problems += [f"{where}:{node.lineno}: flask_babel's {alias.name} (use forum.lazy_text's)"
                             for alias in node.names if alias.name.startswith("lazy_") or alias.name == "LazyString"
                             and path.name != "flashes.py"]
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "flask_babel" \
                    and node.attr.startswith("lazy_"):
                problems.append(f"{where}:{node.lineno}: flask_babel.{node.attr} (use forum.lazy_text's)")
            if isinstance(node, ast.Attribute) and node.attr in {"_func", "_args", "_kwargs"}:
                problems.append(f"{where}:{node.lineno}: a lazy string's private {node.attr} read")
    assert problems == []


def test_a_lazy_text_that_does_not_say_how_it_is_made_is_still_shown_in_the_language_of_the_page(app):
    with app.test_request_context():
        kept = flashes.kept(flask_babel.lazy_gettext("Forum created."))
        json.dumps(kept)
        with force_locale("fr"):
            assert flashes.shown(kept) == "Forum créé."
        with force_locale("en"):
            assert flashes.shown(kept) == "Forum created."


def test_the_pieces_of_a_message_are_kept_and_shown_in_the_language_of_the_page(app):
    message = flashes.joined(
        _l("The committee link of %(name)s now works until %(date)s.", name="Amina",
           date=flashes.day(datetime.date(2027, 6, 30))),
        _ln("%(num)d code added", "%(num)d codes added", 2),
        _l("Card filed under %(name)s.", name=Translated("Employers", "Employeurs")),
        "",  # an empty piece is left out
        flashes.with_link(_l("Forum created."), "/f?a=1&b=2", _l("Follow its checklist to get it ready.")))
    with app.test_request_context():
        kept = flashes.kept(message)
        json.dumps(kept)  # plain JSON, as the session keeps it
        with force_locale("en"):
            assert str(flashes.shown(kept)) == (
                "The committee link of Amina now works until 30 June 2027. 2 codes added Card filed under Employers. "
                'Forum created. <a href="/f?a=1&amp;b=2">Follow its checklist to get it ready.</a>')
        with force_locale("fr"):
            shown = flashes.shown(kept)
            # joined with a link: HTML, its texts escaped (the link was escaped whole, shown as text, before)
            assert isinstance(shown, Markup)
            assert shown.endswith('<a href="/f?a=1&amp;b=2">Suivez sa liste de préparation.</a>')
            assert shown.unescape().startswith(
                "Le lien du comité de Amina fonctionne désormais jusqu'au 30 juin 2027.")
            assert "Employeurs" in shown and "Créez" not in shown
            assert isinstance(flashes.shown(flashes.kept(flashes.with_link("<b>", "/", "x"))), Markup)
            assert flashes.shown(flashes.kept(flashes.number(1000))) == "1\u202f000"


def test_an_organizers_message_is_shown_in_the_language_switched_to_with_its_date(client, app, plan):  # noqa: F811
    forum_id, amina = plan["forum_id"], plan["amina"]
    client.get(f"/forums/{forum_id}/steering?lang=en")
    later = app_today() + datetime.timedelta(days=30)
    response = client.post(f"/forums/{forum_id}/steering/{amina}/link/expiry",
                           data={f"link{amina}-expires_on": later.isoformat()})
    assert response.status_code == 302  # its redirect lost on the way; the organizer switches to French
    french = client.get(f"/forums/{forum_id}/steering?lang=fr")
    with app.test_request_context(), force_locale("fr"):
        from forum.dates import long_date
        date_in_french = long_date(later)
    assert f"Le lien du comité de Amina Owner fonctionne désormais jusqu'au {date_in_french}." in flashed(french)


def test_a_committee_members_message_is_shown_in_the_language_switched_to_with_its_status(client, plan):  # noqa: F811
    token, mine = plan["token"], plan["mine"]
    client.get(f"/c/{token}?lang=en")
    assert client.post(f"/c/{token}/items/{mine}/status",
                       data={f"item{mine}-status": "in_progress"}).status_code == 302
    assert flashed(client.get(f"/c/{token}?lang=fr")) == [
        "État enregistré\u00a0: En cours. Les organisateurs le voient dans le plan d'action."]
