"""The rule for writes: services write (inside ``writing()``), views never touch the session to write,
and reading a page never changes the database."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.forum import test_access as access
from tests.forum.test_access import forum_a  # noqa: F401  (fixture)

FORUM = Path(__file__).resolve().parents[2] / "forum"
WRITES = {"add", "add_all", "commit", "delete", "flush", "merge"}
# Where writes belong: the services, the models (state methods), the transaction helper; the CLI
# writes through services too but has its own owner and checks.
NOT_VIEWS = {"services", "models", "database.py", "cli.py"}


def view_modules() -> list[Path]:
    return sorted(path for path in FORUM.rglob("*.py") if path.relative_to(FORUM).parts[0] not in NOT_VIEWS)


def session_writes(path: Path) -> list[str]:
    """``db.session.<write>(...)`` and ``session.<write>(...)`` calls in a module, as "line: call"."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            owner = node.func.value
            if ast.unparse(owner) in ("db.session", "session", "db.session()"):
                found.append(f"{node.lineno}: {ast.unparse(node.func)}()")
    return found


def test_the_check_finds_a_write(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from forum.extensions import db\n\ndef save(item):\n    db.session.add(item)\n"
                      "    db.session.commit()\n")
    assert session_writes(module) == ["4: db.session.add()", "5: db.session.commit()"]


@pytest.mark.parametrize("path", view_modules(), ids=lambda path: str(path.relative_to(FORUM)))
def test_no_view_module_writes_through_the_session(path):
    assert session_writes(path) == [], f"{path.relative_to(FORUM)} writes: move it into a service under writing()"


def test_every_view_module_is_checked():
    checked = {str(path.relative_to(FORUM)) for path in view_modules()}
    assert {"organize/actions.py", "organize/report.py", "public/views.py", "auth/views.py"} <= checked


def _rule(path: str):
    return next(rule for rule in access.organizer_rules() if rule.rule == path)


PAGES = [case for case in access.cases() if "GET" in _rule(case.values[0]).methods]
# Derived by content, read before drawing and filled by any read (forum/services/report_charts.py): a cache, not state.
CACHES = {"report_charts"}


def _state(app) -> dict:
    return {table: rows for table, rows in access.snapshot(app).items() if table not in CACHES}


@pytest.mark.parametrize("rule_path, variant", PAGES)
def test_the_owner_reading_any_organizer_page_changes_nothing(client, auth, app, forum_a, rule_path, variant):
    auth.login("owner@example.org", PASSWORD)
    url = access.url_for_forum_a(_rule(rule_path), variant, forum_a)
    before = _state(app)
    assert client.get(url).status_code < 500, url
    assert _state(app) == before, f"GET {url} wrote"
