"""A forum's codebook: the only writes of its codes (typed, imported from CSV/JSON, or carried over
from a previous forum's corrected themes), and the codes as the analysis takes them."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field, replace

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.theme_sources import codebook_from, is_plain_text
from forum.database import retrying_once, writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import CodebookCode, Forum, IdeaCard, IdeaTheme, Translated
from forum.models.translated import LANGUAGES
from forum.services import seen_values
from forum.services.added_once import added_by_form
from forum.services.analysis_runs import latest_run
from forum.services.errors import ServiceError
from forum.services.forum_row import hold_forum_row
from forum.services.forums import legacy_key, slugify, unique_key
from forum.services.importing import EmptyRows, column_key, column_separator, is_excel_error, not_csv
from forum.text_input import label_as_seen, unstorable_char, visible_text

MAX_CODES = 200
CODE_FIELDS = {"label", "description", *(f"{field}_{code}" for field in ("label", "description")
                                         for code in LANGUAGES)}  # a JSON code's fields, beside its key
EXAMPLES_PER_CODE = 3  # a carried code describes its theme with its terms and this many of its cards
LABEL_MAX = 200  # the label's column
DESCRIPTION_MAX = 2000


@dataclass(frozen=True)
class CodeValues:
    """What the organizer sets on a code; an empty key is made from the label."""

    key: str | None
    label: Translated
    description: Translated = Translated()


class CodeTooLong(ServiceError):
    """A code's label or description longer than its limit (``field``: "label" or "description";
    ``language``: the text's, "en" or "fr"), refused whichever way it came in: a text is never cut
    without a word. Said as ``forum.text_lengths.too_long`` says it, naming the code."""

    def __init__(self, key: str, field: str, language: str, length: int):
        limit = LABEL_MAX if field == "label" else DESCRIPTION_MAX
        numbers = {"key": key, "length": format_decimal(length), "max": format_decimal(limit)}
        if (field, language) == ("label", "en"):
            message = _l("The English label of code %(key)s is %(length)s characters long; the limit is %(max)s.",
                         **numbers)
        elif field == "label":
            message = _l("The French label of code %(key)s is %(length)s characters long; the limit is %(max)s.",
                         **numbers)
        elif language == "en":
            message = _l("The English description of code %(key)s is %(length)s characters long; the limit is "
                         "%(max)s.", **numbers)
        else:
            message = _l("The French description of code %(key)s is %(length)s characters long; the limit is "
                         "%(max)s.", **numbers)
        super().__init__(422, message, "code_too_long")
        self.field, self.language = field, language


class CodeLabelTaken(ServiceError):
    """A label another code of the codebook has already, in the same language (case and spaces aside): two
    codes of one name would share the cards between them at random, and the themes board would show the
    name twice. ``language``: the label's, "en" or "fr"."""

    def __init__(self, code: CodebookCode, language: str):
        super().__init__(409, _l("The codebook already has a code “%(label)s” (%(key)s): change this label, or "
                                 "edit that code.", label=getattr(code.label, language), key=code.key),
                         "code_label_taken")
        self.field, self.language = "label", language


def check_label_free(forum: Forum, values: CodeValues, code: CodebookCode | None = None) -> None:
    """``CodeLabelTaken`` when another code has the label in English or in French."""
    for language in LANGUAGES:
        wanted = label_as_seen(getattr(values.label, language))
        if not wanted:
            continue
        for other in forum.codebook:
            if other is not code and label_as_seen(getattr(other.label, language)) == wanted:
                raise CodeLabelTaken(other, language)


def languages_unmatched(code: CodebookCode, languages: list[str]) -> list[str]:
    """Which of ``languages`` (the forum's) the code has no text in, label nor description: the analysis matches a
    card to a code by the words they share, so a card in such a language fits it only by chance (a code labelled
    and described in French only takes no card of an English forum)."""
    return [language for language in languages
            if not (getattr(code.label, language) or getattr(code.description, language))]


def uncoded_themes_named_like(forum: Forum, code: CodebookCode) -> list[Translated]:
    """The labels of the latest run's themes that fit no code and that one of ``code``'s labels names too (as two
    codes' labels are compared), when that run was coded with it: a French label given to last year's English code
    once the French cards became a theme of their own. A re-run moves no card, so both themes would bear the name."""
    run = latest_run(forum)
    coded = set((run.parameters or {}).get("codebook_keys") or ()) if run else set()
    if code.key not in coded:
        return []
    names = {label_as_seen(text) for text in (code.label.en, code.label.fr) if text}
    return [theme.label for theme in run.themes if theme.key not in coded and names & {
        label_as_seen(text) for text in (theme.label.en, theme.label.fr) if text}]


def codes_unmatched(forum: Forum) -> dict[str, int]:
    """How many of the forum's codes have no text in each of its languages that some code lacks
    (``languages_unmatched``): the Analysis page says so before the first run, as the codebook page does code by code."""
    counts: dict[str, int] = {}
    for code in forum.codebook:
        for language in languages_unmatched(code, forum.language_list):
            counts[language] = counts.get(language, 0) + 1
    return counts


def check_lengths(values: CodeValues, key: str) -> None:
    """``CodeTooLong`` for the first label or description (English, then French) over its limit."""
    for field, limit in (("label", LABEL_MAX), ("description", DESCRIPTION_MAX)):
        for language in LANGUAGES:
            length = len(getattr(getattr(values, field), language) or "")
            if length > limit:
                raise CodeTooLong(key, field, language, length)


def _key_for(forum: Forum, values: CodeValues, code: CodebookCode | None = None) -> str:
    taken = {c.key for c in forum.codebook if c is not code}
    if code is not None and values.key == code.key:
        return code.key  # kept as it is, even a key an older version of slugify made
    if values.key:
        key = slugify(values.key, empty="")
        if not key:
            raise ServiceError(422, _l("A key needs a letter or a digit (a to z, 0 to 9)."), "code_key_empty")
        if key in taken:
            raise ServiceError(409, _l("The codebook already has a code %(key)s.", key=key), "code_key_taken")
        return key
    return code.key if code is not None else unique_key(slugify(values.label.in_("en")), taken)


def _lock_codebook(forum: Forum) -> None:
    """Inside ``writing()``: the forum's row locked until the commit, and its codes read again, so that a
    write checking the codebook (a key or a label free) sees what a request at the same moment saved, and
    the other waits for it (two tabs could add two codes of one label)."""
    hold_forum_row(forum.id)
    db.session.scalars(select(CodebookCode).where(CodebookCode.forum_id == forum.id)
                       .execution_options(populate_existing=True)).all()
    db.session.expire(forum, ["codebook"])


def _apply(code: CodebookCode, values: CodeValues) -> None:
    code.label, code.description = values.label, values.description


def add_code(forum: Forum, values: CodeValues, client_id: str | None = None) -> CodebookCode:
    """The new code at the end; the form sent again (the same ``client_id``) gives the code it added the
    first time, rather than a second code or "key taken"."""

    def write() -> CodebookCode:
        _lock_codebook(forum)
        added = added_by_form(CodebookCode, client_id, forum_id=forum.id)
        if added:
            return added
        if len(forum.codebook) >= MAX_CODES:
            raise ServiceError(409, _l("A codebook has at most %(n)s codes.", n=MAX_CODES), "too_many_codes")
        key = _key_for(forum, values)
        check_lengths(values, key)
        check_label_free(forum, values)
        code = CodebookCode(key=key, position=len(forum.codebook), client_id=client_id)
        _apply(code, values)
        forum.codebook.append(code)
        return code

    return retrying_once(write)


def _form_fields(code: CodebookCode | CodeValues) -> dict:
    """What a code's edit form sets, field by field (``seen_values``): its label and description in each language,
    and its key."""
    return {"label": code.label, "description": code.description, "key": code.key or ""}


def code_mark(code: CodebookCode) -> str:
    """What a code's edit form keeps of what it showed (``seen_values.mark``), so that its save tells a field someone
    else changed meanwhile (kept as they left it) from one this form changed."""
    return seen_values.mark(_form_fields(code))


def saved_text(code: CodebookCode, slot: str) -> str:
    """What the code holds now in ``slot`` ("label.fr", "key"; empty: nothing)."""
    return seen_values.slots(_form_fields(code))[slot]


def update_code(forum: Forum, code: CodebookCode, values: CodeValues, seen: str | None = None) -> list[str]:
    """Save a code's form. ``seen``: the form's ``code_mark`` (None: not checked); a field someone else changed since
    is kept as they left it when this form did not change it, and refused (``seen_values.ChangedMeanwhile``) when it
    did, rather than silently undone. Returns the slots kept so ("label.fr", "key")."""
    with writing():
        _lock_codebook(forum)  # the code read again as it now stands
        kept, marks = [], seen_values.read_mark(seen)
        if marks is not None:
            mine = _form_fields(values)
            merged, kept, clashes = seen_values.merged(_form_fields(code), mine, marks)
            if clashes:
                raise seen_values.ChangedMeanwhile(clashes)
            values = CodeValues(key=merged["key"] or None,
                                label=seen_values.value_of(merged, "label", values.label),
                                description=seen_values.value_of(merged, "description", values.description))
        key = _key_for(forum, values, code)
        check_lengths(values, key)
        check_label_free(forum, values, code)
        code.key = key
        _apply(code, values)
        return kept


def delete_code(forum: Forum, code: CodebookCode) -> None:
    with writing():
        forum.codebook.remove(code)
        for position, each in enumerate(forum.codebook):
            each.position = position


def clear_codebook(forum: Forum) -> None:
    with writing():
        forum.codebook.clear()


# ---- import ------------------------------------------------------------------------------------

def read_codes(content: str, filename: str, language: str, tabular: bool = False,
               errors: list[tuple[int, str, str]] | None = None, empty: EmptyRows | None = None) -> list[CodeValues]:
    """Codes from a CSV file (columns key, label, description; label_en, label_fr, description_en,
    description_fr optional) or JSON (``{"themes": [{"key", "label", "description", ...}]}`` or a
    list of codes, or ``{key: description}``; a label or description may be one text per language,
    ``{"en": …, "fr": …}``).
    A plain label or description is the version in ``language`` (the forum's main one), or in the
    other language when the file gives that one already. Raises
    ``ServiceError`` (422) with the problem, for the whole file: nothing is half-imported. ``tabular``: the
    text is an Excel workbook's sheet (``forum.services.workbooks``), read as CSV whatever its first cell holds.
    A cell holding a spreadsheet's error in place of a value (#N/A, #VALUE!: ``importing.EXCEL_ERRORS``) is read as
    empty, as every other import reads it, and added to ``errors`` as (row, column, the error). A CSV's rows with
    nothing in them (",,,", as Excel writes a row once formatted) are no codes: passed over, and counted in
    ``empty``."""
    if not content.strip():  # not "needs the columns key, label and description": it has nothing at all
        raise _bad(_l("The file is empty."))
    if not tabular and (filename.lower().endswith(".json") or content.lstrip().startswith(("{", "["))):
        try:
            data = json.loads(content)
        except json.JSONDecodeError as error:
            raise _bad(_l("The file is not valid JSON (line %(line)s, column %(column)s).",
                          line=error.lineno, column=error.colno)) from None
        except RecursionError:
            raise _bad(_l("The file is nested too deeply to be a codebook.")) from None
        except ValueError:  # a number of more digits than Python converts
            raise _bad(_l("The file is not valid JSON (a number is too long).")) from None
        entries = _json_entries(data)
        if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
            raise _bad(_l('A JSON codebook is {"themes": [{"key": …, "label": …, "description": …}]}.'))
    else:
        reader = csv.reader(io.StringIO(content), delimiter="," if tabular else column_separator(content))
        try:
            header = next(reader, [])
            rows, found = [], []
            for number, row in enumerate(reader, start=2):  # row numbers as a spreadsheet shows them
                found += [(number, index, value.strip()) for index, value in enumerate(row) if is_excel_error(value)]
                row = ["" if is_excel_error(value) else value for value in row]
                # a row of empty cells (Excel writes one for a row once formatted) is no code
                if any(value.strip() for value in row):
                    rows.append(row)
                elif row and empty is not None:  # a blank line unsaid, as the other imports leave it
                    empty.count += 1
        except csv.Error as error:
            raise _bad(str(not_csv(error, reader.line_num))) from None
        fields = _csv_fields(header, rows)
        if errors is not None:
            errors += [(number, header[index].strip() if index < len(header) else "", value)
                       for number, index, value in found if index < len(fields) and fields[index]]
        entries = [{field: value for field, value in zip(fields, row) if field} for row in rows]
    if not entries:
        raise _bad(_l("The file has no codes."))
    if len(entries) > MAX_CODES:
        raise _bad(_l("A codebook has at most %(n)s codes.", n=MAX_CODES))
    seen = set()
    for number, entry in enumerate(entries, start=1):
        raw = str(entry.get("key") or entry.get("id") or "").strip()
        if not raw:
            raise _bad(_l("Code %(number)s of the file has no key.", number=number))
        key = slugify(raw, empty="")  # not "item": a key of invisible characters or signs only names nothing
        if not key:
            raise _bad(_l("The key of code %(number)s of the file has no letter or digit (a to z, 0 to 9).",
                          number=number))
        if char := unstorable_char(raw):  # the label made from the key would hold it
            raise _bad(_l("The key of code %(number)s of the file contains a character that cannot be stored "
                          "(%(char)s).", number=number, char=char))
        if key in seen:
            raise _bad(_l("The key %(key)s is in the file twice.", key=key))
        seen.add(key)
        for field in ("label", "description"):
            _check_kind(entry, number, field)
            _check_chars(entry, number, field)
    entries = [{name: _shown(value) for name, value in entry.items()} for entry in entries]
    codes = codebook_from(entries)  # the analysis' reading: a label made from the key when there is none
    values = [CodeValues(key=code.key,
                         label=_in_languages(entry, "label", language) or Translated.only(language, code.label),
                         description=_in_languages(entry, "description", language))
              for code, entry in zip(codes, entries)]
    for each in values:
        check_lengths(each, each.key)
    return values


# The names a spreadsheet's column of each field may have (case, accents, spaces and signs aside):
# "Key", "Clé", "Label (FR)", "Libellé_fr", "Description EN"…
CSV_NAMES = {"key": ("key", "clé", "code", "id"), "label": ("label", "libellé", "étiquette"),
             "description": ("description",)}
CSV_COLUMNS = {column_key(name + suffix): field + suffix.replace(" ", "_")
               for field, names in CSV_NAMES.items() for name in names
               for suffix in ("", *(f" {code}" for code in LANGUAGES if field != "key"))}


def _csv_fields(header: list[str], rows: list[list[str]]) -> list[str]:
    """The field each column of a CSV codebook holds ("" for an unnamed column left empty, as Excel
    writes after a last ";"). A column of another name, or cells under no name, are refused by the
    column rather than left out: their text (a "Desc" column's descriptions) would be lost without a word."""
    width = max(len(header), *(len(row) for row in rows)) if rows else len(header)
    header = [name.strip() for name in header] + [""] * (width - len(header))
    fields = [CSV_COLUMNS.get(column_key(name), "") for name in header]
    if "key" not in fields:
        raise _bad(_l("A CSV or Excel codebook needs the columns key, label and description."))
    used = [any(len(row) > number and row[number].strip() for row in rows) for number in range(width)]
    if unknown := [_("“%(column)s”", column=name) if name else _("column %(number)s", number=number + 1)
                   for number, name in enumerate(header) if not fields[number] and (name or used[number])]:
        raise _bad(_l("The columns of a CSV or Excel codebook are key, label and description (or label_en, label_fr, "
                      "description_en, description_fr); remove or rename: %(columns)s.", columns=", ".join(unknown)))
    if twice := sorted({field for field in fields if field and fields.count(field) > 1}):
        raise _bad(_l("The file has more than one column %(columns)s.", columns=", ".join(twice)))
    return fields


def _json_entries(data):
    """The codes of a JSON codebook: its ``themes``, a list, or a mapping of each key to its description
    (as the analysis reads one; a text, or one per language) or to its fields, alone or under a name.
    A file holding several named codebooks, one per coder, is refused by name."""
    if not isinstance(data, dict) or "themes" in data:
        return data.get("themes") if isinstance(data, dict) else data
    named = [value for value in data.values() if _codes_by_key(value)]
    if not _codes_by_key(data) and len(named) == len(data) == 1:  # one coder's codebook, under its name
        data = named[0]
    if _codes_by_key(data) or not data:
        return [{"key": key, "description": value} if _description(value) else {**value, "key": key}
                for key, value in data.items()]
    if len(named) == len(data):
        raise _bad(_l("The file holds %(num)s codebooks (%(names)s): import one at a time, each in its own file.",
                      num=len(data), names=", ".join(data)))
    return None


def _codes_by_key(value) -> bool:
    return isinstance(value, dict) and bool(value) and all(
        _description(each) or _made_of(each, CODE_FIELDS) for each in value.values())


def _description(value) -> bool:
    return is_plain_text(value) or _made_of(value, LANGUAGES)


def _made_of(value, names) -> bool:
    return isinstance(value, dict) and set(value) <= set(names)


def _check_kind(entry: dict, number: int, field: str) -> None:
    """A label or description is a text, or one text per language ({"en": …, "fr": …}); its
    ``<field>_en`` and ``<field>_fr`` are texts."""
    value = entry.get(field)
    per_language = isinstance(value, dict) and set(value) <= set(LANGUAGES) and \
        all(text is None or isinstance(text, str) for text in value.values())
    versions = [entry.get(f"{field}_{code}") for code in LANGUAGES]
    if (is_plain_text(value) or per_language) and all(map(is_plain_text, versions)):
        return
    if field == "label":
        raise _bad(_l('The label of code %(number)s is neither a text nor one text per language '
                      '({"en": "…", "fr": "…"}).', number=number))
    raise _bad(_l('The description of code %(number)s is neither a text nor one text per language '
                  '({"en": "…", "fr": "…"}).', number=number))


def _check_chars(entry: dict, number: int, field: str) -> None:
    """A file skips the check of typed text (``forum.text_input``): its label or description in any
    language must not hold a character no text keeps."""
    value = entry.get(field)
    texts = [*(value.values() if isinstance(value, dict) else [value]),
             *(entry.get(f"{field}_{code}") for code in LANGUAGES)]
    char = next(filter(None, (unstorable_char(text) for text in texts if isinstance(text, str))), None)
    if char is None:
        return
    if field == "label":
        raise _bad(_l("The label of code %(number)s contains a character that cannot be stored (%(char)s).",
                      number=number, char=char))
    raise _bad(_l("The description of code %(number)s contains a character that cannot be stored (%(char)s).",
                  number=number, char=char))


def _shown(value):
    """A file's text as a typed one is kept (``visible_text``): None when it shows nothing."""
    if isinstance(value, dict):
        return {language: _shown(text) for language, text in value.items()}
    return (visible_text(value) or None) if isinstance(value, str) else value


def _in_languages(entry: dict, field: str, language: str) -> Translated:
    """``<field>_en`` / ``<field>_fr`` of a file's code, or its ``field`` given per language, with a
    plain ``field`` in ``language`` or else in the language the file left empty."""
    value = entry.get(field)
    per_language = value if isinstance(value, dict) else {}
    texts = {code: _text(entry.get(f"{field}_{code}")) or _text(per_language.get(code)) for code in LANGUAGES}
    plain = None if isinstance(value, dict) else _text(value)
    if plain:
        free = [code for code in (language, *LANGUAGES) if not texts[code]]
        if free:
            texts[free[0]] = plain
    return Translated(**texts)


def _bad(message) -> ServiceError:
    return ServiceError(422, message, "bad_codebook")


def _text(value) -> str | None:
    return str(value or "").strip() or None


def _import_key(raw: str, existing) -> str:
    """The key of an imported code: the codebook's code it names (as is, or as an older ``slugify`` spelled
    it, so that keys stay what they were across re-imports), else a new key."""
    for key in (raw, slugify(raw), legacy_key(raw)):
        if key in existing:
            return key
    return slugify(raw)


def import_codes(forum: Forum, codes: list[CodeValues]) -> tuple[int, int]:
    """Add the codes; a code whose key the codebook has is replaced. Returns (added, replaced)."""
    with writing():
        _lock_codebook(forum)
        existing = {code.key: code for code in forum.codebook}
        keys = [_import_key(values.key, existing) for values in codes]
        if len(set(existing) | set(keys)) > MAX_CODES:
            raise ServiceError(409, _l("A codebook has at most %(n)s codes.", n=MAX_CODES), "too_many_codes")
        _check_labels_apart(codes, keys, existing)
        added = replaced = 0
        for values, key in zip(codes, keys):
            code = existing.get(key)
            if code is None:
                code = existing[key] = CodebookCode(key=key, position=len(forum.codebook))
                forum.codebook.append(code)
                added += 1
            else:
                replaced += 1
            _apply(code, values)
    return added, replaced


def _check_labels_apart(codes: list[CodeValues], keys: list[str], existing: dict[str, CodebookCode]) -> None:
    """Refuses (422, nothing imported) a file giving two codes one label in the same language, or a new code
    the label of a code the codebook keeps (one the file does not replace), as a typed code is refused."""
    # each label folded once (``label_as_seen``), the first code of each folded label kept: a file of MAX_CODES codes
    # is checked in one pass, not each label against every other
    taken: dict[str, dict[str, tuple[str, str]]] = {language: {} for language in LANGUAGES}
    replaced = set(keys)
    for key, code in existing.items():
        if key not in replaced:
            for language in LANGUAGES:
                label = getattr(code.label, language)
                if folded := label_as_seen(label):
                    taken[language].setdefault(folded, (key, label))
    for values, key in zip(codes, keys):
        for language in LANGUAGES:
            folded = label_as_seen(getattr(values.label, language))
            if folded and folded in taken[language]:
                other_key, label = taken[language][folded]
                raise _bad(_l("Codes %(first)s and %(second)s would have the same label “%(label)s”: give each "
                              "code its own label.", first=other_key, second=key, label=label))
        for language in LANGUAGES:
            if folded := label_as_seen(getattr(values.label, language)):
                taken[language].setdefault(folded, (key, getattr(values.label, language)))


# ---- carried over ------------------------------------------------------------------------------

def carried_codes(source: Forum) -> list[tuple[CodeValues, str, bool]]:
    """The previous forum's corrected themes (its latest analysis) as codes, each with the key of
    the theme it continues and whether a text of the organizer's had to be shortened to fit (a
    name over ``LABEL_MAX``, a code's description over ``DESCRIPTION_MAX``): label as the
    organizer left it, described by its key terms and a few of its cards, as many of their words
    as fit. Refused when the forum was never analysed."""
    run = latest_run(source)
    if run is None or not run.themes:
        raise ServiceError(409, _l("%(forum)s has no themes yet: run its analysis first.", forum=str(source.name)),
                           "no_themes")
    by_code = {code.key: code for code in source.codebook}
    examples = _examples(run)
    main = source.main_language
    carried = []
    for theme in run.themes:
        code = by_code.get(theme.key)  # a theme coded from a code keeps the code's key and wording
        label, description = (code.label, code.description) if code else (Translated(), Translated())
        label = Translated(**{lang: getattr(theme.label, lang) or getattr(label, lang) for lang in LANGUAGES})
        words = ", ".join((theme.terms or [])[:8])
        described = " ".join(filter(None, [getattr(description, main), words, *examples.get(theme.id, [])]))
        texts = {"label": label, "description": replace(description, **{main: described or None})}
        shortened = any(len(text or "") > limit for text, limit in (
            (label.en, LABEL_MAX), (label.fr, LABEL_MAX), (description.en, DESCRIPTION_MAX),
            (description.fr, DESCRIPTION_MAX)))  # the cards' words after the description are the app's own
        fitted = {field: Translated(**{lang: _shortened(getattr(value, lang), limit) for lang in LANGUAGES})
                  for (field, value), limit in zip(texts.items(), (LABEL_MAX, DESCRIPTION_MAX))}
        carried.append((CodeValues(key=theme.key if code else None, **fitted), theme.key, shortened))
    return carried


def merged_lookalikes(carried: list[tuple[CodeValues, str, bool]]) -> tuple[list[tuple[CodeValues, str, bool]],
                                                                             dict[str, list[Translated]]]:
    """``carried_codes`` with the themes whose labels look alike (``label_as_seen``, in English or in French, as a
    typed or imported code is checked: case, spaces, composed or decomposed accents and characters that show
    nothing aside) made one code: the first of them (the larger theme) keeps its key and label, and its description
    takes in the others' words and cards (as much as fits). Returns those codes and, for each code that took others
    in (by the key of the theme it continues, in their order), the labels of the themes it is made of, its own
    first."""
    kept: list[list] = []
    made_of: dict[int, list[Translated]] = {}
    by_label: dict[tuple[str, str], int] = {}
    for values, theme_key, shortened in carried:
        folded = _folded_labels(values.label)
        into = next((by_label[f] for f in sorted(folded) if f in by_label), None)
        if into is None:
            kept.append([values, theme_key, shortened])
            for f in folded:
                by_label[f] = len(kept) - 1
            continue
        first = kept[into][0]
        description = Translated(**{language: _shortened(" ".join(filter(None, (
            getattr(first.description, language), getattr(values.description, language)))) or None, DESCRIPTION_MAX)
            for language in LANGUAGES})
        kept[into][0] = replace(first, description=description)
        for f in folded:
            by_label.setdefault(f, into)
        made_of.setdefault(into, [first.label]).append(values.label)
    return [tuple(each) for each in kept], {kept[into][1]: labels for into, labels in sorted(made_of.items())}


def _shortened(text: str | None, limit: int) -> str | None:
    """``text`` cut after its last whole word within ``limit`` characters, with "…" to say so."""
    if text is None or len(text) <= limit:
        return text
    cut = text[:limit - 1]  # and "…" in the last place
    words = cut if text[limit - 1].isspace() else cut.rsplit(None, 1)[0]
    return (words if len(words) >= limit // 2 else cut).rstrip() + "…"  # a word too long: cut inside it


def _examples(run) -> dict[int, list[str]]:
    """Theme id → the texts of its representative cards (the analysis' typical ones first)."""
    texts: dict[int, list[str]] = {}
    rows = db.session.execute(select(IdeaTheme.theme_id, IdeaCard.id, IdeaCard.text)
                              .join(IdeaCard, IdeaCard.id == IdeaTheme.idea_id)
                              .where(IdeaTheme.run_id == run.id, IdeaCard.deleted_at.is_(None)))
    typical = {theme.id: list(theme.representative_ids or []) for theme in run.themes}
    by_theme: dict[int, dict[int, str]] = {}
    for theme_id, idea_id, text in rows:
        by_theme.setdefault(theme_id, {})[idea_id] = text
    for theme_id, cards in by_theme.items():
        first = [i for i in typical.get(theme_id, []) if i in cards]
        order = first + sorted(set(cards) - set(first))
        texts[theme_id] = [cards[i] for i in order[:EXAMPLES_PER_CODE]]
    return texts


def carried_rows(carried: list[tuple[CodeValues, str, bool]], source: Forum, taken: set[str],
                 start: int = 0) -> list[CodebookCode]:
    """``carried_codes`` as codebook rows, positioned from ``start``, each key unique among ``taken``
    (which grows with them)."""
    rows = []
    for position, (values, theme_key, _shortened) in enumerate(carried, start):
        key = (values.key if values.key and values.key not in taken
               else unique_key(slugify(values.label.in_("en")), taken))
        taken.add(key)
        code = CodebookCode(key=key, position=position, source_forum_id=source.id, source_theme_key=theme_key)
        _apply(code, values)
        rows.append(code)
    return rows


@dataclass(frozen=True)
class Carried:
    """What ``carry_codes`` did: how many themes were ``added`` as codes, the keys of those ``shortened`` to fit,
    the labels of the codes the codebook had that now continue a theme of the same label (``linked``: a typed
    "Mentoring" and last year's "Mentoring" are one code), those of the themes left out (``skipped``: the
    codebook's code of that label continues another theme already), and, for each code made of themes whose labels
    look alike (``merged``, as the next edition's start makes them), their labels, the one the code keeps first."""

    added: int
    shortened: list[str]
    linked: list[Translated]
    skipped: list[Translated]
    merged: list[list[Translated]] = field(default_factory=list)


def _folded_labels(label: Translated) -> set[tuple[str, str]]:
    """A label's look-alike forms (``label_as_seen``) in each language it has, as (language, folded) pairs."""
    return {(language, folded) for language in LANGUAGES if (folded := label_as_seen(getattr(label, language)))}


def carry_codes(forum: Forum, source: Forum) -> Carried:
    """Add the previous forum's corrected themes to the codebook (those not carried already), linked
    to the theme each continues so that the series page can follow it. Themes whose labels look alike are one code,
    described by them all (``merged_lookalikes``, as the next edition's start makes its codebook). A theme whose
    label looks like a code's (``label_as_seen``, in English or in French, as a typed code is checked) is not added
    beside it: a code of the forum's own (typed or imported) is linked to the theme instead, keeping its wording; a
    code continuing another theme already leaves the theme out."""
    carried, made_of = merged_lookalikes(carried_codes(source))
    with writing():
        _lock_codebook(forum)
        already = {(code.source_forum_id, code.source_theme_key) for code in forum.codebook}
        by_label: dict[tuple[str, str], CodebookCode | None] = {}
        for code in forum.codebook:
            for folded in _folded_labels(code.label):
                by_label.setdefault(folded, code)
        new, linked, skipped, taken_in = [], [], [], set()
        for each in carried:
            values, theme_key = each[0], each[1]
            if (source.id, theme_key) in already:
                continue
            folded = _folded_labels(values.label)
            alike = next((by_label[f] for f in sorted(folded) if f in by_label), False)
            if alike is False:
                new.append(each)
                taken_in.add(theme_key)
                for f in folded:
                    by_label[f] = None  # taken by a code this carry adds
            elif alike is not None and alike.source_forum_id is None:
                alike.source_forum_id, alike.source_theme_key = source.id, theme_key
                already.add((source.id, theme_key))
                linked.append(alike.label)
                taken_in.add(theme_key)
            else:
                skipped.append(values.label)
        if len(forum.codebook) + len(new) > MAX_CODES:
            raise ServiceError(409, _l("A codebook has at most %(n)s codes.", n=MAX_CODES), "too_many_codes")
        rows = carried_rows(new, source, {code.key for code in forum.codebook}, len(forum.codebook))
        forum.codebook.extend(rows)
    return Carried(len(new), [row.key for row, (_values, _key, shortened) in zip(rows, new) if shortened],
                   linked, skipped, [labels for theme_key, labels in made_of.items() if theme_key in taken_in])
