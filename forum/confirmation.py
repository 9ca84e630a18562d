"""Confirming an action that is hard to take back: the form is posted once more from a page that
says what will happen. Works without script (and so under a strict Content Security Policy) and
with any screen reader."""
from __future__ import annotations

from flask import render_template, request

CONFIRMED = "yes"


def confirmed() -> bool:
    return request.form.get("confirmed") == CONFIRMED


def ask_to_confirm(question: str, consequence: str, confirm_label: str, cancel_url: str, layout: str = "base.html",
                   template: str = "confirm.html", **context):
    """The page asking ``question``; confirming posts the same fields again, with ``confirmed``.
    ``layout``: the page it is a step of ("participate/base.html" on a participant's phone, with its
    ``forum`` in ``context``); ``template``: one extending confirm.html that fills its ``details`` (what
    exactly will happen, e.g. the message that will be sent)."""
    fields = [(name, value) for name, values in request.form.lists() for value in values
              if name not in ("csrf_token", "confirmed")]
    return render_template(template, question=question, consequence=consequence, confirm_label=confirm_label,
                           cancel_url=cancel_url, action=_same_url(), fields=fields, confirmed=CONFIRMED,
                           layout=layout, **context)


def _same_url() -> str:
    """Where the form was posted, with its query (e.g. the page to come back to)."""
    query = request.query_string.decode("latin-1")
    return f"{request.path}?{query}" if query else request.path
