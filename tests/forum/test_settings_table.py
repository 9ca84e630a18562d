"""README's settings tables ("Settings", "Mail") list every setting the code reads: each key of
``forum.config.default_config`` and every other config key named in forum/, with its environment variable."""
from __future__ import annotations

import ast
import re

from forum.config import REPO_ROOT, default_config

# Keys of the app's config that are no deployment choice: set once for the app's own sake (the security of its
# cookies and forms, the languages it is translated into) or built from the settings listed (the engine's options
# from the DATABASE_* ones). A deployment that changed them would weaken or break the app.
NOT_SETTINGS = {
    "SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_HTTPONLY", "REMEMBER_COOKIE_SAMESITE", "REMEMBER_COOKIE_HTTPONLY",
    "REMEMBER_COOKIE_NAME", "REMEMBER_COOKIE_DURATION",  # Flask-Login's; LOGIN_MAX_AGE bounds every login
    "WTF_CSRF_ENABLED", "WTF_CSRF_TIME_LIMIT", "WTF_CSRF_CHECK_DEFAULT", "WTF_CSRF_METHODS", "WTF_I18N_ENABLED",
    "BABEL_DEFAULT_LOCALE", "LANGUAGES", "SQLALCHEMY_ENGINE_OPTIONS",
}
# Settings read from the environment under another name than FORUM_<KEY> (forum/config.py)
VARIABLES = {"SQLALCHEMY_DATABASE_URI": "DATABASE_URL", "SECRET_KEY": "SECRET_KEY",
             **{key: key for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS",
                                     "MAIL_DEFAULT_SENDER")}}


def keys_named_in_code() -> set[str]:
    """Every capitalised string in forum/ that is a key of the app's config (``config["X"]``,
    ``config.get("X", default)``, a rate limit named by its setting): the keys the code reads."""
    from flask import Flask

    known = set(default_config()) | set(Flask(__name__).config) | {
        "REMEMBER_COOKIE_NAME", "SQLALCHEMY_ENGINE_OPTIONS", "WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT",
        "WTF_CSRF_METHODS", "WTF_I18N_ENABLED"}
    named = set()
    for path in (REPO_ROOT / "forum").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"[A-Z][A-Z0-9_]+", node.value):
                named.add(node.value)
    return named & known


def documented_variables() -> set[str]:
    """The variables named in the first column of README's tables under "Settings" and "Mail"."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Settings")
    section = readme[start:readme.index("`flask send-test-mail", start)]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split(" | ")[0]))
    return names


def test_every_setting_the_code_reads_is_in_the_readme_settings_tables():
    settings = (set(default_config()) | keys_named_in_code()) - NOT_SETTINGS
    documented = documented_variables()
    missing = sorted(VARIABLES.get(key, f"FORUM_{key}") for key in settings
                     if VARIABLES.get(key, f"FORUM_{key}") not in documented)
    assert missing == [], f"README's settings table lacks {', '.join(missing)}"
    # and names nothing the code does not read (a setting renamed or gone)
    variables = {VARIABLES.get(key, f"FORUM_{key}") for key in settings}
    assert sorted(documented - variables) == []


def test_the_code_s_reads_are_found():
    """The search finds the reads it is meant to: a config subscript, a get with a default, a limit's name."""
    named = keys_named_in_code()
    assert {"CARD_QUOTA", "MAIL_SERVER", "INVITATION_MAIL_LIMIT", "SIGNUP_LINK_MAIL_LIMIT",
            "REMEMBER_COOKIE_NAME", "LOGIN_ADDRESS_LIMIT"} <= named
