"""A ``OneLine`` column holds one line (a name, a title, a label); a ``Text`` column may hold several.

Every value written to a ``OneLine`` column has its line breaks made spaces, whichever way it came (a
form, the JSON APIs, an imported file, the command line) and whichever statement writes it (the ORM,
``insert().values()``, ``update().values()``, the prebuilt statements of forum/prebuilt.py): a
browser's ``<input>`` never sends one, but a crafted request can, and a name with a line break would
add lines of its own to the plain-text mail it is written into ("Alex\\n\\nClick http://... to
confirm"), and break a CSV header or a subject. Values set through the ORM are folded as they are set
too, so that the object a request goes on reading holds what is stored.
"""
from __future__ import annotations

import dataclasses
import re

from sqlalchemy import String, TypeDecorator, event
from sqlalchemy.orm import Mapper

# CR, LF, vertical tab, form feed, NEL and Unicode's line and paragraph separators, with the spaces
# around them: what any reader may start a new line at.
LINE_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x85\u2028\u2029]+[ \t]*")


def one_line(value):
    """``value`` with each run of line breaks made one space (and, if it had any, trimmed)."""
    if (value.__class__ is str or isinstance(value, str)) and LINE_BREAKS.search(value):  # no call for a str
        return LINE_BREAKS.sub(" ", value).strip()
    return value


class OneLine(TypeDecorator):
    """``String(length)`` whose every written value is ``one_line`` (a value compared with the column,
    in a ``WHERE``, is folded as stored values are)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return one_line(value)

    def bind_processor(self, dialect):
        # TypeDecorator's own calls process_bind_param through a closure: two more Python calls for
        # each value the phones' prebuilt statements send
        inner = self.impl_instance.dialect_impl(dialect).bind_processor(dialect)
        if inner is None:
            return one_line
        return lambda value: inner(one_line(value))


def is_one_line(column) -> bool:
    return isinstance(column.type, OneLine)


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
