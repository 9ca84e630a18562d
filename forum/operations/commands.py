"""``flask backup FILE`` and ``flask restore FILE`` (SQLite; PostgreSQL uses pg_dump: README), and
``flask send-test-mail ADDRESS`` to check the mail settings before people need them."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from forum.services.backups import BackupError, backup, restore


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path):
    """Copy the SQLite database to a new file while the app keeps serving."""
    try:
        size = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the database to {path} ({size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace the SQLite database's content by a backup made with `flask backup`."""
    if not yes:
        click.confirm("Everything saved since that backup will be lost. Restore it?", abort=True)
    try:
        size = restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the database from {path} ({size:,} bytes). Run `flask db upgrade` if the backup is "
               "older than this version of the app.")


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
                  "Password resets, invitations, reminders and the report's news are sent the same way.\n")
    except OSError as error:  # smtplib's errors too: unreachable, refused, login or STARTTLS failed
        raise click.ClickException(f"The mail server {server} did not take the message: {error}") from None
    click.echo(f"Sent a test message to {address.strip()} through {server} from {config['MAIL_DEFAULT_SENDER']}"
               f"{' (STARTTLS)' if config['MAIL_USE_TLS'] else ''}.")
