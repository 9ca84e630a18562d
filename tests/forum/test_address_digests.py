"""The keyed digests of e-mail addresses (forum.services.address_digests): one key derivation and one normalization
for every use, each use keeping the key it was issued with, so that the digests kept for members who left and the
unsubscribe links already mailed stay valid."""
from __future__ import annotations

import hashlib
import hmac

from forum.services import address_digests, mailing

SECRET = "a-secret-key-of-at-least-thirty-two-characters"


def _as_issued_for_a_member_who_left(forum_id: int, address: str) -> str:
    key = hmac.new(SECRET.encode(), address_digests.PURPOSE, hashlib.sha256).digest()
    return hmac.new(key, f"{forum_id}\n{address.strip().lower()}".encode(), hashlib.sha256).hexdigest()


def _as_issued_in_an_unsubscribe_link(address: str) -> str:
    message = b"unsubscribe-address:" + address.strip().lower().encode()
    return hmac.new(SECRET.encode(), message, hashlib.sha256).hexdigest()[:16]


def test_both_digests_of_an_address_come_from_one_helper_and_stay_as_issued(app):
    app.config["SECRET_KEY"] = SECRET
    with app.app_context():
        for typed in ("amina@example.org", "  Amina@EXAMPLE.org\t", "élodie@exemple.fr"):
            left = address_digests.address_digest(7, typed)
            assert left == _as_issued_for_a_member_who_left(7, typed)
            assert left == address_digests.keyed_digest(typed, purpose=address_digests.PURPOSE, before=b"7\n")
            mark = mailing.address_mark(typed)
            assert mark == _as_issued_in_an_unsubscribe_link(typed) == address_digests.unsubscribe_address_mark(typed)
        # one normalization: an address typed in capitals with spaces gives the same digest and mark
        assert address_digests.address_digest(7, " AMINA@Example.org ") == address_digests.address_digest(
            7, "amina@example.org")
        assert mailing.address_mark(" AMINA@Example.org ") == mailing.address_mark("amina@example.org")
        # each purpose its own key: the same address gives unrelated digests
        assert not address_digests.address_digest(7, "amina@example.org").startswith(
            mailing.address_mark("amina@example.org"))
