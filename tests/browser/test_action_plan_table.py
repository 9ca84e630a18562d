"""The action plan's table on a laptop in French: a due date stays on one line however narrow its
column gets beside long French titles."""
from __future__ import annotations

from analysis.report.wording import wording
from forum.extensions import db
from forum.models import ActionItem, Translated
from tests.browser.conftest import OWNER_PASSWORD, log_in, owned_forum
from tests.clock import days_from_today

# weeks ahead, whatever day the tests run: shown as a date (an item due within a week, or overdue, says so in words)
DUE = days_from_today(42)
LONG_TITLE = ("Animer un atelier sur les préjugés inconscients pour les gestionnaires d'embauche "
              "des grandes entreprises de la région")


def test_a_due_date_is_never_broken_across_lines(live_app, live_url, page):
    forum_id = owned_forum(live_app, "Hiring forum")
    with live_app.app_context():
        db.session.add(ActionItem(forum_id=forum_id, title=Translated(LONG_TITLE, LONG_TITLE), position=1,
                                  priority_label=Translated("Sensibilisation des employeurs et préjugés"),
                                  due_date=DUE, status="in_progress"))
        db.session.commit()
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/actions?lang=fr")
    due = page.locator("[data-testid=action-row] td").nth(3)
    assert due.inner_text() == wording("fr").date(DUE)
    lines = due.evaluate("cell => { const range = document.createRange(); range.selectNodeContents(cell);"
                         " return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }")
    assert lines == 1
