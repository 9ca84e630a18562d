"""``flask`` commands: the demo forum, CSV imports, organizer accounts and the analysis."""
from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.auth.passwords import password_problem
from forum.extensions import db
from forum.input_filters import clean_text, normal_email
from forum.models import Forum, User
from forum.operations.commands import backup_command, restore_command, send_test_mail_command, tidy_jobs_command
from forum.operations.health import health_command
from forum.services.errors import ServiceError
from forum.text_lengths import too_long
from forum.urls import at_public_url, public_url


# Any name@domain: the sign-up form's stricter check refuses the addresses of a private network
# (admin@forum.local) that an administrator may well give the first account.
AN_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")


class Refusal(click.ClickException):
    """A refusal said wholly in the language the command runs in (``force_locale``), its "Error:" too: click
    prefixes its exceptions with its own "Error:", translated only through the process-wide gettext domain,
    which knows neither --lang nor the forum's language, and shows them after the command's locale has ended."""

    def __init__(self, message: str):
        super().__init__(message)
        self.said = _("Error: %(message)s", message=message)

    def show(self, file=None) -> None:
        click.echo(self.said, err=True, file=file)


def _forum(forum_id: int) -> Forum:
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        raise click.ClickException(f"No forum with id {forum_id}.")
    return forum


def _import_forum(forum_id: int, lang: str | None) -> Forum:
    """The forum an import command imports into, an unknown one refused in ``lang`` (given as --lang), English
    without it: the forum's own language is not known."""
    with force_locale(lang or "en"):
        forum = db.session.get(Forum, forum_id)
        if forum is None:
            raise Refusal(_("No forum with id %(id)s.", id=forum_id))
    return forum


@click.command("load-demo")
@with_appcontext
def load_demo_command():
    """Create the demo organizer and the sample forum with its action plan, in a series (safe to run again)."""
    from forum.services import demo

    forum, created = demo.load_demo()
    demo.load_demo_action_plan(forum)
    demo.load_demo_analyst(forum)
    demo.load_demo_series(forum)
    click.echo(f"{'Created' if created else 'Kept'} the demo forum #{forum.id}: {forum.name.in_(forum.main_language)}")
    click.echo(f"Demo organizer login: {demo.DEMO_EMAIL} / {demo.DEMO_PASSWORD}")
    click.echo(f"Demo analyst (a co-organizer) login: {demo.DEMO_ANALYST_EMAIL} / {demo.DEMO_ANALYST_PASSWORD}")


def _import_file_arguments(command):
    """FORUM_ID PATH [--accept-valid] [--lang en|fr], the arguments of every import command."""
    forum_id = click.argument("forum_id", type=int)
    path = click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    accept_valid = click.option("--accept-valid", is_flag=True,
                                help="Import the valid rows even if some rows have problems.")
    lang = click.option("--lang", type=click.Choice(["en", "fr"]), default=None,
                        help="The language of the rows' problems and the counts (default: the forum's first).")
    return forum_id(path(accept_valid(lang(command))))


def _import_file(forum_id: int, path: Path, accept_valid: bool, lang: str | None, planner_name: str) -> None:
    from forum.services import importing

    forum = _import_forum(forum_id, lang)
    planner = getattr(importing, planner_name)
    _check_and_import(forum, path, accept_valid, lang,
                      lambda upload: planner(forum, upload.text, current_app.config["IMPORT_MAX_ROWS"],
                                             workbook=upload.sheet is not None),
                      lambda plan: importing.apply_import(forum, plan))


def _check_and_import(forum: Forum, path: Path, accept_valid: bool, lang: str | None, plan_of, apply,
                      left_out: list[str] | None = None) -> None:
    """Every import command: the file read (CSV, or an .xlsx's first visible sheet), its rows checked by
    ``plan_of(upload)`` (``importing.Upload``: the text, and the sheet of a workbook) as the import page checks
    them, the notes, the rows' problems (grouped as the page groups them) and the counts printed in ``lang``
    (None: the forum's first language), and ``apply(plan)``
    only when no row has problems and ``plan_of`` added nothing to ``left_out`` (the values of columns it leaves
    out, which the import page would have offered), or ``accept_valid``; any refusal exits with 1, nothing
    written."""
    from forum.services import importing

    with force_locale(lang or forum.main_language):
        try:
            upload = importing.read_upload(path.read_bytes(), current_app.config["IMPORT_MAX_ROWS"],
                                           current_app.config["MAX_CONTENT_LENGTH"])
            plan = plan_of(upload)
        except importing.ImportFileError as error:
            raise Refusal(" ".join([str(error), _("Nothing was imported.")])) from None
        for note in [*importing.workbook_notes(upload.sheet, upload.sheets, upload.empty_formulas), *plan.notes]:
            click.echo(note)
        groups, same_problems = plan.problem_summary()
        for said in [group.said() for group in groups] + [problems.said() for problems in same_problems]:
            click.echo(said, err=True)
        for column in left_out or []:
            click.echo(column, err=True)
        click.echo(_counts(plan))
        if plan.error_cells:
            click.echo(ngettext("%(num)d cell holding a spreadsheet error (such as #N/A) was read as empty.",
                                "%(num)d cells holding a spreadsheet error (such as #N/A) were read as empty.",
                                len(plan.error_cells)))
        if plan.problems and not accept_valid:
            raise Refusal(_("Nothing was imported. Fix the rows above, or pass --accept-valid to import only the "
                            "valid rows."))
        if left_out and not accept_valid:
            raise Refusal(_("Nothing was imported. Give the columns above a name in the file (one of the import's "
                            "columns, or any other to leave them out), or pass --accept-valid to import without "
                            "their values."))
        try:
            created = apply(plan)
        except ServiceError as error:
            raise Refusal(str(error.message)) from None
        click.echo(ngettext("Imported %(num)d.", "Imported %(num)d.", created))
        if plan.imported_at:  # the same one step back as the message after an import on the page
            undo = public_url("organize.import_undo", forum_id=forum.id, **plan.undo_arguments())
            click.echo(_("To undo this import, open (as an organizer of the forum): %(url)s", url=undo))


def _counts(plan) -> str:
    """"3 rows: 1 to import, 2 already imported, 0 with problems.", each count's words agreeing with it (French
    « 2 déjà importées », « 1 déjà importée »)."""
    return _("%(rows)s: %(valid)s, %(skipped)s, %(problems)s.",
             rows=ngettext("%(num)d row", "%(num)d rows", plan.total_rows),
             valid=ngettext("%(num)d to import", "%(num)d to import", len(plan.valid)),
             skipped=ngettext("%(num)d already imported", "%(num)d already imported", len(plan.skipped)),
             problems=ngettext("%(num)d with problems", "%(num)d with problems", len(plan.problems)))


def _import_people(forum_id: int, path: Path, accept_valid: bool, lang: str | None, kind: str) -> None:
    """A registration list or a list of steering committee sign-ups, checked as the import page checks it;
    columns named otherwise than ours (Courriel, Full name) are read by the guess the column page offers, each
    such column printed with what it was read as, and refused, naming what is missing, when the guess falls short
    (the import page then asks the organizer)."""
    from forum.services import importing, registrations

    people, planner, applier = {
        "registrations": (registrations.REGISTRATION_COLUMNS, registrations.plan_registration_import,
                          registrations.apply_registration_import),
        "signups": (registrations.SIGNUP_COLUMNS, registrations.plan_signup_import,
                    registrations.apply_signup_import)}[kind]
    from forum.organize.imports import FIELD_LABELS  # the column menus' labels of the import page

    forum = _import_forum(forum_id, lang)
    left_out: list[str] = []

    def plan_of(upload):
        text, workbook = upload.text, upload.sheet is not None
        skip = importing.title_rows(text, people.known())
        header, rows = importing.file_preview(text, current_app.config["IMPORT_MAX_ROWS"], skip)
        # A column without a name that holds values ("name" merged across the first and the last names), which
        # the import page offers to choose and the command line cannot: said, and the import held back.
        left_out.extend(_nameless_column_left_out(column, rows) for column in importing.unnamed_columns(header, rows))
        if people.named_exactly(header):
            return planner(forum, text, current_app.config["IMPORT_MAX_ROWS"], skip=skip, workbook=workbook)
        if doubt := importing.header_row_note(text, skip, people.known()):
            click.echo(doubt)
        registrations.refuse_nameless(header, people)
        columns = people.guess(header)
        # The planner checks the guess (refused, naming what is missing, when it falls short) below the title
        # rows counted here: the file is not read for them again.
        plan = planner(forum, text, current_app.config["IMPORT_MAX_ROWS"], columns, skip=skip, workbook=workbook)
        for name, field in zip(header, columns):
            if name and field != name.lower():
                click.echo(_("column “%(name)s”: read as %(field)s", name=name, field=FIELD_LABELS[kind][field])
                           if field
                           else _("column “%(name)s”: left out", name=name))
        return plan

    _check_and_import(forum, path, accept_valid, lang, plan_of, lambda plan: applier(forum, plan), left_out)


def _nameless_column_left_out(column: int, rows: list[list[str]]) -> str:
    """What the command says of column ``column`` (numbered from 1), which has no name but holds values in
    ``rows``: its number, its letter as a spreadsheet shows it, and its first value."""
    from forum.services.workbooks import column_letter

    first = next(row[column - 1].strip() for row in rows if column <= len(row) and row[column - 1].strip())
    return _("column %(number)d (%(letter)s) has no name in the file but holds values (the first: “%(value)s”): "
             "left out", number=column, letter=column_letter(column), value=first)


@click.command("import-ideas")
@_import_file_arguments
@with_appcontext
def import_ideas_command(forum_id: int, path: Path, accept_valid: bool, lang: str | None):
    """Import idea cards from a CSV file (columns: id, round, stakeholder, phase, table, text)."""
    _import_file(forum_id, path, accept_valid, lang, "plan_idea_import")


@click.command("import-evaluations")
@_import_file_arguments
@with_appcontext
def import_evaluations_command(forum_id: int, path: Path, accept_valid: bool, lang: str | None):
    """Import evaluation responses from a CSV file (one column per question key)."""
    _import_file(forum_id, path, accept_valid, lang, "plan_evaluation_import")


@click.command("import-registrations")
@_import_file_arguments
@with_appcontext
def import_registrations_command(forum_id: int, path: Path, accept_valid: bool, lang: str | None):
    """Import a registration list from a CSV or .xlsx file (columns: name, or first_name and last_name;
    organization, email, group, shares_contact yes/no)."""
    _import_people(forum_id, path, accept_valid, lang, "registrations")


@click.command("import-signups")
@_import_file_arguments
@with_appcontext
def import_signups_command(forum_id: int, path: Path, accept_valid: bool, lang: str | None):
    """Import steering committee sign-ups collected on paper or by another form, from a CSV or .xlsx file
    (columns: name, or first_name and last_name; email, required; organization, group, owner_role yes/no). An
    address already signed up, even withdrawn or removed, is skipped."""
    _import_people(forum_id, path, accept_valid, lang, "signups")


@click.command("report")
@click.argument("forum_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["html", "docx", "pdf", "md", "brief"]), default="pdf",
              show_default=True, help="brief = the one-page brief as PDF.")
@click.option("--lang", type=click.Choice(["en", "fr"]), default=None, help="Default: the report's language.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write (Markdown writes its charts into <name>_charts/ beside it).")
@with_appcontext
def report_command(forum_id: int, fmt: str, lang: str | None, output: Path):
    """Generate a forum's post-forum report (or its one-page brief) to a file."""
    from forum.services.reports import render_report, report_draft

    forum = _forum(forum_id)
    if not output.parent.is_dir():  # said before the report is built, not after
        raise click.ClickException(f"Cannot write {output}: there is no folder {output.parent}.")
    lang = lang or report_draft(forum).language
    image_dir = output.with_name(output.stem + "_charts") if fmt == "md" else None
    try:
        rendered = render_report(forum, fmt, lang, image_dir=image_dir)  # Markdown writes its charts there
        output.write_bytes(rendered.content)
    except OSError as error:  # a read-only folder, a full disk
        raise click.ClickException(f"Cannot write {error.filename or output}: {error.strerror or error}.") from None
    click.echo(f"Wrote {output} ({len(rendered.content):,} bytes, {fmt}, {lang}).")


@click.command("analyse")
@click.argument("forum_id", type=int)
@click.option("--top", default=5, show_default=True, type=click.IntRange(min=0),
              help="How many priorities to print.")
@click.option("--traceback", "show_traceback", is_flag=True,
              help="When the analysis fails, print where (the Python traceback) before the error.")
@with_appcontext
def analyse_command(forum_id: int, top: int, show_traceback: bool):
    """Run the analysis on a forum, store it and print a summary (corrections are kept)."""
    from forum.analysis_pages.rows import priority_explanation
    from forum.services import analysis_runs
    from forum.services.analysis_runs import AlreadyRunning, AnalysisNotPossible, run_analysis
    from forum.services.theme_corrections import corrected_theme_ids

    forum = _forum(forum_id)
    try:
        with _tracebacks_kept(analysis_runs.logger, show_traceback):
            run = run_analysis(forum)
    except AlreadyRunning as running:
        raise click.ClickException(f"An analysis of forum #{forum_id} is already running (run #{running.run_id}, "
                                   f"started {running.started_at:%Y-%m-%d %H:%M} UTC): nothing was started. Run "
                                   "this again once it has ended.") from None
    except AnalysisNotPossible as error:
        raise click.ClickException(str(error)) from None
    if run is None:
        raise click.ClickException(f"Forum #{forum_id} was deleted while it was analysed.")
    if run.status == "failed":
        raise click.ClickException(f"The analysis failed (run #{run.id}, nothing was changed): "
                                   f"{' '.join(run.error.split())}"
                                   + ("" if show_traceback else " (--traceback shows where)"))
    click.echo(f"Analysed {run.idea_count} cards of forum #{forum.id} in {run.seconds:.2f} s "
               f"(analysis {run.parameters['analysis_seconds']:.2f} s): {len(run.themes)} themes.")
    corrected = corrected_theme_ids(run)
    for theme in run.themes:
        kept = " (corrected)" if theme.id in corrected else ""
        click.echo(f"  {theme.size:4d}  {theme.label.in_(run.language)}{kept}")
    priorities = run.results["priorities"][:top]
    if priorities:
        click.echo("Top priorities:")
        for item in priorities:
            click.echo(f"  {item['rank']}. {item['label']} (score {item['score']:.2f}): "
                       f"{priority_explanation(item, forum, 'en')}")
    duplicates = run.results["near_duplicates"]
    suggested = run.results["stakeholder_suggestions"].values()
    unsure = sum(suggestion["group"] is None for suggestion in suggested)
    click.echo(f"{len(duplicates)} groups of near-duplicate cards; {len(suggested) - unsure} untagged cards "
               f"given a suggested group, {unsure} not sure.")


@contextmanager
def _tracebacks_kept(logger: logging.Logger, keep: bool):
    """Without ``keep``, the records ``logger`` writes with a traceback are left out (the command says
    what failed in one line); the web app's log keeps them."""
    def no_traceback(record: logging.LogRecord) -> bool:
        return record.exc_info is None

    if not keep:
        logger.addFilter(no_traceback)
    try:
        yield
    finally:
        logger.removeFilter(no_traceback)


@click.command("create-organizer")
@click.argument("email")
@click.argument("name")
@click.password_option()
@with_appcontext
def create_organizer_command(email: str, name: str, password: str):
    """Create an organizer account."""
    from forum.services.accounts import account_of, create_organizer

    email, address, name = email.strip(), normal_email(email), clean_text(name)  # messages show the email as typed
    if not AN_ADDRESS.fullmatch(address):
        raise click.ClickException(f"{email!r} is not an e-mail address (name@example.org).")
    if not name:
        raise click.ClickException("Give the organizer's name.")
    for text, column in ((address, User.email), (name, User.name)):
        if len(text) > column.type.length:
            raise click.ClickException(too_long(len(text), column.type.length))
    problem = password_problem(password)  # the same rules as the sign-up form
    if problem:
        raise click.ClickException(problem)
    if account_of(address):
        raise click.ClickException(f"An account for {email} exists already.")
    create_organizer(address, name, password)
    click.echo(f"Created organizer {email}.")


@click.command("set-password")
@click.argument("email")
@click.password_option()
@with_appcontext
def set_password_command(email: str, password: str):
    """Set an organizer's password (when mail is off); their sessions end everywhere."""
    from forum.services.accounts import account_of, change_password

    user = account_of(email)
    if user is None:
        raise click.ClickException(f"No account for {email.strip()}.")
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    change_password(user, password)
    click.echo(f"Password set for {user.email}; its sessions were ended.")


@click.command("confirm-address")
@click.argument("email")
@with_appcontext
def confirm_address_command(email: str):
    """Confirm an account's address (when mail is off, the sign-up cannot mail its link)."""
    from forum.services.accounts import account_of, confirm_address

    user = account_of(email)
    if user is None:
        raise click.ClickException(f"No account for {email.strip()}.")
    confirm_address(user)
    click.echo(f"The address {user.email} is confirmed.")


@click.command("send-reminders")
@click.option("--dry-run", is_flag=True, help="Print one line per message that would be sent; send and record nothing.")
@with_appcontext
def send_reminders_command(dry_run: bool):
    """E-mail owners their action items due within 7 days or overdue (once a day) and the steering
    committees their weekly digest (once a week). Run it daily from cron or a systemd timer."""
    from forum.mail import MailNotSent, mail_enabled
    from forum.services.mailing import deliver, switched_off_at_new_address
    from forum.services.reminders import addressee, forums_with_reminders_off, planned_mail, remember_refused

    if not dry_run and not mail_enabled():
        raise click.ClickException("Mail is off: set MAIL_SERVER (and MAIL_DEFAULT_SENDER) to send. Nothing was sent.")
    for forum in forums_with_reminders_off():
        click.echo(f"forum #{forum.id}: reminders are off (Steering committee page); nothing planned for it.")
    with at_public_url():
        outgoing = planned_mail()
        if dry_run:
            for message in outgoing:
                click.echo(f"{message.topic} ({message.period}) to {addressee(message)} "
                           f"[{message.recipient.language}]: {message.summary}")
            click.echo(f"{len(outgoing)} message(s) would be sent (dry run: nothing sent or recorded).")
            return
        try:
            delivery = deliver(outgoing)
        except MailNotSent as error:
            raise click.ClickException(f"The mail server could not be reached ({error}). Nothing was sent.") from None
    refused = remember_refused(delivery)
    # whom by role and sign-up id, never by name or address: cron mails this output, and logs keep it
    for message in delivery.sent:
        click.echo(f"sent: {message.topic} to {addressee(message)}: {message.summary}")
    for message, error in delivery.failed:
        never = " (refused for good: not tried again until the member's address changes)" if message in refused else ""
        click.echo(f"not sent: {message.topic} to {addressee(message)}: {error.without_address or error}{never}",
                   err=True)
    click.echo(f"{len(delivery.sent)} message(s) sent, {len(delivery.failed) + delivery.not_tried} not sent, "
               f"{delivery.already_sent} sent already.")
    if delivery.gone:  # the member taken off the committee meanwhile, or their record or address removed
        click.echo("1 more was not sent: the member it was for was taken off the committee, or their record or "
                   "address removed, before it was sent." if delivery.gone == 1 else
                   f"{delivery.gone} more were not sent: the members they were for were taken off the committee, or "
                   f"their records or addresses removed, before they were sent.")
    # not sent to the old address; the next run finds the new one not sent to yet, unless it switched that mail off
    switched_off = switched_off_at_new_address(delivery.moved)
    if moved := len({message.recipient.id for message in delivery.moved if message not in switched_off}):
        click.echo("1 member's address changed before their mail was sent: not sent to the old one; run "
                   "send-reminders again to send it to the new one." if moved == 1 else
                   f"{moved} members' addresses changed before their mail was sent: not sent to the old ones; run "
                   f"send-reminders again to send it to the new ones.")
    if switched := len({message.recipient.id for message in switched_off}):
        click.echo("1 member's address changed before their mail was sent: not sent to the old one, and their new "
                   "address switched that mail off (unsubscribed), so it is not sent there either."
                   if switched == 1 else
                   f"{switched} members' addresses changed before their mail was sent: not sent to the old ones, and "
                   f"their new addresses switched that mail off (unsubscribed), so it is not sent there either.")
    if delivery.failed or delivery.not_tried:
        raise click.exceptions.Exit(1)


COMMANDS = (load_demo_command, import_ideas_command, import_evaluations_command, import_registrations_command,
            import_signups_command, report_command,
            analyse_command, create_organizer_command, set_password_command, confirm_address_command,
            send_reminders_command)


def register(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(send_test_mail_command)
    app.cli.add_command(tidy_jobs_command)
    app.cli.add_command(health_command)
