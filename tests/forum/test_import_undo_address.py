"""The four undo pages (idea cards, evaluation responses, registrations, sign-ups) post their "Delete" to the
address built once, as the import's "Undo this import" link builds it (importing.undo_arguments), not each by
hand: the page is handed that address, the same as the one it was opened at."""
from __future__ import annotations

from datetime import datetime

import pytest
from flask import template_rendered

from forum.services.importing import ImportPlan
from tests.html import parse


@pytest.mark.parametrize("kind", ["ideas", "evaluations", "registrations", "signups"])
def test_each_undo_page_is_handed_the_address_of_its_delete_button(app, client, forum_id, kind):
    imported_at = datetime(2026, 11, 20, 9, 30, 15, 123456)
    plan = ImportPlan(kind=kind)
    plan.imported_at = imported_at
    query = "&".join(f"{key}={value}" for key, value in plan.undo_arguments().items() if value)
    address = f"/forums/{forum_id}/import/undo?{query}"
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append((template.name, context))

    with template_rendered.connected_to(record, app):
        page = client.get(address)
    assert page.status_code == 200
    [(name, context)] = [(name, context) for name, context in rendered if name.startswith("organize/import_undo")]
    assert context["undo_url"] == address
    for form in parse(page).select("form"):  # nothing was imported then: no "Delete" button to press
        assert "/import/undo" not in form.get("action", "")
