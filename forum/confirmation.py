"""Confirming an action that is hard to take back: the form is posted once more from a page that
says what will happen. Works without script (and so under a strict Content Security Policy) and
with any screen reader."""
from __future__ import annotations

from flask import render_template, request

CONFIRMED = "yes"


def confirmed() -> bool:
    return request.form.get("confirmed") == CONFIRMED


def ask_to_confirm(question: str, consequence: str, confirm_label: str, cancel_url: str, layout: str = "base.html",
                   **context):
    """The page asking ``question``; confirming posts the same fields again, with ``confirmed``.
    ``layout``: the page it is a step of ("participate/base.html" on a participant's phone, with its
    ``forum`` in ``context``)."""
    fields = [(name, value) for name, values in request.form.lists() for value in values
              if name not in ("csrf_token", "confirmed")]
    return render_template("confirm.html", question=question, consequence=consequence, confirm_label=confirm_label,
                           cancel_url=cancel_url, action=request.path, fields=fields, confirmed=CONFIRMED,
                           layout=layout, **context)
