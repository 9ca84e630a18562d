"""Erase my answers: a participant (or an organizer who tried the participant side) takes back everything
their phone sent to one forum, after reading what goes and what stays."""
from __future__ import annotations

from flask import make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from forum import ratelimit
from forum.errors import abort_with
from forum.participate import blueprint
from forum.participate.code_guesses import count_unknown_code, refuse_when_guessing
from forum.participate.common import ADDRESS_LIMIT, SUBMIT_LIMIT, forum_by_code
from forum.participate.device import COOKIE, device_or_address, device_token
from forum.participate.typed_signup import forget_typed, typed_signup
from forum.services.action_plan import owned_by, owned_in_words
from forum.services.participation import DeviceTraces, device_traces, erase_device, joins_other_forums, signup_of


def _what_goes(traces: DeviceTraces, left: bool = False) -> list[str]:
    """Each kind of answer, and whether this phone sent one: every line is said, so the page reads whole. The
    sign-up's line reads the same whether the address typed was a committee member's or not (``signup_sent``).
    ``left``: this phone's sign-up is a committee member's record kept once they left, whose coded trace of their
    address (``participation.forget_address_of_leaver``) goes too."""
    return [
        _("Your answers to the forum's evaluation") if traces.evaluation else _("No answers to the evaluation"),
        ngettext("Your rating of %(num)d session", "Your ratings of %(num)d sessions", traces.ratings)
        if traces.ratings else _("No session ratings"),
        ngettext("Your dots in %(num)d vote", "Your dots in %(num)d votes", traces.ballots)
        if traces.ballots else _("No votes"),
        _("Your sign-up for the steering committee, with the name and e-mail address you gave")
        if traces.signup_sent else _("No sign-up for the steering committee to erase") if traces.committee_member
        else _("Any sign-up for the steering committee sent from this phone, even withdrawn, with the name and "
               "e-mail address given"),
        _("Your name, organization, stakeholder group, contact details and consents (to share your contact "
          "details, to get the report by e-mail)") if traces.contact else _("No name or contact details"),
        *([_("From your committee member's record: your request to get the report by e-mail, and any note that "
             "the mail server refused your address")] if traces.committee_member else []),
        *([_("The coded trace of your address that the forum kept when you left the committee, so that an import "
             "of sign-ups by the organizers would not add you again: an import may then add you as anyone new")]
          if left else []),
        # said whatever the phone gave: a line that depends on it would tell a committee member's address apart
        _("The record of the e-mails this forum sent to an address you gave here, unless another sign-up or "
          "contact here still uses it (your unsubscribes stay, so that no mail you switched off comes back)"),
    ]


def _what_stays(forum, traces: DeviceTraces) -> list[str]:
    stays = [_("The idea cards written at the tables: the facilitators wrote them, and nothing links them to "
               "this phone.")]
    if traces.committee_member:
        signup = signup_of(forum.id, device_token())
        open_items, done_items = owned_by(signup)
        if signup.withdrawn_at is None and signup.removed_at is None:
            stays.append(" ".join(sentence for sentence in (
                _("Your place on the steering committee: once the organizers made your sign-up a committee "
                  "member's record, it belongs to the committee, so it stays, with your committee link."),
                _("Your action items stay yours: %(counts)s.", counts=owned_in_words(open_items, done_items))
                if open_items or done_items else "",
                _("It will no longer be linked to this phone. To leave the committee, withdraw your sign-up first "
                  "(on the steering committee page), or ask the organizers."),
            ) if sentence))
        else:
            stays.append(_("Your earlier sign-up for the steering committee, as the action plan's history names it "
                           "(items, follow-ups): it belongs to the committee's records. It will no longer be linked "
                           "to this phone; the organizers can remove it."))
    return stays


def _nothing_left(forum, status: int):
    """Nothing of this phone is left in the forum: said plainly, with a way to join again (a second tab, a
    double tap, the back button after erasing)."""
    return forget_typed(make_response(render_template("participate/erased.html", forum=forum, erased=None),
                                      status), forum)


@blueprint.route("/p/<code>/erase", methods=["GET", "POST"])
@ratelimit.limit(SUBMIT_LIMIT, key=device_or_address, methods=["POST"])
@ratelimit.limit(ADDRESS_LIMIT, methods=["POST"])
def erase(code: str):
    """GET: what erasing takes back and what it leaves; POST (the page's form, with its CSRF token): erase.

    Not a ``participant_view``: a phone whose answers are gone is not sent to the join page (which would
    join it again), it is told that nothing is left. Erasing stays open after the evaluation and the votes
    close: taking back what one sent comes first, and every result is counted from what is left."""
    forum = forum_by_code(code)
    if forum is None:
        refuse_when_guessing()
        count_unknown_code()
        abort_with(404, _("There is no forum with this code. Check the code shown in the room."))
    request._get_current_object().participant_forum = forum  # an error page's way on leads back to the forum
    if request.method == "POST":
        erased = erase_device(forum.id, device_token())
        if erased is None:
            return _nothing_left(forum, 409)
        response = forget_typed(make_response(render_template("participate/erased.html", forum=forum,
                                                              erased=erased)), forum)
        if not joins_other_forums(device_token()):  # no id of ours stays on the phone, unless other forums need it
            response.delete_cookie(COOKIE, httponly=True, samesite="Lax", secure=request.is_secure)
        return response
    traces = device_traces(forum.id, device_token(), typed_signup=typed_signup(forum) is not None)
    if not traces.anything:
        return _nothing_left(forum, 200)
    signup = signup_of(forum.id, device_token()) if traces.committee_member else None
    left = signup is not None and signup.left_address_digest is not None
    return render_template("participate/erase.html", forum=forum, traces=traces,
                           what_goes=_what_goes(traces, left), what_stays=_what_stays(forum, traces),
                           cancel_url=url_for("participate.home", code=forum.join_code))
