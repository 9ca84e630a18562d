"""Text preparation for idea cards in English and French.

``TextPreprocessor`` is fitted on a forum's texts and turns each text into weighted terms:

* **clean-up**: HTML entities and tags are removed, curly quotes and dashes normalised;
* **language** per text (``"en"`` or ``"fr"``) from the share of English and French
  function words, falling back to the corpus majority when a text has none;
* **tokens** from a regular expression (no nltk data needed), **stop words** from
  scikit-learn's English list and a French list kept here, **Snowball stemming** in the
  text's language;
* **acronyms**: all-caps tokens of 2-5 letters with an optional plural ``s`` (``ITPs``,
  ``SPOs``, ``PINs``) are kept as terms, upper case and singular (``ITP``), unless the
  same word also appears in lower case in the corpus (then ``KEY`` is just shouting);
* **phrases**: pairs of adjacent content words that the corpus itself uses together
  often (in at least ``min_phrase_count`` texts, normalised PMI at least
  ``min_phrase_npmi``) become an extra term such as ``job shadowing``;
* **headings**: a short prefix before ``:`` that repeats across cards
  ("Training/Programs: ...") is a heading the note-taker added; its terms get
  ``heading_weight`` (default 0.5) so it does not dominate the clustering;
* **display forms**: every term maps back to its most frequent surface words, so labels
  read as words ("job shadowing", not "job_shadow").

A fit parses its texts once, as arrays (``analysis.parsed_corpus``), and keeps their terms:
``find_near_duplicates`` given the themes' fitted preprocessor (``ThemeModel.preprocessor_``)
reuses them instead of parsing the same ideas again (``fitted_on``, ``fitted_term_arrays``).

Nothing here touches nltk data: stemming uses the ``snowballstemmer`` package, or nltk's
``SnowballStemmer`` (no data needed) when that is missing, imported lazily.
"""
from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from itertools import chain

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis.parsed_corpus import ParsedCorpus

FRENCH_STOP_WORDS = frozenset(
    """
    a à afin ai aie aient aies ait alors as au aucun aucune aupres auprès aura aurai auraient
    aurais aurait auras aurez auriez aurons auront aussi autre autres aux avaient avais avait
    avant avec avez aviez avions avoir avons ayant ayez ayons c ça car ce ceci cela celle celles
    celui ces cet cette ceux chaque chez ci comme comment d dans de des donc dont du elle elles
    en encore entre es est et été étaient étais était étant êtes étions être eu eue eues eurent
    eus eut eux fait faire fois font hors il ils j je jusqu jusque l la là le les leur leurs lui
    m ma mais me même mêmes mes moi mon n ne ni non nos notre nous on ont ou où par parce pas
    peu peut peuvent plus pour pourquoi qu quand que quel quelle quelles quels qui quoi s sa
    sans se sera serai seraient serais serait seras serez seriez serons seront ses si sien
    soi soient sois soit sommes son sont sous soyez soyons suis sur t ta te tes toi ton tous
    tout toute toutes très tu un une unes uns vers vos votre vous y etc ex afin ainsi
    cela celui dès lors tandis toujours déjà beaucoup
    """.split()
)

_ENGLISH_MARKERS = frozenset(
    "the and of to in for with is are on that this be as by from or at an it not they their "
    "have has more can should need".split()
)
_FRENCH_MARKERS = frozenset(
    "le la les des du de et est pour dans une un sur avec sont au aux ce cette qui que pas "
    "plus leur leurs ou par nous il elle doit".split()
)

_TAG = re.compile(r"<[^>]{0,200}>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
# a letter, then letters and digits, an apostrophe only between a letter before and one after
_TOKEN = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W\d_][^\W_]*)*", re.UNICODE)
_ACRONYM = re.compile(r"^([A-Z]{2,5})(s?)$")
_BREAK = re.compile(r"[.;:!?()\[\]{}\"“”/>|•\n]+|\s[-–—]\s|,")
# tokens and breaks in text order, in one pass (a token never contains a break's characters)
_PIECES = re.compile(f"{_TOKEN.pattern}|{_BREAK.pattern}", re.UNICODE)
# (and the end of a text, in many texts joined by NUL characters: NUL is neither a token's nor a break's)
_PIECES_OR_END = re.compile(f"{_PIECES.pattern}|\x00", re.UNICODE)
SPANS_CACHE_SIZE = 20_000  # texts whose spans a fitted preprocessor remembers
_BREAK_OR_STOP = object()  # a piece that ends a chunk
_HEADING = re.compile(r"^\s*([^:\n]{2,60}?)\s*:\s+(\S.*)$", re.DOTALL)
_ACCENTS = re.compile("[éèêàçùûôîœÉÈÊÀÇ]")
_HYPHENATED = re.compile(r"([^\W\d_]+)-(?=([^\W\d_]+))")
_TITLE_RUN = re.compile(r"[^\W\d_A-Z][\w']* +([A-Z][^\W\d_A-Z]+) +([A-Z][^\W\d_A-Z]+)")
_TWO_CAPITALS = re.compile(r" [A-Z][^\W\d_A-Z]+ +[A-Z]")  # a quick test that a text may hold a Title Case run
_CAPITALS = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ"
_LOWER = f"[^\\W\\d_{_CAPITALS}]"
# a capitalised word after a lower-case letter and before a lower-case word (the capital first: the
# search then skips to capitals); the word before must start in lower case too, see ``_names``
_CAPITAL_AFTER_LOWER = re.compile(f"[{_CAPITALS}](?<={_LOWER} .){_LOWER}+(?= +{_LOWER})")
_ODD_SEPARATOR = re.compile(r"[^\s\-'&]")
_WHITESPACE = re.compile(r"\s+")
_ELISION = re.compile(r"^(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)

MAX_HEADING_WORDS = 8


_HEADING_MARK = -1.0  # the weight that marks a repeating heading's terms until a weight is chosen


def term_arrays(docs) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Lists of ``(term, weight)`` as arrays: ``(terms, term id of each occurrence, its weight,
    occurrences per text)``, terms numbered in order of first occurrence."""
    ids = {}
    lengths = np.fromiter((len(terms) for terms in docs), dtype=np.int64, count=len(docs))
    total = int(lengths.sum())
    term_ids = np.fromiter((ids.setdefault(term, len(ids)) for terms in docs for term, _ in terms), dtype=np.int64,
                           count=total)
    weights = np.fromiter((weight for terms in docs for _, weight in terms), dtype=np.float64, count=total)
    return list(ids), term_ids, weights, lengths


def term_lists(arrays) -> list[list[tuple[str, float]]]:
    """``term_arrays`` back as each text's ``(term, weight)`` list."""
    terms, term_ids, weights, lengths = arrays
    flat = [(terms[i], w) for i, w in zip(term_ids.tolist(), weights.tolist())]
    ends = np.cumsum(lengths).tolist()
    return [flat[end - length:end] for end, length in zip(ends, lengths.tolist())]


def _pair_name(terms, key: int) -> str:
    """The phrase term of a ``ParsedCorpus`` pair key."""
    return f"{terms[key // len(terms)]} {terms[key % len(terms)]}"


def texts_digest(texts) -> str:
    """A fingerprint of a sequence of texts (to tell whether a fit saw exactly these)."""
    import hashlib

    texts = list(texts)
    joined = "\x00".join(texts) + "\x00" if texts else ""  # each text and a NUL, hashed in one update
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def clean_text(text: str) -> str:
    """Plain text: HTML unescaped and tags removed, quotes and dashes normalised."""
    text = html.unescape(str(text or ""))
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:  # (the pattern is slow to scan)
        text = _SPACES.sub(" ", text)
    return text.strip()


_EXTRA_ENGLISH = frozenset({"eg", "ie", "etc", "e", "g", "i", "s", "t", "vs", "via"})
_ENGLISH_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | _EXTRA_ENGLISH


def english_stop_words() -> frozenset:
    """scikit-learn's ``ENGLISH_STOP_WORDS`` plus a few abbreviations."""
    return _ENGLISH_STOP_WORDS


def detect_language(text: str, default: str = "en", cleaned: bool = False, words=None) -> str:
    """``"fr"`` or ``"en"`` from the share of each language's common function words (and
    accents); ``words``: the text's tokens when already found (or its ``_PIECES``: breaks never
    vote). ``_languages`` decides the same for a whole corpus at once."""
    if words is None:
        words = _TOKEN.findall(text if cleaned else clean_text(text))
    en = fr = 0
    for w in words:
        vote = _language_vote(w)
        if vote == 1:
            en += 1
        elif vote == 2:
            fr += 1
    accents = len(_ACCENTS.findall(text))
    fr += 0.5 * min(accents, 4)
    if en == fr:
        return default
    return "fr" if fr > en else "en"


def _language_vote(word: str) -> int:
    """1 for an English function word, 2 for a French one, else 0."""
    word = word.lower()
    if "'" in word:
        word = _ELISION.sub("", word)
    return 1 if word in _ENGLISH_MARKERS else 2 if word in _FRENCH_MARKERS else 0


def _names(texts) -> set[str]:
    """Lower-case forms of the words written capitalised between two lower-case words ("to Boston
    every day"): mid-sentence, such a word is a name."""
    joined = "\n".join(texts)
    names = set()
    for match in _CAPITAL_AFTER_LOWER.finditer(joined):
        previous_word = max(joined.rfind(" ", 0, match.start() - 1), joined.rfind("\n", 0, match.start() - 1)) + 1
        if joined[previous_word].islower():
            names.add(match.group().lower())
    return names


_NAME_RUN = re.compile(r"(?<=[a-z,] )[A-Z][^\W_]*(?:['’]s)?(?: [A-Z][^\W_]*)+")
_NAME_SEGMENT = re.compile(r"[^\w\s'’]+|\n")  # a name never runs across punctuation nor texts
MAX_NAME_WORDS = 4


def _name_phrases(texts) -> dict[tuple, tuple]:
    """Names of two words or more as English texts write them ("Green Line", "South Station",
    "Mass Ave"), lower-case words -> words as written: runs of capitalised words written at
    least twice mid-sentence (after a lower-case word) and capitalised in at least two thirds
    of their uses. Their words are common ("green", "line", "station"), so the single-word
    test of ``_names`` cannot tell them; a heading keeps such a name's capitals."""
    joined = "\n".join(texts)
    runs = Counter()
    for match in _NAME_RUN.finditer(joined):
        words = match.group().split()
        for start in range(len(words) - 1):
            for end in range(start + 2, min(len(words), start + MAX_NAME_WORDS) + 1):
                runs[tuple(words[start:end])] += 1
    candidates = {}
    for words, count in runs.items():
        if count >= 2:
            candidates.setdefault(tuple(w.lower() for w in words), set()).add(words)
    if not candidates:
        return {}
    # every use of a candidate, as written, in one pass over the texts' words
    firsts = {lower[0] for lower in candidates}
    uses, every = Counter(), Counter()
    for segment in _NAME_SEGMENT.split(joined):
        words = segment.split()
        lowers = [w.lower() for w in words]
        for start, first in enumerate(lowers):
            if first not in firsts:
                continue
            for end in range(start + 2, min(len(words), start + MAX_NAME_WORDS) + 1):
                lower = tuple(lowers[start:end])
                if lower in candidates:
                    uses[tuple(words[start:end])] += 1
                    every[lower] += 1
    names = {}
    for lower, forms in candidates.items():
        for words in sorted(forms):
            if 3 * uses[words] >= 2 * every[lower]:
                names[lower] = words
                break
    return names


def _text_pieces(text: str) -> tuple[str, list[str], list[str]]:
    """A cleaned text's heading and the ``_PIECES`` of its heading and of the rest."""
    head, body = split_heading(text)
    return head, _PIECES.findall(head) if head else [], _PIECES.findall(body)


def _piece_codes(texts) -> tuple[list[str], list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The cleaned texts' headings and ``_PIECES`` as arrays: ``(heading of each text, distinct
    pieces, each piece's number among them, its text's number, whether it is in the body)``,
    pieces in text order, heading first. One regular-expression pass over all the texts."""
    parts = [part.replace("\x00", "\x01") for text in texts for part in split_heading(text)]  # \x01 splits as \x00 did
    flat = _PIECES_OR_END.findall("\x00" + "".join(part + "\x00" for part in parts))
    distinct = list(dict.fromkeys(flat))  # "\x00" first
    number = {piece: i for i, piece in enumerate(distinct)}
    codes = np.fromiter(map(number.__getitem__, flat), dtype=np.int64, count=len(flat))
    lengths = np.diff(np.flatnonzero(codes == 0)) - 1  # pieces of each heading and body in turn
    part = np.repeat(np.arange(len(parts)), lengths)
    return parts[::2], distinct[1:], codes[codes > 0] - 1, part // 2, part % 2 == 1


def _languages(n_texts, distinct, codes, text) -> list[str]:
    """``detect_language`` of each text from its pieces (``_piece_codes``), "" when undecided."""
    votes = np.array([_language_vote(piece) for piece in distinct], dtype=np.int64)[codes]
    en = np.bincount(text, weights=votes == 1, minlength=n_texts)
    fr = np.bincount(text, weights=votes == 2, minlength=n_texts)
    # every letter of a text is in one of its pieces, accented letters too
    accents = np.array([len(_ACCENTS.findall(piece)) for piece in distinct], dtype=np.float64)[codes]
    fr = fr + 0.5 * np.minimum(np.bincount(text, weights=accents, minlength=n_texts), 4)
    return np.where(en == fr, "", np.where(fr > en, "fr", "en")).tolist()


def clause_words(text: str) -> list[list[str]]:
    """A text's clauses (split at punctuation) as lists of words as written."""
    return [_TOKEN.findall(part) for part in _BREAK.split(clean_text(text))]


def split_heading(text: str) -> tuple[str, str]:
    """``("Career Advancement", "rest")`` for a short prefix before ``:``; ``("", text)`` otherwise."""
    match = _HEADING.match(text) if ":" in text else None
    if not match:
        return "", text
    head, rest = match.group(1).strip(), match.group(2).strip()
    if len(head.split()) > MAX_HEADING_WORDS or not rest or re.search(r"https?$", head, re.I):
        return "", text
    return head, rest


def heading_key(head: str) -> str:
    return re.sub(r"\W+", " ", head.lower()).strip() if head else ""


def _new_snowball(language: str):
    """A new Snowball stemming function for ``"en"``/``"fr"``.

    Uses the ``snowballstemmer`` package (the Snowball project's own, imports in
    milliseconds; it runs PyStemmer's C stemmers, same stems, when that is installed), else
    nltk's ``SnowballStemmer`` (needs no nltk data but importing nltk takes about a second).
    """
    name = "french" if language == "fr" else "english"
    try:
        import snowballstemmer

        return snowballstemmer.stemmer(name).stemWord
    except ImportError:  # pragma: no cover - depends on the environment
        from nltk.stem.snowball import SnowballStemmer

        return SnowballStemmer(name).stem


_thread_stemmers = threading.local()


def snowball(language: str):
    """The Snowball stemming function for ``"en"``/``"fr"`` of the calling thread.

    A Snowball stemmer keeps the word it works on in its own state, so one stemmer is never
    shared between threads (the app serves requests from several); each thread builds its
    own on first use and keeps it.
    """
    stemmers = getattr(_thread_stemmers, "by_language", None)
    if stemmers is None:
        stemmers = _thread_stemmers.by_language = {}
    stem = stemmers.get(language)
    if stem is None:
        stem = stemmers[language] = _new_snowball(language)
    return stem


class _Stemmers:
    """Stems of the words a fit has seen (``snowball``'s stemmers, no nltk data involved)."""

    def __init__(self):
        self._cache = {}

    def stem(self, word: str, language: str) -> str:
        key = (word, language)
        if key not in self._cache:
            self._cache[key] = snowball(language)(word)
        return self._cache[key]


class TextPreprocessor(BaseEstimator):
    """Fitted on a corpus; ``transform`` gives each text a list of ``(term, weight)``.

    Parameters are stored as given (scikit-learn style); learned attributes end in ``_``:
    ``language_`` (corpus majority), ``headings_`` (repeating heading keys),
    ``acronyms_``, ``phrases_`` (set of ``"a b"`` stem pairs) and ``display_`` (term ->
    display form).
    """

    def __init__(
        self,
        heading_weight: float = 0.5,
        min_heading_count: int = 2,
        min_phrase_count: int = 2,
        min_phrase_npmi: float = 0.3,
        phrases: bool = True,
        min_token_length: int = 2,
        keep_agent_nouns: bool = True,
    ):
        self.heading_weight = heading_weight
        self.min_heading_count = min_heading_count
        self.min_phrase_count = min_phrase_count
        self.min_phrase_npmi = min_phrase_npmi
        self.phrases = phrases
        self.min_token_length = min_token_length
        self.keep_agent_nouns = keep_agent_nouns

    def _stem(self, word: str, language: str) -> str:
        key = (word, language)
        cached = self._stem_cache_.get(key)
        if cached is None:
            cached = self._stem_cache_[key] = self._stem_uncached(word, language)
        return cached

    def _stem_uncached(self, word: str, language: str) -> str:
        stem = self._stemmers_.stem(word, language)
        if self.keep_agent_nouns and language == "en" and len(word) > 5 and word.endswith(("er", "ers")):
            # English Snowball maps "employer", "employment" and "employ" to one stem; who
            # does something ("employers", "providers", "managers") is kept apart from it
            base = word[:-3] if word.endswith("ers") else word[:-2]
            if not stem.endswith("er") and self._stemmers_.stem(base, language) == stem:
                return stem + "er"
        return stem

    # -- tokens -----------------------------------------------------------------
    def _chunks(self, pieces: list[str], language: str) -> list[list[tuple[str, str]]]:
        """Runs of ``(term, surface)`` between punctuation and stop words, from a text's ``_PIECES``."""
        known = self._pieces_[language]
        get = known.get
        entries = [get(piece) or self._new_piece(piece, language) for piece in pieces]
        chunks, start = [], 0
        for end in [i for i, entry in enumerate(entries) if entry is _BREAK_OR_STOP]:
            if end > start:
                chunks.append(entries[start:end])
            start = end + 1
        if start < len(entries):
            chunks.append(entries[start:])
        return chunks

    def _new_piece(self, piece: str, language: str):
        """The entry of a piece first seen in this language, remembered."""
        entry = self._pieces_[language][piece] = self._piece(piece, language)
        return entry

    def _piece(self, piece: str, language: str):
        """A token's ``(term, surface)``, or ``_BREAK_OR_STOP`` for a break or a stop word."""
        if _BREAK.fullmatch(piece):
            return _BREAK_OR_STOP
        token = piece.replace("’", "'")
        if "'" in token:
            if token.lower().endswith("n't"):
                return _BREAK_OR_STOP  # "doesn't", "can't": English negated auxiliaries
            elided = _ELISION.sub("", token)
            token = elided if elided != token else token.split("'")[0]
        lower = token.lower()
        acronym = self._acronym(token, lower)
        if acronym:
            return acronym, acronym
        stop = self._stop_en_ if language == "en" else self._stop_fr_
        if lower in stop or len(lower) < self.min_token_length:
            return _BREAK_OR_STOP
        return self._stem(lower, language), lower

    def _acronym(self, token: str, lower: str) -> str | None:
        """The acronym a token writes ("ITPs", and "itps" where the corpus writes it in capitals
        more often), or None."""
        match = _ACRONYM.match(token)
        if match and match.group(1).lower() not in self._not_acronyms_:
            return match.group(1)
        written = self._acronym_of_
        return written.get(lower) or (written.get(lower[:-1]) if lower.endswith("s") else None)

    def _parse(self, text: str, default_language: str):
        text = clean_text(text)
        head, head_pieces, body_pieces = _text_pieces(text)
        language = detect_language(text, default_language, cleaned=True, words=chain(head_pieces, body_pieces))
        return self._parsed(head, head_pieces, body_pieces, language)

    def _parsed(self, head, head_pieces, body_pieces, language):
        return heading_key(head), self._chunks(head_pieces, language), self._chunks(body_pieces, language), language

    # -- fit / transform ----------------------------------------------------------
    def fit(self, texts):
        texts = list(texts)
        self._fit_texts(texts)
        self.texts_digest_ = texts_digest(texts)
        return self

    def _fit_texts(self, texts):
        texts = [clean_text(t) for t in texts]
        self._stemmers_ = _Stemmers()
        self._stem_cache_ = {}
        self._spans_cache_ = {}
        self._pieces_ = {"en": {}, "fr": {}}
        self._stop_en_ = english_stop_words()
        self._stop_fr_ = FRENCH_STOP_WORDS
        # the texts are split into pieces once: their languages and the corpus' words come from
        # them first, then (with the corpus' lower-case words known, for acronyms) their terms
        heads, distinct, codes, text, in_body = _piece_codes(texts)
        heads = [heading_key(head) for head in heads]
        languages = _languages(len(texts), distinct, codes, text)
        counts = Counter(lang for lang in languages if lang)
        self.language_ = "fr" if counts["fr"] > counts["en"] else "en"
        self.languages_ = [lang or self.language_ for lang in languages]
        vocabulary = {w for w in distinct if not _BREAK.fullmatch(w)}
        self._lower_words_ = {w for w in vocabulary if w.islower()}
        # words written in Title Case runs mid-sentence ("... by Regulatory Bodies")
        self._title_words_ = {w.lower() for t in texts if _TWO_CAPITALS.search(t)
                              for pair in _TITLE_RUN.findall(t) for w in pair}
        self._learn_acronyms(texts, vocabulary)
        self._names_ = _names(texts) - self._lower_words_
        self._name_phrases_ = _name_phrases([t for t, lang in zip(texts, self.languages_) if lang == "en"])
        self._learn_terms(texts, heads, distinct, codes, text, in_body)
        return self

    def _learn_terms(self, texts, heads, distinct, codes, text, in_body):
        """Repeating headings, phrases, display forms and the fitted texts' terms, from the pieces
        (``_piece_codes``)."""
        entries, entry_of = self._entries(distinct, codes, text)
        terms = list(dict.fromkeys(term for term, _ in entries))
        term_number = {term: number for number, term in enumerate(terms)}
        corpus = ParsedCorpus.of(entry_of, text, in_body, np.array([term_number[t] for t, _ in entries], dtype=np.int64),
                                 len(texts))
        heading_counts = Counter(heads)
        self.headings_ = {h for h, c in heading_counts.items() if h and c >= self.min_heading_count}
        phrase_pairs = (corpus.phrase_pairs(len(terms), self.min_phrase_count, self.min_phrase_npmi) if self.phrases
                        else np.zeros(0, dtype=np.int64))
        self.phrases_ = {_pair_name(terms, key) for key in phrase_pairs.tolist()}
        phrase_at = corpus.phrase_positions(phrase_pairs, len(terms))
        self.display_ = self._display_forms(texts, corpus, entries, phrase_at)
        heading_texts = np.array([key in self.headings_ for key in heads], dtype=bool)
        self._fitted_arrays = self._fitted_term_arrays(corpus, terms, phrase_pairs, phrase_at, heading_texts)

    def _entries(self, distinct, codes, text):
        """The corpus' ``(term, surface)`` entries, and the entry number of each piece (-1 for a
        break or a stop word), each piece read in its text's language."""
        entries, numbers = [], {}
        entry_of = np.full(len(codes), -1, dtype=np.int64)
        in_french = np.array([language == "fr" for language in self.languages_], dtype=bool)[text]
        for language, here in (("en", ~in_french), ("fr", in_french)):
            used = np.flatnonzero(np.bincount(codes[here], minlength=len(distinct)))
            number_of = np.full(len(distinct), -1, dtype=np.int64)
            known = self._pieces_[language]
            for code in used.tolist():
                piece = distinct[code]
                entry = known.get(piece) or self._new_piece(piece, language)
                if entry is not _BREAK_OR_STOP:
                    if entry not in numbers:
                        numbers[entry] = len(entries)
                        entries.append(entry)
                    number_of[code] = numbers[entry]
            entry_of[here] = number_of[codes[here]]
        return entries, entry_of

    def _display_forms(self, texts, corpus, entries, phrase_at) -> dict:
        """Each term's most frequent surface form (ties: the first by name); a phrase written
        mostly with a hyphen is shown with it ("pre-arrival", "follow-ups")."""
        uses = Counter(dict(zip(entries, np.bincount(corpus.entry, minlength=len(entries)).tolist())))
        ends = np.flatnonzero(phrase_at)
        pairs, counts = np.unique(corpus.entry[ends - 1] * len(entries) + corpus.entry[ends], return_counts=True)
        for pair, count in zip(pairs.tolist(), counts.tolist()):
            (a, sa), (b, sb) = entries[pair // len(entries)], entries[pair % len(entries)]
            uses[(f"{a} {b}", f"{sa} {sb}")] += count
        surfaces = defaultdict(Counter)
        for (term, surface), count in uses.items():
            surfaces[term][surface] = count
        hyphenated = Counter(
            f"{a.lower()} {b.lower()}" for t in texts if "-" in t for a, b in _HYPHENATED.findall(t)
        )
        display = {}
        for term, counter in surfaces.items():
            form = min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
            if " " in term and 2 * hyphenated[form] >= counter[form]:
                form = form.replace(" ", "-")
            display[term] = form
        return display

    def _fitted_term_arrays(self, corpus, terms, phrase_pairs, phrase_at, heading_texts):
        """``term_arrays`` of the fitted texts' ``_terms``, a repeating heading's terms weighed
        ``_HEADING_MARK``, from the corpus' arrays."""
        n_terms = len(terms)
        pair_keys = corpus.pair_keys(n_terms)
        phrase_term = n_terms + np.searchsorted(phrase_pairs, pair_keys[phrase_at])
        source, numbers = corpus.term_sequence(phrase_at, phrase_term)
        used, first = np.unique(numbers, return_index=True)
        used = used[np.argsort(first)]  # terms numbered in order of first occurrence
        renumber = np.zeros(n_terms + len(phrase_pairs), dtype=np.int64)
        renumber[used] = np.arange(len(used))
        names = [terms[k] if k < n_terms else _pair_name(terms, int(phrase_pairs[k - n_terms])) for k in used.tolist()]
        weights = np.where(corpus.in_body | ~heading_texts[corpus.text], 1.0, _HEADING_MARK)[source]
        lengths = np.bincount(corpus.text[source], minlength=corpus.n_texts)
        return names, renumber[numbers], weights, lengths

    def _learn_acronyms(self, texts, vocabulary):
        """An all-capitals word is an acronym unless the corpus writes it in lower case as often
        ("MBTA" 36 times and "mbta" 4: both are the MBTA; "KEY" once and "key" once: shouting)."""
        capitals = {m.group(1) for w in vocabulary for m in [_ACRONYM.match(w)] if m}
        both = {a for a in capitals if a.lower() in self._lower_words_}
        written = Counter()
        if both:
            pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, both))) + r")s?\b", re.IGNORECASE)
            written.update(m.group(1) for t in texts for m in pattern.finditer(t))
        self._not_acronyms_ = {a.lower() for a in both if written[a.lower()] >= written[a]}
        self._acronym_of_ = {a.lower(): a for a in both if a.lower() not in self._not_acronyms_}
        self.acronyms_ = sorted(a for a in capitals if a.lower() not in self._not_acronyms_)

    def transform(self, texts, heading_weight: float | None = None) -> list[list[tuple[str, float]]]:
        """Each text as ``(term, weight)`` pairs, in text order (a term may repeat);
        ``heading_weight`` replaces the fitted one when given."""
        return self._terms((self._parse(text, self.language_) for text in texts), heading_weight)

    def _terms(self, parsed, heading_weight: float | None = None) -> list[list[tuple[str, float]]]:
        heading_weight = self.heading_weight if heading_weight is None else heading_weight
        phrases, headings = self.phrases_, self.headings_
        out = []
        for key, head_chunks, body_chunks, _ in parsed:
            weight = heading_weight if key in headings else 1.0
            terms = []
            for chunks, w in ((head_chunks, weight), (body_chunks, 1.0)):
                for chunk in chunks:
                    previous = None
                    for term, _ in chunk:
                        if previous is not None:
                            phrase = f"{previous} {term}"
                            if phrase in phrases:
                                terms.append((phrase, w))
                        terms.append((term, w))
                        previous = term
            out.append(terms)
        return out

    def spans(self, text: str, max_words: int = 5):
        """Runs of 2-``max_words`` words as written, starting and ending on a content word:
        ``[(key, terms, form, language, in_heading, next_word, previous_word, word_after_next), ...]``.

        ``key`` is the run with content words stemmed (so "paid internship" and "paid
        internships" share it), ``terms`` the stems and stem pairs the run carries,
        ``form`` the run as written (hyphens kept; lower case except acronyms and lone
        proper words such as "Canadian"), ``in_heading`` whether it comes from a repeating
        heading, ``next_word`` and ``previous_word`` the words written just after and just before
        the run and ``word_after_next`` the one after ``next_word`` (lower case; "" at the end or
        start of a clause). Runs never cross punctuation nor start or end inside a hyphenated compound.
        """
        # a theme's central texts are often its sub-theme's too, and near-copies repeat texts
        cache = self._spans_cache_
        key = (text, max_words)
        if key not in cache:
            if len(cache) >= SPANS_CACHE_SIZE:
                cache.clear()
            cache[key] = self._spans(text, max_words)
        return cache[key]

    def _spans(self, text: str, max_words: int):
        text = clean_text(text)
        language = detect_language(text, self.language_, cleaned=True)
        stop = self._stop_en_ if language == "en" else self._stop_fr_
        head, body = split_heading(text)
        heading = bool(head) and heading_key(head) in self.headings_
        out = []
        parts = [(p, heading, True) for p in _BREAK.split(head)] + [(p, False, False) for p in _BREAK.split(body)]
        for part, in_heading, is_head in parts:
            matches = list(_TOKEN.finditer(part))
            if len(matches) < 2:
                continue
            # a capital is kept on a word the corpus never writes in lower case and either writes
            # capitalised between lower-case words ("in Boston", so "East Boston") or writes here
            # alone mid-run outside Title Case runs and headings ("Canadian experience", not
            # "Regulatory Bodies")
            capital = [m.group()[:1].isupper() and not _ACRONYM.match(m.group()) for m in matches]
            lowers = [m.group().lower() for m in matches]
            proper = [
                capital[p] and lower not in self._lower_words_ and (
                    lower in self._names_
                    or (p > 0 and not is_head and lower not in self._title_words_
                        and not (p > 1 and capital[p - 1]) and not (p + 1 < len(matches) and capital[p + 1])))
                for p, lower in enumerate(lowers)
            ]
            written = [None] * len(matches)  # a word of a name of several words, as the corpus writes it
            names = getattr(self, "_name_phrases_", None)
            if language == "en" and names:
                for p in range(len(lowers) - 1):
                    for end in range(min(len(lowers), p + MAX_NAME_WORDS), p + 1, -1):
                        name = names.get(tuple(lowers[p:end]))
                        if name and not any(written[p:end]):
                            written[p:end] = name
                            break
            info = []
            for position, match in enumerate(matches):
                w, lower = match.group(), lowers[position]
                acronym = self._acronym(w, lower)
                if acronym:
                    info.append((w, acronym, acronym + w[len(acronym):]))  # "mbta" shown as "MBTA"
                    continue
                shown = written[position] or (w if proper[position] else lower)
                base = (_ELISION.sub("", lower) or lower) if "'" in lower else lower
                if "'" in base and base.split("'")[0] in stop:  # "it's", "don't"
                    base = base.split("'")[0]
                glued = match.start() and part[match.start() - 1].isdigit()  # "1st", "2nd"
                if lower in stop or base in stop or len(w) < self.min_token_length or glued:
                    info.append((w, None, shown))
                else:
                    info.append((w, self._stem(lower, language), shown))
            for i in range(len(info)):
                start = matches[i].start()
                if info[i][1] is None or (start > 1 and part[start - 1] == "-" and part[start - 2].isalpha()):
                    continue
                for j in range(i + 1, min(len(info), i + max_words)):
                    end = matches[j].end()
                    if info[j][1] is None or (end + 1 < len(part) and part[end] == "-" and part[end + 1].isalpha()):
                        continue
                    run = info[i:j + 1]
                    stems = [t for _, t, _ in run if t is not None]
                    terms = stems + [f"{a} {b}" for a, b in zip(stems, stems[1:])]
                    form, last = [], start
                    for m, (w, _, shown) in zip(matches[i:j + 1], run):
                        form.append(part[last:m.start()])
                        form.append(shown)
                        last = m.end()
                    if any(_ODD_SEPARATOR.search(sep) for sep in form[2::2]):
                        continue  # "events + recruitment", "HR/training": not a phrase as written
                    form = _WHITESPACE.sub(" ", "".join(form))
                    key = " ".join(t if t is not None else w.lower() for w, t, _ in run)
                    next_word = lowers[j + 1] if j + 1 < len(lowers) else ""
                    previous_word = lowers[i - 1] if i else ""
                    word_after_next = lowers[j + 2] if j + 2 < len(lowers) else ""
                    out.append((key, terms, form, language, in_heading, next_word, previous_word, word_after_next))
        return out

    def fit_transform(self, texts):
        self.fit(texts)
        return term_lists(self.fitted_term_arrays())

    def fitted_on(self, texts) -> bool:
        """Whether this preprocessor was fitted on exactly ``texts`` (in that order)."""
        return getattr(self, "texts_digest_", None) == texts_digest(texts)

    def fitted_term_arrays(self, heading_weight: float | None = None):
        """``transform`` of the fitted texts as ``term_arrays``, from the fit's own parse (no second
        parse), with ``heading_weight`` in place of the fitted one when given (the near-duplicate
        search ignores headings that the themes only down-weight). The terms are listed
        once per fit, whatever the heading weights asked for afterwards (the themes' and the
        near-duplicates' differ)."""
        terms, term_ids, marks, lengths = self._fitted_arrays
        heading_weight = self.heading_weight if heading_weight is None else heading_weight
        return terms, term_ids, np.where(marks == _HEADING_MARK, heading_weight, marks), lengths

    def display(self, term: str) -> str:
        """The most frequent surface form of a term (``"job shadowing"`` for ``"job shadow"``)."""
        return self.display_.get(term, term)
