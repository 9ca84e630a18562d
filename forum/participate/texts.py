"""The participant script (participate.js) with the offline queue's messages in every language: one file, kept a year
by the phone at its versioned address.

The messages (sending, offline, still waiting…) were inlined as JSON in every participant page, 2.3 KB in English
and 3.2 KB in French paid again on every page. They now come in the same file as the script that says them, written
in front of it (``window.participateText``, by language; the script takes the page's): a page that has the script
has its messages, so no page can have the queue without its words (a separate messages file lost on a venue's Wi-Fi
while the script arrived would have left the queue nothing to say "No connection" with). Every language is in the
one file: a phone switching language mid-form keeps the script it has (a file per language was fetched again then,
and on a slow network the form was sent before it arrived, without the queue). The file's version is a digest of
the script and of the messages (the catalogs'), so a new script or a new translation has a new address; asked for
at another version (a page kept from before an update), it is answered as it is now and checked again each time."""
from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.participate import blueprint
from forum.static_files import COMPRESS_FROM_BYTES, KEPT_FOR_SECONDS, VERSION_ARG
from forum.templating import script_json

SCRIPT = "participate.js"


def queue_texts() -> dict:
    """The script's messages in the current language."""
    return {
        "sending": _("Sending…"),
        "offline": _("No connection right now. Your answers are kept on this phone and will be sent as soon as the "
                     "connection is back."),
        "sent": _("Your answers kept on this phone have been sent."),
        "failed": _("Your answers kept on this phone could not be saved:"),
        "slow": _("Still sending: the connection is slow. Your answers are kept on this phone until they arrive."),
        "server_problem": _("The server could not take your answers just now. They are kept on this phone and sent "
                            "again in a moment."),
        "refused_by_network": _("The network or the server refused your answers (HTTP %(status)s). Send them again "
                                "in a moment; if they are refused again, tell the organizers.", status="%(status)s"),
        "restored": _("Answers you had not sent yet are back in the form: send them when you are ready."),
        "waiting": {
            "evaluation": _("Your evaluation answers are still waiting on this phone for the server. They will be "
                            "sent by themselves."),
            "session": _("Your session rating is still waiting on this phone for the server. It will be sent by "
                         "itself."),
            "vote": _("Your dots are still waiting on this phone for the server. They will be sent by themselves."),
            "steering": _("Your steering committee sign-up is still waiting on this phone for the server. It will "
                          "be sent by itself."),
            "contact": _("Your contact sharing choice is still waiting on this phone for the server. It will be "
                         "sent by itself."),
            "about_you": _("Your name and organization are still waiting on this phone for the server. They will be "
                           "sent by themselves."),
            "other": _("Answers sent earlier are still waiting on this phone for the server. They will be sent by "
                       "themselves."),
        },
        # (the plural's form alone: said of 2 answers or more, "other" in English and French)
        "waiting_count": ngettext("%(count)s answer waits to be sent: %(which)s. It is kept on this phone and will "
                                  "be sent by itself.", "%(count)s answers wait to be sent: %(which)s. They are kept "
                                  "on this phone and will be sent by themselves.", 2, count="{count}",
                                  which="{which}"),
        "waiting_names": {
            "evaluation": _("your evaluation"),
            "session": _("your session rating"),
            "vote": _("your vote"),
            "steering": _("your steering committee sign-up"),
            "contact": _("your contact sharing choice"),
            "about_you": _("your name and organization"),
            "other": _("answers sent earlier"),
        },
        "waiting_names_many": {
            "session": _("your session ratings"),
            "vote": _("your votes"),
        },
        "waiting_sent": {
            "evaluation": _("Your evaluation answers that were waiting on this phone have been sent."),
            "session": _("Your session rating that was waiting on this phone has been sent."),
            "vote": _("Your dots that were waiting on this phone have been sent."),
            "steering": _("Your steering committee sign-up that was waiting on this phone has been sent."),
            "contact": _("Your contact sharing choice that was waiting on this phone has been sent."),
            "about_you": _("Your name and organization that were waiting on this phone have been sent."),
            "other": _("Answers that were waiting on this phone have been sent."),
        },
        "add_dot": _("Add a dot to"),
        "remove_dot": _("Remove a dot from"),
    }


@dataclass(frozen=True)
class ScriptFile:
    version: str
    body: bytes
    gzipped: bytes


def _script_key(folder: str) -> tuple[str, int, int]:
    path = os.path.join(folder, SCRIPT)
    stat = os.stat(path)
    return path, stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=4)
def _script_file(languages: tuple[str, ...], path: str, mtime_ns: int, size: int) -> ScriptFile:
    """The script with its messages in each of ``languages``, made once per script (its modification time and
    size: a script edited in place is made again)."""
    texts = {}
    for language in languages:
        with force_locale(language):
            texts[language] = queue_texts()
    with open(path, "rb") as file:
        script = file.read()
    body = f"window.participateText = {script_json(texts)};\n".encode() + script
    return ScriptFile(hashlib.sha256(body).hexdigest()[:16], body, gzip.compress(body, compresslevel=9, mtime=0))


def script_file() -> ScriptFile:
    app = current_app._get_current_object()
    return _script_file(tuple(app.config["LANGUAGES"]), *_script_key(app.static_folder))


def script_url() -> str:
    """The address of the script at its current version (a participant page's <script>)."""
    return url_for("participate.script", **{VERSION_ARG: script_file().version})


@blueprint.app_context_processor
def participate_script():
    return {"participate_script_url": script_url}


@blueprint.route("/participate.js")
def script():
    made = script_file()
    this_request = request._get_current_object()
    zipped = this_request.accept_encodings["gzip"] and len(made.body) >= COMPRESS_FROM_BYTES
    response = current_app.response_class(made.gzipped if zipped else made.body, mimetype="text/javascript")
    response.vary.add("Accept-Encoding")
    if zipped:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(made.version + ("-gzip" if zipped else ""))
    if this_request.args.get(VERSION_ARG) == made.version:
        response.cache_control.public = True
        response.cache_control.max_age = KEPT_FOR_SECONDS
        response.cache_control.immutable = True
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(this_request)
