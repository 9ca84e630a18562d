"""Creating and configuring forums."""
from __future__ import annotations

import datetime
import re
import unicodedata

from sqlalchemy import select

from forum.database import retrying_once, writing
from forum.extensions import db
from forum.models import Choice, EvaluationQuestion, Forum, Round, StakeholderGroup, Table, Translated, User
from forum.models.base import new_short_code
from forum.services import seen_values
from forum.services.accounts import check_may_own_another_forum
from forum.services.added_once import added_by_form
from forum.services.defaults import DEFAULT_GROUPS, DEFAULT_QUESTIONS, DEFAULT_ROUNDS
from forum.services.forum_row import forum_locked

JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    while True:
        code = new_short_code(JOIN_CODE_LENGTH)
        if db.session.scalar(select(Forum.id).where(Forum.join_code == code)) is None:
            return code


KEY_LENGTH = 40
# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o",
                            "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i"})


def slugify(text: str, separator: str = "_", limit: int = KEY_LENGTH, empty: str = "item") -> str:
    """``text`` as lower-case ASCII words joined by ``separator``, for keys and file names: accents are
    dropped ("diplômes" → "diplomes"), digits kept, and a long text is cut after its last whole word
    within ``limit`` characters."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    slug = re.sub(r"[^a-z0-9]+", separator, ascii_text).strip(separator)
    if len(slug) > limit:
        words = slug[: limit + 1].rsplit(separator, 1)[0]  # slug[limit] may be the separator after a word
        slug = (words if limit // 2 <= len(words) <= limit else slug[:limit]).strip(separator)  # a long word: cut
    return slug or empty


def export_name(what: str, forum: Forum, ext: str) -> str:
    """The file name of a forum's export: ``what`` it holds, in the page's language, and the forum's code
    ("idees-K3Q9ZP.csv")."""
    return f"{slugify(what, '-', 40, 'export')}-{forum.join_code}.{ext}"


def legacy_key(text: str) -> str:
    """The key ``slugify`` made before it folded accents ("diplômes" → "dipl_mes"): a codebook keeps the
    keys it has, so an imported key is matched against the old spelling too."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:KEY_LENGTH] or "item"


def unique_key(wanted: str, taken: set[str]) -> str:
    key, n = wanted, 2
    while key in taken:
        suffix = f"_{n}"
        key, n = wanted[: KEY_LENGTH - len(suffix)] + suffix, n + 1
    return key


def move_in_order(items: list, item, up: bool) -> None:
    """Swap ``item`` with the one before it (``up``) or after it, and number the positions again."""
    items = list(items)
    index = items.index(item)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items):
        each.position = position


def create_forum(owner: User, *, name: Translated | str, date=None, venue=None, description=None,
                 languages: str = "en", table_count: int = 0, facilitators=(), client_id: str | None = None,
                 **settings) -> Forum:
    """A new forum with the default rounds, stakeholder groups and evaluation questions, and
    ``table_count`` tables (more if more ``facilitators`` are named: one table each, in order)
    (``settings``: other columns of the forum, e.g. ``report_out_limit``). A plain text name or
    description is the version in the forum's first language. The form sent again (the same
    ``client_id``) gives the forum it created the first time."""
    main_language = languages.split(",")[0]
    owner_id = owner.id

    def write() -> Forum:
        created = added_by_form(Forum, client_id, owner_id=owner_id)
        if created:
            return created
        check_may_own_another_forum(owner)
        forum = Forum(owner=owner, name=Translated.of(name, main_language), date=date, venue=venue,
                      description=Translated.of(description, main_language), languages=languages,
                      join_code=new_join_code(), client_id=client_id, **settings)
        forum.rounds = [Round(key=key, title=Translated(title, title_fr), question=Translated(question, question_fr),
                              position=i)
                        for i, (key, title, title_fr, question, question_fr) in enumerate(DEFAULT_ROUNDS)]
        forum.groups = [StakeholderGroup(key=key, name=Translated(name_en, name_fr), position=i)
                        for i, (key, name_en, name_fr) in enumerate(DEFAULT_GROUPS)]
        names = list(facilitators)
        forum.tables = [Table(number=n, facilitator_name=names[n - 1] if n <= len(names) else None)
                        for n in range(1, max(table_count, len(names)) + 1)]
        forum.questions = [
            EvaluationQuestion(key=key, kind=kind, prompt=Translated(prompt, prompt_fr), position=i,
                               choices=[Choice(value, Translated(label, label_fr)).to_json()
                                        for value, label, label_fr in choices] if choices else None)
            for i, (key, kind, prompt, prompt_fr, choices) in enumerate(DEFAULT_QUESTIONS)
        ]
        db.session.add(forum)
        return forum

    return retrying_once(write)


def settings_mark(forum: Forum, names) -> str:
    """What the settings form keeps of the settings ``names`` it showed (``seen_values.mark``)."""
    return seen_values.mark({name: getattr(forum, name) for name in names})


def update_forum(forum: Forum, seen: str | None = None, **settings) -> list[str]:
    """Change the forum's settings (name, date, venue, description, languages, report-out limit). ``seen``: the
    form's ``settings_mark`` (None: not checked); a setting someone else changed since is kept as they left it when
    this form did not change it, and refused (``seen_values.ChangedMeanwhile``) when it did, rather than silently
    undone. Returns the slots kept so ("name.fr", "date")."""
    with writing():
        forum_locked(forum.id)
        kept, marks = [], seen_values.read_mark(seen)
        if marks is not None:
            merged, kept, clashes = seen_values.merged({name: getattr(forum, name) for name in settings}, settings,
                                                       marks)
            if clashes:
                raise seen_values.ChangedMeanwhile(clashes)
            for name in settings:
                if name == "date":
                    settings[name] = datetime.date.fromisoformat(merged[name]) if merged[name] else None
                elif name == "report_out_limit":
                    settings[name] = int(merged[name])
                else:
                    settings[name] = seen_values.value_of(merged, name, settings[name])
        for name, value in settings.items():
            setattr(forum, name, value)
        return kept


def forums_of(user: User) -> list[Forum]:
    return list(db.session.scalars(select(Forum).where(Forum.owner_id == user.id).order_by(Forum.created_at.desc())))
