"""A ``String`` column holds one line (a name, a title, a label); a ``Text`` column may hold several.

Every value set on a ``String`` column has its line breaks made spaces, whichever way it came (a
form, the JSON APIs, an imported file, the command line): a browser's ``<input>`` never sends one,
but a crafted request can, and a name with a line break would add lines of its own to the plain-text
mail it is written into ("Alex\\n\\nClick http://... to confirm"), and break a CSV header or a subject.
"""
from __future__ import annotations

import dataclasses
import re

from sqlalchemy import String, Text, event
from sqlalchemy.orm import Mapper

# CR, LF, vertical tab, form feed, NEL and Unicode's line and paragraph separators, with the spaces
# around them: what any reader may start a new line at.
LINE_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x85\u2028\u2029]+[ \t]*")


def one_line(value):
    """``value`` with each run of line breaks made one space (and, if it had any, trimmed)."""
    if isinstance(value, str) and LINE_BREAKS.search(value):
        return LINE_BREAKS.sub(" ", value).strip()
    return value


def is_one_line(column) -> bool:
    return isinstance(column.type, String) and not isinstance(column.type, Text)


def _on_set(target, value, oldvalue, initiator):
    return one_line(value)


def _on_set_composite(target, value, oldvalue, initiator):
    # a composite (a ``Translated`` name) keeps the value it was given until it is read again from
    # the database: its columns' own events would leave what this request reads with the line breaks
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(value, **{field.name: one_line(getattr(value, field.name))
                                             for field in dataclasses.fields(value)})
    return value


@event.listens_for(Mapper, "mapper_configured")
def _keep_on_one_line(mapper, class_) -> None:
    for attribute in mapper.column_attrs:
        if len(attribute.columns) == 1 and is_one_line(attribute.columns[0]):
            event.listen(attribute.class_attribute, "set", _on_set, retval=True)
    for composite in mapper.composites:
        if all(is_one_line(column) for column in composite.columns):
            event.listen(composite.class_attribute, "set", _on_set_composite, retval=True)
