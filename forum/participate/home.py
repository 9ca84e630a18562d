"""Joining a forum, the participant's home, who they are, and the attendee list they share in."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum import ratelimit
from forum.errors import abort_with
from forum.flashes import joined
from forum.lazy_text import lazy_gettext as _l
from forum.participate import blueprint
from forum.participate.code_guesses import count_unknown_code, refuse_when_guessing
from forum.participate.common import (
    continued_elsewhere, form_kwargs, forum_by_code, invalid, locale, participant_view, saved,
)
from forum.participate.device import device_token, ensure_device_token
from forum.participate.forms import ContactForm, JoinForm, ProfileForm, offer_groups
from forum.participate.news_confirm import confirmation_asked, signup_mail_state
from forum.public.unsubscribe import masked
from forum.services.moved_devices import moved_away
from forum.services.news_confirm import QUEUED, SENT, message_state, waiting_for_confirmation
from forum.participate.typed_signup import shown_signup
from forum.services.participation import join as join_forum
from forum.services.participation import (
    forum_under_way, just_joined, overview, participant_of, set_contact_sharing, update_profile,
)
from forum.services.progress import progress_token
from forum.services.registrations import attendees as attendee_rows
from forum.services.reports import published_report
from forum.urls import safe_local_url


def _refuse_when_too_many_new_devices(forum_id: int, token: str) -> None:
    """Each new participant is a new device; dropping the cookie must not mint voters without end."""
    if not ratelimit.allowed("PARTICIPANT_NEW_DEVICE_LIMIT", ratelimit.remote_address(), forum_id) \
            and participant_of(forum_id, token) is None:
        ratelimit.refuse(_("Too many new phones joined this forum from this network in a short time. "
                           "Wait a few minutes, then try again."),
                         ("PARTICIPANT_NEW_DEVICE_LIMIT", ratelimit.remote_address(), forum_id))


@blueprint.route("/join", methods=["GET", "POST"])
def join():
    """Type the forum's code, or arrive from its QR code (``/join?code=XXXXXX``)."""
    ensure_device_token()
    if request.method == "POST":
        form = JoinForm()
    elif request.args.get("code"):
        form = JoinForm(formdata=request.args, meta={"csrf": False})
    else:
        return render_template("participate/join.html", form=JoinForm())
    refuse_when_guessing()
    if not form.validate():
        count_unknown_code()
        return render_template("participate/join.html", form=form), 422
    forum = forum_by_code(form.code.data)
    if forum is None:
        count_unknown_code()
        form.code.errors.append(_("No forum has this code. Check the code shown in the room and try again."))
        return render_template("participate/join.html", form=form), 404
    token = ensure_device_token()
    # a phone whose answers continue on another phone: joining again would count the person twice, unless its
    # page's "Someone else will use this phone" says it is someone else (as another browser would be)
    if (not request.new_device_token and participant_of(forum.id, token) is None and moved_away(forum.id, token)
            and not request.form.get("someone_else")):
        return continued_elsewhere(forum, refuse_posts=False)
    _refuse_when_too_many_new_devices(forum.id, token)
    participant, created = join_forum(forum.id, token, locale())
    if created:
        ratelimit.count("PARTICIPANT_NEW_DEVICE_LIMIT", ratelimit.remote_address(), forum.id)
    own_pages = url_for("participate.home", code=forum.join_code)
    next_url = request.args.get("next", "")
    if next_url.startswith(own_pages):
        return redirect(safe_local_url(next_url, own_pages))
    # A new phone is asked who it is while the forum is on; after it (someone back months later, on a new
    # phone or with the cookies cleared), it opens the forum's page: "About you" is there, optional.
    # Join tapped twice on a slow network: the phone shows the second join's answer, which found the record the
    # first made; it is the same join, and asks too (it went to the forum's page, "Who are you?" never seen).
    new_phone = created or just_joined(participant)
    return redirect(url_for("participate.about_you", code=forum.join_code)
                    if new_phone and forum_under_way(forum) else own_pages)


@blueprint.route("/p/<code>/")
@participant_view
def home(forum, participant):
    """What is open now, and after the forum what the organizers published: the report once it is
    shared and final, the progress page once it is shared (the links their news e-mail gives)."""
    published = published_report(forum)
    report_url = url_for("public.shared_report", token=published.share_token) if published else None
    progress_url = url_for("public.progress_page", token=progress_token(forum)) if forum.progress_shared else None
    shown = shown_signup(forum, participant)
    now = overview(forum, device_token(), signed_up=shown is not None)
    under_way = forum_under_way(forum, something_open=bool(now["evaluation_open"] or now["sessions"] or now["ballots"]))
    return render_template("participate/home.html", forum=forum, participant=participant, now=now,
                           report_url=report_url, progress_url=progress_url, under_way=under_way,
                           contact_state=contact_state(participant),
                           signup_mail_state=signup_mail_state(forum.id, shown))


def contact_state(participant) -> str:
    """What the contact task says the participant chose on their contact page: sharing their details, and each kind
    of news they asked for by e-mail (the report's, the progress updates'), all of it, and that it waits for them to
    confirm their address while they have not (news_confirm); or what they may choose."""
    news, progress = participant.news_consent_at is not None, participant.progress_consent_at is not None
    # the message asking them to confirm it went, is on its way, or none is (news_confirm.message_state)
    waiting = waiting_for_confirmation(participant) and message_state(participant)
    if waiting == SENT:
        if news and progress:
            mail = _("You will get an e-mail when the report is published, and news of what becomes of the ideas, "
                     "once you confirm your address: we sent a message to it.")
        elif news:
            mail = _("You will get an e-mail when the report is published once you confirm your address: we sent a "
                     "message to it.")
        else:
            mail = _("You will get news of what becomes of the ideas once you confirm your address: we sent a "
                     "message to it.")
    elif waiting:
        to_do = (_("To get the news, confirm your address first: we are sending a message to it.") if waiting == QUEUED
                 else _("Your address is not confirmed yet, and the message to confirm it could not be sent: save "
                        "your contact details again to get a new one."))
        mail = f"{_news_asked(news, progress)} {to_do}"
    else:
        mail = _news_asked(news, progress)
    if participant.shares_contact:
        return " ".join(part for part in (_("You share your contact details."), mail) if part)
    return mail or _("Choose whether to share your contact details, or to get news of the forum by e-mail")


def _news_asked(news: bool, progress: bool) -> str:
    """The news by e-mail the participant asked for."""
    if news and progress:
        return _("You will get an e-mail when the report is published, and news of what becomes of the ideas.")
    if news:
        return _("You will get an e-mail when the report is published.")
    return _("You will get news of what becomes of the ideas.") if progress else ""


@blueprint.route("/p/<code>/about-you", methods=["GET", "POST"])
@participant_view
def about_you(forum, participant):
    form = ProfileForm(obj=participant, **form_kwargs())
    offer_groups(form.group_id, forum, locale())
    if request.method == "GET":
        form.group_id.data = participant.group_id or 0
    if form.validate_on_submit():
        update_profile(participant.id, name=form.name.data, organization=form.organization.data,
                       group_id=form.group_id.data or None, language=locale())
        return saved(_l("Thank you. You can change this any time."), url_for("participate.home", code=forum.join_code))
    if request.method == "POST":
        return invalid(form, "participate/about_you.html", forum=forum)
    return render_template("participate/about_you.html", forum=forum, form=form)


@blueprint.route("/p/<code>/contact", methods=["GET", "POST"])
@participant_view
def contact(forum, participant):
    form = ContactForm(obj=participant, **form_kwargs())
    if request.method == "GET":
        # What this phone gave when signing up for the steering committee fills what the participant
        # has not given here.
        signup = shown_signup(forum, participant)
        if signup is not None and signup.details_shown:
            for field in ("name", "organization", "email"):
                if not getattr(form, field).data:
                    getattr(form, field).data = getattr(signup, field)
        form.share.data = participant.shares_contact
        form.wants_news.data = participant.news_consent_at is not None
        form.wants_progress.data = participant.progress_consent_at is not None
    if form.validate_on_submit():
        set_contact_sharing(participant.id, share=form.share.data, name=form.name.data,
                            organization=form.organization.data, email=form.email.data,
                            wants_news=form.wants_news.data, wants_progress=form.wants_progress.data)
        message = joined(_l("Thank you. Other attendees who share their details can now see yours.")
                         if form.share.data else _l("Your contact details are not shared."),
                         _l("You will get an e-mail when the report is published.") if form.wants_news.data else "",
                         _l("You will get news of what becomes of the ideas.") if form.wants_progress.data else "",
                         confirmation_asked("p", participant.id))
        return saved(message, url_for("participate.home", code=forum.join_code))
    unconfirmed = waiting_for_confirmation(participant)
    unconfirmed = masked(unconfirmed) if unconfirmed else ""
    message = message_state(participant) if unconfirmed else None  # its message went, is on its way, or none is
    if request.method == "POST":
        return invalid(form, "participate/contact.html", forum=forum, unconfirmed=unconfirmed, message=message)
    return render_template("participate/contact.html", forum=forum, form=form, unconfirmed=unconfirmed,
                           message=message)


@blueprint.route("/p/<code>/attendees")
@participant_view
def attendees(forum, participant):
    """Only those who share their own details see the others' (and never the anonymous answers)."""
    if not participant.shares_contact:
        abort_with(403, _("The attendee list is for attendees who share their own contact details. "
                          "You can choose to share yours on the contact page."))
    return render_template("participate/attendees.html", forum=forum, rows=attendee_rows(forum.id, locale()))
