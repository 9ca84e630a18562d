"""The password policy: long enough, not blank in disguise, not one of the commonly used ones.

``common_passwords.txt`` holds the 11,611 passwords of 8 characters or more from zxcvbn's list of
the 30,000 most used ones (MIT licence, from leaked password sets); shorter ones are refused anyway.
"""
from __future__ import annotations

import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms.validators import ValidationError

from forum.lazy_text import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
# Spaces, controls and format characters (zero-width spaces and joiners, BOM) add no strength.
INVISIBLE_CATEGORIES = ("Z", "C")


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    return frozenset(COMMON_PASSWORDS.read_text(encoding="utf-8").split())


def _visible(password: str) -> str:
    return "".join(ch for ch in password if unicodedata.category(ch)[0] not in INVISIBLE_CATEGORIES)


def password_problem(password: str) -> str | None:
    """Why a new password is refused (a message for people), or None when it is fine."""
    visible = _visible(password)
    if not visible:
        return str(_l("The password cannot be only spaces or invisible characters."))
    if len(visible) < MIN_LENGTH:
        return str(_l("The password needs at least %(n)d characters (spaces and invisible characters "
                      "do not count).", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("The password can have at most %(n)d characters.", n=MAX_LENGTH))
    if password.strip().lower() in _common() or visible.lower() in _common():
        return str(_l("This password is one of the most commonly used ones. Choose another."))
    return None


@lru_cache(maxsize=2)
def _hash_of_no_account(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)  # hashed as accounts' passwords are


def check_without_account(password: str) -> bool:
    """Spend on ``password`` what checking an account's costs, for an address without one: the answer (always False)
    then takes as long as a wrong password's, and tells no one which addresses have an account."""
    check_password_hash(_hash_of_no_account(current_app.config["PASSWORD_HASH_METHOD"]), password)
    return False


class AcceptablePassword:
    """WTForms validator for new passwords (sign-up, change, reset)."""

    def __call__(self, form, field) -> None:
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
