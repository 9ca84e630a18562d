"""Confirming an action that is hard to take back: the form is posted once more from a page that
says what will happen. Works without script (and so under a strict Content Security Policy) and
with any screen reader."""
from __future__ import annotations

import re

from flask import render_template, request
from markupsafe import Markup

CONFIRMED = "yes"
# A tag of a question marked up (its language spans): left out of the <title>, its spacing kept (striptags would
# turn the no-break spaces of French punctuation into plain ones).
_TAG = re.compile(r"<[^>]*>")


def confirmed() -> bool:
    return request.form.get("confirmed") == CONFIRMED


def ask_to_confirm(question: str, consequence: str, confirm_label: str, cancel_url: str, layout: str = "base.html",
                   template: str = "confirm.html", **context):
    """The page asking ``question``; confirming posts the same fields again, with ``confirmed``.
    ``layout``: the page it is a step of ("participate/base.html" on a participant's phone, with its
    ``forum`` in ``context``); ``template``: one extending confirm.html that fills its ``details`` (what
    exactly will happen, e.g. the message that will be sent). A question quoting a name in the other language
    (``flashes.marked``) marks it in the heading; the page's <title>, which holds no markup, has its text."""
    fields = [(name, value) for name, values in request.form.lists() for value in values
              if name not in ("csrf_token", "confirmed")]
    title = Markup(_TAG.sub("", question)).unescape() if isinstance(question, Markup) else question
    return render_template(template, question=question, title=title, consequence=consequence,
                           confirm_label=confirm_label, cancel_url=cancel_url, action=_same_url(), fields=fields,
                           confirmed=CONFIRMED, layout=layout, **context)


def _same_url() -> str:
    """Where the form was posted, with its query (e.g. the page to come back to)."""
    query = request.query_string.decode("latin-1")
    return f"{request.path}?{query}" if query else request.path
