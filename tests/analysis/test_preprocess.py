"""Text preparation: languages, acronyms, phrases, headings, display forms."""
from analysis.preprocess import (
    TextPreprocessor,
    clean_text,
    detect_language,
    english_stop_words,
    snowball,
    split_heading,
)


def terms_of(preprocessor, text):
    return [term for term, _ in preprocessor.transform([text])[0]]


def test_clean_text_removes_html_and_entities():
    assert clean_text("<b>Mentoring</b> &amp; coaching&nbsp;for ITPs") == "Mentoring & coaching for ITPs"


def test_language_detection_english_and_french():
    assert detect_language("Employers need training about the value of newcomers") == "en"
    assert detect_language("Les employeurs ont besoin de formation sur la valeur des nouveaux arrivants") == "fr"


def test_acronyms_kept_upper_case_and_singular():
    texts = ["Connect ITPs with SPOs and PINs", "PAs and IENs help the LIPs", "An ITP meets an SPO"]
    p = TextPreprocessor().fit(texts)
    assert {"ITP", "SPO", "PIN"} <= set(terms_of(p, texts[0]))
    assert {"PA", "IEN", "LIP"} <= set(terms_of(p, texts[1]))
    assert p.display("ITP") == "ITP"


def test_shouted_word_is_not_an_acronym_when_used_in_lower_case_too():
    p = TextPreprocessor().fit(["Networking is KEY", "the key is networking"])
    assert "KEY" not in terms_of(p, "Networking is KEY")


def test_stop_words_removed_and_words_stemmed():
    p = TextPreprocessor().fit(["The mentoring programs and the mentors"])
    terms = terms_of(p, "The mentoring programs and the mentors")
    assert "the" not in terms and "and" not in terms
    assert "program" in terms  # stemmed


def test_phrases_learned_from_the_corpus():
    texts = [
        "Job shadowing with employers",
        "More job shadowing for newcomers",
        "Offer job shadowing days",
        "Find a job quickly",
        "Shadowing is useful",
        "Employers offer training",
        "Mentoring by peers",
        "Funding for small agencies",
        "Credential recognition takes too long",
        "Language classes at night",
    ]
    p = TextPreprocessor().fit(texts)
    assert "job shadow" in p.phrases_
    assert p.display("job shadow") == "job shadowing"
    assert "job shadow" in terms_of(p, "Job shadowing for all")


def test_no_phrase_from_a_single_occurrence():
    p = TextPreprocessor().fit(["blue elephants dance", "green apples fall"])
    assert not p.phrases_


def test_repeating_heading_is_down_weighted():
    texts = ["Career Advancement: Job shadowing", "Career Advancement: Mentoring by peers", "Career Advancement: Mock interviews"]
    p = TextPreprocessor(heading_weight=0.3).fit(texts)
    assert "career advancement" in p.headings_
    weights = dict(p.transform([texts[0]])[0])
    assert weights["career"] == 0.3
    assert weights["job"] == 1.0


def test_single_heading_is_plain_text():
    p = TextPreprocessor().fit(["Bridging programs: work well", "Mentoring helps"])
    assert not p.headings_
    assert dict(p.transform(["Bridging programs: work well"])[0])["bridg"] == 1.0


def test_split_heading_ignores_long_prefixes_and_urls():
    assert split_heading("Employer training: Conscious Inclusion training") == ("Employer training", "Conscious Inclusion training")
    long = "This is a long sentence with many words before the colon: then more"
    assert split_heading(long) == ("", long)
    assert split_heading("see https://example.org") == ("", "see https://example.org")


def test_french_text_is_stemmed_in_french_and_uses_french_stop_words():
    texts = [
        "Les nouveaux arrivants ont besoin de mentorat professionnel",
        "Le mentorat aide les nouveaux arrivants",
        "Formation des employeurs sur les préjugés",
    ]
    p = TextPreprocessor().fit(texts)
    assert p.language_ == "fr"
    terms = terms_of(p, texts[0])
    assert "les" not in terms and "de" not in terms
    assert "mentorat" in terms
    assert "nouveau" in terms  # French Snowball stem of "nouveaux"
    assert p.display("nouveau") == "nouveaux"


def test_mixed_corpus_keeps_each_language():
    p = TextPreprocessor().fit(["Mentoring for the newcomers", "Le mentorat pour les nouveaux arrivants"])
    assert p.languages_ == ["en", "fr"]


def test_unicode_and_empty_texts():
    p = TextPreprocessor().fit(["", "   ", "Éducation — 😀 des ingénieurs", "<p>&lt;b&gt;</p>"])
    out = p.transform(["", "Éducation — 😀 des ingénieurs"])
    assert out[0] == []
    assert any(t.startswith("ingénieur") for t, _ in out[1])


def test_display_forms_are_words():
    p = TextPreprocessor().fit(["Mentoring programs", "mentoring programs help", "Programs for mentoring"])
    assert p.display("mentor") == "mentoring"
    assert p.display("program") == "programs"


def test_english_stop_words_match_scikit_learn():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert set(ENGLISH_STOP_WORDS) <= english_stop_words()


def test_snowball_stemmer_is_kept_per_thread():
    import threading

    other = {}
    thread = threading.Thread(target=lambda: other.update(stem=snowball("fr"), word=snowball("fr")("employeurs")))
    thread.start()
    thread.join()
    assert snowball("fr") is snowball("fr")
    assert other["stem"] is not snowball("fr")
    assert other["word"] == snowball("fr")("employeurs")
    assert snowball("en")("employers") == "employ"


def test_c_stemmers_give_the_pure_python_stems(sample_ideas):
    """PyStemmer (C) stems every word of the sample forum and of French text exactly as
    snowballstemmer's pure-Python stemmers do, so installing it changes no analysis."""
    import re

    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.french_stemmer import FrenchStemmer

    from analysis.preprocess import _TOKEN

    english = sorted({w.lower() for idea in sample_ideas for w in _TOKEN.findall(clean_text(idea.text))})
    french = re.findall(r"\w+", "Les employeurs reconnaissent rarement les diplômes étrangers ; créer des "
                                "stages rémunérés, des mentorats et des réseaux d'entraide pour les nouvelles "
                                "arrivantes, réduire les délais d'équivalence, accompagnement personnalisé")
    assert len(english) > 500
    for language, words, pure in (("en", english, EnglishStemmer()), ("fr", french, FrenchStemmer())):
        assert [snowball(language)(w) for w in words] == [pure.stemWord(w) for w in words]
    import Stemmer

    assert isinstance(snowball("en").__self__, Stemmer.Stemmer)  # the C stemmers are the ones compared


def test_negated_auxiliaries_are_no_terms():
    texts = ["The bus doesn't come", "Why can't the train run on time", "Trains don't stop here"]
    p = TextPreprocessor().fit(texts)
    terms = {t for text in texts for t in terms_of(p, text)}
    assert not terms & {"doesn", "can", "don", "doesn't", "can't", "don't"}
    assert {"bus", "train"} <= terms
