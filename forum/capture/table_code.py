"""The short way to a table's capture page: its code typed at ``/table`` (or ``/table/<code>``, printed
under the QR code on the table's card). Codes are short enough to guess, so wrong ones are counted
per address as the participants' join codes are, and past the limit no code is looked up."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from forum import ratelimit
from forum.capture import blueprint
from forum.extensions import db
from forum.input_filters import CODE_INPUT, compact_code
from forum.lazy_text import lazy_gettext as _l
from forum.models import Table


class TableCodeForm(FlaskForm):
    class Meta:
        csrf = False  # a look-up that writes nothing, sent by GET so that the short URL works too

    code = StringField(
        _l("Table code"), filters=[compact_code],
        # no maxlength in the page: a pasted short link would be cut to its host; the code is checked here
        render_kw={**CODE_INPUT, "maxlength": False},
        validators=[DataRequired(_l("Type the code printed on your table's card.")),
                    Length(max=12, message=_l("This code is too long."))])


def _page(form, status=200):
    return render_template("capture/table_code.html", form=form), status


@blueprint.route("/table", defaults={"code": None})
@blueprint.route("/table/<code>")
def table_code(code: str | None):
    typed = code if code is not None else request.args.get("code")
    if typed is None:
        return _page(TableCodeForm(formdata=None))
    if not ratelimit.allowed("TABLE_CODE_ADDRESS_LIMIT", ratelimit.remote_address()):
        ratelimit.refuse(_("Too many wrong codes were typed here. Wait a minute, then try again."),
                         ("TABLE_CODE_ADDRESS_LIMIT", ratelimit.remote_address()))
    form = TableCodeForm(formdata=MultiDict({"code": typed}))
    if not form.validate():
        ratelimit.count("TABLE_CODE_ADDRESS_LIMIT", ratelimit.remote_address())
        return _page(form, 422)
    token = db.session.scalar(select(Table.capture_token).where(Table.capture_code == form.code.data))
    if token is None:
        ratelimit.count("TABLE_CODE_ADDRESS_LIMIT", ratelimit.remote_address())
        form.code.errors.append(_("No table has this code. Check the code on your table's card, or ask the "
                                  "organizer for the table's link."))
        return _page(form, 404)
    response = redirect(url_for("capture.capture_page", token=token))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
