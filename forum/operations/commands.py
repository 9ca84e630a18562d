"""``flask backup FILE`` and ``flask restore FILE`` (SQLite; PostgreSQL uses pg_dump: README),
``flask send-test-mail ADDRESS`` to check the mail settings before people need them, and ``flask tidy-jobs``
(daily, from cron) for the background jobs' rows."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from forum.config import INSTANCE_DIR
from forum.operations.schema import ALLOW_NEWER, ANY_SCHEMA_COMMANDS, migrations
from forum.services.backups import BackupError, backup, holds_data, restore


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path):
    """Copy the SQLite database to a new file while the app keeps serving."""
    try:
        size = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path, current_app.config["SECRET_KEY"])
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the database to {path} ({size:,} bytes).")
    click.echo(f"Keep a copy of {_where_the_key_is()} with your backups (once: it does not change). The links "
               "people were given (committee members', the progress page, invitations, unsubscribe links) are "
               "signed with it: restored on another machine without it, they no longer open.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace the SQLite database's content by a backup made with `flask backup`."""
    try:
        has_data = holds_data(current_app.config["SQLALCHEMY_DATABASE_URI"])
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    if not has_data:
        click.echo("The database holds no data yet (a new installation): nothing will be lost.")
    elif not yes:
        click.confirm("Everything saved since that backup will be lost. Restore it?", abort=True)
    try:
        restored = restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path, current_app.config["SECRET_KEY"])
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the database from {path} ({restored.size:,} bytes).")
    head, older = migrations()
    if restored.revision == head:
        click.echo("Its schema is this version's: the app can start on it.")
    elif restored.revision is None or restored.revision in older:
        click.echo(f"Its schema is older than this version's (revision {restored.revision}, this version's is {head}): "
                   "run `flask db upgrade` before starting the app (until then every page answers 503, "
                   f"\"being updated\", and {_other_commands_refuse()}).")
    else:
        click.echo(f"Warning: it was made by a newer version of the app (revision {restored.revision} is not one of "
                   "this version's migrations): update this installation's code to that version before starting "
                   "the app, or restore a backup made by this one. Until then every page answers 503 saying so, "
                   f"and {_other_commands_refuse()} (a developer switching branches can serve it and run them anyway "
                   f"with {ALLOW_NEWER}=true).", err=True)
    key = _where_the_key_is()
    if restored.same_key is False:
        click.echo(f"Warning: the backup was made with another secret key than this installation's ({key}). The links people were given "
                   "(committee members', the progress page, invitations, unsubscribe links) will not open here "
                   "until this installation has that key: copy the instance/secret_key file of the installation "
                   "that made the backup here (or set SECRET_KEY to its key), then start the app.", err=True)
    elif restored.same_key is None:
        click.echo(f"The backup does not say which secret key signed its links. If it was made on another "
                   f"installation, give this one that installation's key (its instance/secret_key file, or its "
                   f"SECRET_KEY) instead of {key} before starting the app, or the links people were given "
                   f"(committee members', the progress page, invitations, unsubscribe links) will not open.")


def _other_commands_refuse() -> str:
    """Which ``flask`` commands refuse to run on a database at another version's schema, as pages answer 503 on it
    (forum/operations/schema.py): all but those that run on any schema, the ways out."""
    names = [f"`flask {name}`" for name in sorted(ANY_SCHEMA_COMMANDS)]
    return (f"the app's `flask` commands refuse to run on it, all but {', '.join(names[:-1])} and {names[-1]}, "
            "saying so and doing nothing")


def _where_the_key_is() -> str:
    """Where this installation's secret key comes from, in the operator's words."""
    key_file = INSTANCE_DIR / "secret_key"
    if key_file.exists() and key_file.read_text().strip() == current_app.config["SECRET_KEY"]:
        return f"the secret key file {key_file}"
    return "the SECRET_KEY setting"


@click.command("send-test-mail")
@click.argument("address")
@with_appcontext
def send_test_mail_command(address: str):
    """Send a short message through the MAIL_* settings, to check them."""
    from forum.mail import mail_enabled, send_mail

    config = current_app.config
    if not mail_enabled():
        raise click.ClickException("Mail is off: set MAIL_SERVER (and MAIL_PORT, MAIL_DEFAULT_SENDER) first.")
    server = f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    try:
        send_mail(address.strip(), "Forum Workbench: test message",
                  f"This message checks the mail settings of Forum Workbench at {config['PUBLIC_URL']}.\n"
                  "Password resets, invitations, reminders and the report's news are sent the same way.\n",
                  who="the test message of flask send-test-mail")
    except OSError as error:  # smtplib's errors too: unreachable, refused, login or STARTTLS failed
        raise click.ClickException(f"The mail server {server} did not take the message: {error}") from None
    click.echo(f"Sent a test message to {address.strip()} through {server} from {config['MAIL_DEFAULT_SENDER']}"
               f"{' (STARTTLS)' if config['MAIL_USE_TLS'] else ''}.")


@click.command("tidy-jobs")
@with_appcontext
def tidy_jobs_command():
    """Mark failed the background jobs whose worker died or that are no longer in their queue, and delete the finished
    ones older than JOB_KEPT_DAYS (each forum's latest of each kind and report files still offered are kept), the
    report charts kept more than a day, and the codes to continue on another phone past their keeping (a day after
    expiring unused, a month after use)."""
    from forum.services.device_moves import USED_KEPT, prune_finished_moves
    from forum.services.jobs import tidy_jobs

    failed, pruned = tidy_jobs()
    click.echo(f"{failed} job(s) whose worker stopped or no longer in their queue marked failed; {pruned} finished "
               f"job(s) older than their keeping ({current_app.config['JOB_KEPT_DAYS']} days, a week for one "
               "person's mail) deleted.")
    moves = prune_finished_moves()
    click.echo(f"{moves} code(s) to continue on another phone deleted (unused a day past expiry, or used more than "
               f"{USED_KEPT.days} days ago).")
