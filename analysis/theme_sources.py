"""What a theme analysis may start from besides the cards: a codebook, or an earlier run.

* A **codebook** is a list of codes ``{"key", "label", "description"}`` (English and/or
  French: a label or description is a text, or one per language ``{"en": …, "fr": …}``), typed
  by an organizer, imported from JSON (``{"themes": [...]}``) or CSV (columns
  ``key``, ``label``, ``description``), or carried over from last year's corrected themes.
* An **earlier run** is the JSON that ``python -m analysis themes --json`` printed
  (``{"themes": [{"id", "label", "parent"?...}], "assignments": {idea id: theme id}}``).

Both are read into plain records here; ``analysis.themes.ThemeModel`` uses them.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from analysis.io import InputError


@dataclass(frozen=True)
class Code:
    """One code of a codebook: the theme id it gives (``key``), its heading and what it covers."""

    key: str
    label: str
    description: str = ""
    labels: tuple[tuple[str, str], ...] = ()  # (language, label) when the label was given per language

    @property
    def text(self) -> str:
        return f"{self.label}. {self.description}".strip()

    def label_in(self, language: str) -> str:
        """The label in ``language`` when the codebook gave it per language, else its label."""
        return dict(self.labels).get(language) or self.label


@dataclass(frozen=True)
class EarlierTheme:
    """A theme of an earlier run: its id, label and the ideas it held (top level when no parent)."""

    id: str
    label: str
    idea_ids: tuple = ()
    parent: str | None = None


def _label_of(key: str) -> str:
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def is_plain_text(value) -> bool:
    """Whether a codebook's label or description is one text (or a number, or absent), not a text
    per language."""
    return value is None or (isinstance(value, str | int | float) and not isinstance(value, bool))


def _texts(value, number: int, field: str) -> dict[str, str]:
    """A code's ``field`` as {language: text} ("" for a plain text); raises ``InputError`` on a value
    that is neither a text nor one text per language."""
    if is_plain_text(value):
        return {"": str(value if value is not None else "").strip()}
    if isinstance(value, dict) and all(isinstance(text, str) or text is None for text in value.values()):
        return {str(language): text.strip() for language, text in value.items() if text and text.strip()}
    raise InputError(f'codebook entry {number}: its {field} must be a text or one per language, '
                     f'{{"en": "...", "fr": "..."}}')


def _code(entry: dict, number: int) -> Code:
    key = str(entry.get("key") or entry.get("id") or "").strip()
    if not key:
        raise InputError(f"codebook entry {number} has no key")
    labels = _texts(entry.get("label"), number, "label")
    label = labels.get("") or labels.get("en") or next(iter(labels.values()), "") or _label_of(key)
    # every language's words describe the code, as the app's codes do (CodebookCode.analysis_text)
    others = [text for text in labels.values() if text != label]
    description = " ".join(filter(None, [*others, *_texts(entry.get("description"), number, "description").values()]))
    return Code(key=key, label=label, description=description,
                labels=tuple((language, text) for language, text in labels.items() if language))


def codebook_from(entries) -> list[Code]:
    """Codes from ``Code`` objects, dicts with ``key`` (and ``label``, ``description``: texts, or one
    per language), or a ``{key: description}`` mapping. Raises ``InputError`` on a missing or
    repeated key or a label or description of another kind."""
    if isinstance(entries, dict) and "themes" in entries:
        entries = entries["themes"]
    if isinstance(entries, dict):
        entries = [{"key": key, "description": text} for key, text in entries.items()]
    codes, seen = [], set()
    for number, entry in enumerate(entries or (), start=1):
        if isinstance(entry, Code):
            code = entry
        elif isinstance(entry, dict):
            code = _code(entry, number)
        else:
            raise InputError(f"codebook entry {number} must be an object with a key, a label and a description")
        if code.key in seen:
            raise InputError(f"codebook key {code.key!r} is repeated")
        seen.add(code.key)
        codes.append(code)
    return codes


# What shows nothing in a key: the format characters (zero-width spaces and joiners, the direction
# marks, embeddings, overrides and isolates, the byte-order mark), the controls, the line and paragraph
# separators, lone surrogates, and the fillers and variation selectors that are letters or marks.
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zl", "Zp", "Cs"})
FILLERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"
                    + "".join(map(chr, [*range(0x180b, 0x1810), *range(0xfe00, 0xfe10), *range(0xe0100, 0xe01f0)])))


def _invisible_chars(text: str) -> list[str]:
    return [char for char in text if char in FILLERS or unicodedata.category(char) in INVISIBLE_CATEGORIES]


def key_problem(key: str, number: int) -> str | None:
    """Why codebook entry ``number``'s key cannot be a theme id, when it shows nothing or holds a
    character that shows nothing (it would look like another key, or like none)."""
    invisible = _invisible_chars(key)
    if not invisible:
        return None
    named = ", ".join(dict.fromkeys(f"U+{ord(char):04X}" for char in invisible))
    if len(invisible) == len(key.replace(" ", "")):
        return f"codebook entry {number}: its key shows nothing (only invisible characters: {named})"
    return f"codebook entry {number}: its key {key!r} holds invisible characters ({named}); retype the key"


def read_codebook(path: str | Path) -> list[Code]:
    """A codebook from a JSON file (``{"themes": [{"key", "label", "description"}]}``) or a CSV
    file with the columns ``key``, ``label``, ``description``."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        if rows and "key" not in rows[0]:
            raise InputError(f"{path}: a codebook CSV needs the columns key, label, description")
        codes = codebook_from(rows)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: not valid JSON ({error.msg})") from None
        if not isinstance(data, (dict, list)):
            raise InputError(f"{path}: a codebook is {{\"themes\": [{{\"key\", \"label\", \"description\"}}]}}")
        codes = codebook_from(data)
    if not codes:
        raise InputError(f"{path}: the codebook has no codes")
    for number, code in enumerate(codes, start=1):
        if problem := key_problem(code.key, number):
            raise InputError(f"{path}: {problem}")
    return codes


def earlier_themes(result) -> list[EarlierTheme]:
    """The themes of an earlier ``themes --json`` result (a dict), each with its ideas.

    Top-level themes take their ideas from ``assignments``; sub-themes (with ``parent``) from
    their own ``idea_ids`` when the result lists them."""
    if not isinstance(result, dict) or not isinstance(result.get("themes"), list):
        raise InputError("an earlier result is the JSON of 'themes --json': {\"themes\": [...], \"assignments\": {...}}")
    members: dict[str, list[str]] = {}
    for idea_id, theme_id in (result.get("assignments") or {}).items():
        members.setdefault(str(theme_id), []).append(str(idea_id))
    themes = []
    for entry in result["themes"]:
        if not isinstance(entry, dict) or "id" not in entry:
            raise InputError("each earlier theme needs an id")
        theme_id, parent = str(entry["id"]), entry.get("parent")
        ideas = entry.get("idea_ids") if parent is not None else members.get(theme_id, entry.get("idea_ids"))
        themes.append(EarlierTheme(id=theme_id, label=str(entry.get("label") or theme_id),
                                   idea_ids=tuple(sorted(str(i) for i in ideas or ())),
                                   parent=None if parent is None else str(parent)))
    return themes


def read_earlier_result(path: str | Path) -> dict:
    """A JSON file written by ``python -m analysis themes --json``, checked, as the dict it holds: its
    themes and assignments, and the keys of the codes it was coded with (``codebook_keys``, written
    since that run said so), which ``ThemeModel(previous=...)`` reads to tell a code added since."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON ({error.msg})") from None
    try:
        earlier_themes(data)
    except InputError as error:
        raise InputError(f"{path}: {error}") from None
    keys = data.get("codebook_keys")
    if keys is not None and not (isinstance(keys, list) and all(isinstance(key, str) for key in keys)):
        raise InputError(f"{path}: codebook_keys must be a list of codes' keys")
    return data


def read_earlier(path: str | Path) -> list[EarlierTheme]:
    """``earlier_themes`` of a JSON file written by ``python -m analysis themes --json``."""
    return earlier_themes(read_earlier_result(path))
