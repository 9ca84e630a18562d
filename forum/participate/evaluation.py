"""The forum evaluation, the session ratings and the steering-committee sign-up on a phone."""
from __future__ import annotations

from functools import lru_cache

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from forum import ratelimit
from forum.confirmation import ask_to_confirm, confirmed
from forum.errors import abort_with
from forum.extensions import db
from forum.flashes import joined, marked
from forum.lazy_text import lazy_gettext as _l
from forum.mail import mail_enabled
from forum.models import SteeringSignup
from forum.participate import blueprint
from forum.participate.answers import checked_answers
from forum.participate.common import (
    EVALUATION_ROW, SESSION_RATING_ROW, form_kwargs, home_url, invalid, invalid_json, is_json, json_fields,
    json_language, locale, participant_view, saved, saved_json,
)
from forum.participate.device import device_or_address, device_token
from forum.participate.forms import (
    KEPT, ResentSignupForm, SteeringSignupForm, answers_from, evaluation_form, offer_groups, prefill,
)
from forum.participate.news_confirm import confirmation_asked, signup_mail_state
from forum.participate.typed_signup import forget_typed, remember_typed, shown_signup
from forum.services.committee import open_items_of
from forum.services.evaluation_setup import evaluation_questions, session_questions
from forum.services.link_mail import mail_link_asked_for
from forum.services.participation import EVALUATION_CLOSED, RATING_CLOSED, AddressOnTheCommittee, InvalidAnswers, response_of, \
    is_committee_member, save_checked_response, save_response, save_signup, signup_of, withdraw_signup
from forum.services.errors import ServiceError


@lru_cache(maxsize=16)
def _saved_message(language: str, created: bool) -> str:
    """The answer's message in ``language``, the request's: looked up once per language (in a room's
    burst every phone gets one of a few, and each lookup was 3% of a submission's work)."""
    return _("Thank you, your answers are saved.") if created else _("Your answers are updated.")


def _saved_later(created: bool):
    """The same message for the next page, translated there (a form's answer)."""
    return _l("Thank you, your answers are saved.") if created else _l("Your answers are updated.")


def _save_json(forum, round_id=None, seen=None):
    """Save the answers the phone's offline queue sent as JSON: checked without a form (the
    phones' hot path), against the questions they are saved for (``save_checked_response``)."""
    fields, language = json_fields(), json_language()
    next_url = home_url(forum.join_code)
    try:
        response_id, created = save_checked_response(
            forum.id, device_token(), lambda questions: checked_answers(fields, questions, language),
            round_id=round_id, language=language, seen=seen)
    except InvalidAnswers as refused:
        return invalid_json(refused.errors)
    return saved_json(_saved_message(language, created), next_url, language, response_id=response_id, created=created)


def _answer(forum, questions, template, round_id=None, page_context=dict, **context):
    """Show (GET) or save (POST) this device's answers to one set of questions, as an HTML form. A form sent
    back may answer a question retired since the phone loaded it (``questions`` has it then, not required):
    that answer is kept, but the form is never shown again with it."""
    language = locale()
    form = evaluation_form(questions, language, **form_kwargs())
    if form.validate_on_submit():
        next_url = url_for("participate.home", code=forum.join_code)  # before the write expires the forum
        _response_id, created = save_response(forum.id, device_token(), form.client_id.data, answers_from(form),
                                              round_id=round_id, language=language)
        return saved(_saved_later(created), next_url)
    response = response_of(forum.id, device_token(), round_id)
    context.update(page_context(), forum=forum, response=response)
    if request.method == "POST":
        form.questions = [(question, field) for question, field in form.questions
                          if not getattr(question, "retired", False)]  # asked again only as the form is now
        return invalid(form, template, **context)
    prefill(form, response)
    return render_template(template, form=form, **context)


@blueprint.route("/p/<code>/evaluation", methods=["GET", "POST"])
@participant_view(json_row=EVALUATION_ROW)
def evaluation(forum, participant):
    if not forum.evaluation_open:
        if request.method == "POST":
            raise ServiceError(409, EVALUATION_CLOSED)
        return render_template("participate/closed.html", forum=forum, heading=_("The evaluation is not open"),
                               explanation=_("The organizers open the evaluation during the forum and close it "
                                             "when its time is over."))
    if is_json():  # the forum is participant_view's row, with the evaluation's questions
        return _save_json(forum, seen=(forum.evaluation_open, forum.questions))
    return _answer(forum, evaluation_questions(forum.id, with_retired=request.method == "POST"),
                   "participate/evaluation.html", page_context=lambda: {"signup": shown_signup(forum, participant)})


@blueprint.route("/p/<code>/sessions/<int:round_id>", methods=["GET", "POST"])
@participant_view(json_row=SESSION_RATING_ROW)
def session_rating(forum, participant, round_id: int):
    if is_json():  # the forum is participant_view's row, with the session's rating state and questions
        if forum.round_id is None:
            abort_with(404, _("This session does not exist."))
        if not forum.rating_open:
            raise ServiceError(409, RATING_CLOSED)
        return _save_json(forum, round_id, seen=(forum.rating_open, forum.questions))
    session_round = next((r for r in forum.rounds if r.id == round_id), None)
    if session_round is None:
        abort_with(404, _("This session does not exist."))
    if not session_round.rating_open:
        if request.method == "POST":
            raise ServiceError(409, RATING_CLOSED)
        return render_template("participate/closed.html", forum=forum,
                               heading=marked(_l("The rating of “%(session)s” is not open",
                                                 session=session_round.title)),
                               explanation=_("The organizers open each session's rating during the forum and close "
                                             "it when its time is over."))
    return _answer(forum, session_questions(round_id), "participate/session.html", round_id=round_id,
                   session_round=session_round)


@blueprint.route("/p/<code>/steering-committee", methods=["GET", "POST"])
@participant_view
def steering(forum, participant):
    shown = shown_signup(forum, participant)
    # Without the device's copy of what it typed, its saved sign-up is not shown either (there is none for a
    # member's address): the form starts from who the participant said they are, as before any sign-up
    filled = shown if shown is not None and shown.details_shown else participant
    # Without the copy the consents given before are unknown here: each is a choice that keeps them by default
    resent = shown is not None and not shown.details_shown
    form = (ResentSignupForm if resent else SteeringSignupForm)(obj=filled, **form_kwargs())
    offer_groups(form.group_id, forum, locale())
    if request.method == "GET":
        form.group_id.data = filled.group_id or 0
        if resent:
            form.consents_to_owner_role.data = form.wants_news.data = form.wants_progress.data = KEPT
        else:
            form.wants_news.data = shown is not None and shown.news_consent_at is not None
            form.wants_progress.data = shown is not None and shown.progress_consent_at is not None
    if form.validate_on_submit():
        consents = form.consents()
        typed = dict(name=form.name.data, organization=form.organization.data, email=form.email.data,
                     group_id=form.group_id.data or None, **consents)
        member_id = signup_id = None
        try:
            signup_id, _created = save_signup(forum.id, device_token(), form.client_id.data, language=locale(),
                                              **typed)
        except AddressOnTheCommittee as taken:
            # Answered, and shown on this device's pages, as a saved sign-up is, so the join code does not
            # tell whose address is on the committee; the member's own record is left as it is
            member_id = taken.member_id
        message = _l("Your sign-up is updated.") if shown else _signed_up()
        if signup_id is not None:  # its news asked for at an address not confirmed yet: its owner is asked to
            message = joined(message, confirmation_asked("s", signup_id))
        response = saved(message, url_for("participate.home", code=forum.join_code))
        if None not in consents.values():  # the device knows all it sent: its copy is whole again
            response = remember_typed(response, forum, **typed)
        return _mail_link_after(response, member_id) if member_id else response
    mail_state = signup_mail_state(forum.id, shown)
    if request.method == "POST":
        return invalid(form, "participate/steering.html", forum=forum, signup=shown, resent=resent,
                       mail_state=mail_state)
    return render_template("participate/steering.html", forum=forum, form=form, signup=shown, resent=resent,
                           mail_state=mail_state)


def _mail_link_after(response, member_id: int):
    """E-mail the member their link once the answer is sent: the mail server's round trip would otherwise
    make the answer to a member's address slower than to any other."""
    app = current_app._get_current_object()
    # The requester's shares of the forum's bound, the phone's and its network's: read while the request is here
    device, network = device_or_address(), ratelimit.remote_network()

    def send():
        with app.app_context():
            try:
                mail_link_asked_for(db.session.get(SteeringSignup, member_id), device, network)
            except Exception:  # nobody is left to answer: the log is where it shows
                app.logger.exception("Could not send a committee link asked for at sign-up")

    response.call_on_close(send)
    return response


def _signed_up():
    """What a new sign-up is told; the same when its address was already a member's and nothing was saved (lazy:
    the next page says it in its language)."""
    if mail_enabled():
        return _l("Thank you for offering to help: the organizers will contact you. If this address was already on "
                  "the steering committee, nothing is changed, and its committee link, if it has one, is e-mailed "
                  "to it. So that nobody can use up the forum's e-mails by typing addresses, only a few links an "
                  "hour are e-mailed for the addresses typed on one phone or from one network: if yours does not "
                  "arrive, ask the organizers.")
    return _l("Thank you for offering to help: the organizers will contact you. If this address was already on the "
              "steering committee, nothing is changed: use the committee link the organizers sent you, or ask them.")


def withdrawal_consequence(signup) -> str:
    """What withdrawing undoes besides the sign-up: the member's committee link and their open action items' owner
    (``committee.withdraw_member``; none for a sign-up kept on the device only, ``None``); and what a committee
    member's record keeps once they left (``participation.forget_address_of_leaver``): their name, and a keyed digest
    of their address instead of it."""
    owned = len(open_items_of(signup)) if signup is not None else 0  # those withdrawing gives back
    member = signup is not None and is_committee_member(signup)
    return " ".join(sentence for sentence in (
        _("The organizers will no longer count you on the steering committee."),
        _("Your committee link will stop working.") if signup is not None and signup.committee_link_active else "",
        ngettext("Your open action item goes back to the organizers, who look for a new owner; the action plan's "
                 "history says you gave it back.",
                 "Your %(num)d open action items go back to the organizers, who look for new owners; the action "
                 "plan's history says you gave them back.", owned) if owned else "",
        _("The action plan's history keeps your name, and the forum keeps a coded trace of your address (not the "
          "address itself), so that an import of sign-ups by the organizers does not add you again. Erasing this "
          "phone's data takes that trace away too.") if member else "",
        _("You can sign up again later."),
    ) if sentence)


@blueprint.route("/p/<code>/steering-committee/withdraw", methods=["POST"])
@participant_view
def steering_withdraw(forum, participant):
    form_kwargs()  # checks the CSRF token of the form post
    shown = shown_signup(forum, participant)
    if shown is not None and not confirmed():
        signup = signup_of(forum.id, device_token())  # what withdrawing undoes is the saved sign-up's, if any
        return ask_to_confirm(
            _("Withdraw your sign-up?"), withdrawal_consequence(signup if signup and not signup.withdrawn_at else None),
            _("Withdraw my sign-up"), url_for("participate.steering", code=forum.join_code),
            layout="participate/base.html", forum=forum)
    withdraw_signup(forum.id, device_token())
    return forget_typed(saved(_l("Your sign-up is withdrawn."), url_for("participate.home", code=forum.join_code)),
                        forum)
