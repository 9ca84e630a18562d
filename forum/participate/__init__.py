"""The participant's pages: join a forum on a phone, say who you are, answer the evaluation,
rate sessions, spend dots, sign up for the steering committee, share contact details."""
from flask import Blueprint, request

from forum.participate.device import remember_new_device

blueprint = Blueprint("participate", __name__)

# A participant sends a few short answers; anything bigger is not a person typing on a phone.
PARTICIPANT_MAX_BYTES = 64 * 1024


@blueprint.before_request
def limit_payload():
    request._get_current_object().max_content_length = PARTICIPANT_MAX_BYTES  # (the proxy's setattr costs more)


blueprint.after_request(remember_new_device)


from forum.participate import another_phone, erasure, evaluation, home, texts, voting  # noqa: E402,F401  (routes)
