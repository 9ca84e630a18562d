"""A person logged in on a laptop and a phone, both with "Keep me signed in": logging in again on one device, or
logging out there, leaves the other logged in; logging out everywhere is its own button."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

REMEMBER_COOKIE = "remember_token"


def _logged_in(app, remember=True):
    device = app.test_client()
    data = {"email": "organizer@example.org", "password": PASSWORD, **({"remember": "y"} if remember else {})}
    assert device.post("/login", data=data).status_code == 302
    return device


def _is_logged_in(device) -> bool:
    return device.get("/forums").status_code == 200


def _browser_reopened(device):
    """The browser closed and opened again: its session cookie is gone, the remember-me cookie stays."""
    device.delete_cookie("session")
    return device


@pytest.fixture
def laptop_and_phone(app, make_organizer):
    make_organizer()
    return _logged_in(app), _logged_in(app)


def test_logging_in_on_the_phone_leaves_the_laptop_logged_in(app, laptop_and_phone):
    laptop, phone = laptop_and_phone
    laptop_cookie = laptop.get_cookie(REMEMBER_COOKIE).value
    _logged_in(app)  # the phone logs in again, remembered again
    assert _is_logged_in(laptop) and _is_logged_in(phone)
    assert _is_logged_in(_browser_reopened(laptop))
    assert laptop.get_cookie(REMEMBER_COOKIE).value == laptop_cookie


def test_logging_out_on_the_phone_leaves_the_laptop_logged_in(laptop_and_phone):
    laptop, phone = laptop_and_phone
    assert phone.post("/logout").headers["Location"] == "/login"
    assert not _is_logged_in(phone)
    assert _is_logged_in(laptop) and _is_logged_in(_browser_reopened(laptop))


def test_a_copy_of_a_logged_out_devices_remember_me_cookie_loads_no_one(app, laptop_and_phone):
    _laptop, phone = laptop_and_phone
    phone_cookie = phone.get_cookie(REMEMBER_COOKIE).value
    phone.post("/logout")
    copy = app.test_client()
    copy.set_cookie(REMEMBER_COOKIE, phone_cookie)
    assert not _is_logged_in(copy)


def test_logging_out_everywhere_logs_out_every_device(laptop_and_phone):
    laptop, phone = laptop_and_phone
    response = phone.post("/logout/everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not _is_logged_in(laptop) and not _is_logged_in(_browser_reopened(laptop)) and not _is_logged_in(phone)

