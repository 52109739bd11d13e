# ruff: noqa: E501  (the sentences here stay whole)
"""Across languages (issue 24): what a passage in another language than the question's gets back, where
the answerer reads a day, a place or a country in a Russian or Turkish text, and the retriever's ranking
of an English question against a store of English and Russian articles (fakes: vectors chosen by hand)."""

from __future__ import annotations

import math

import pytest

from assistant.crosslang import TranslationGap, says_name
from assistant.grounded.question_types import holds_type
from assistant.hybrid import HybridRetriever, _merged
from assistant.lexicon import load_lexicon
from otsqa.text import capitalised_words, stemmed_terms
from store.base import Hit, PassageRecord
from store.lexical import LexicalIndex
from store.memory import MemoryStore
from store.records import ArticleRecord

GAP = TranslationGap({"ru": 0.047, "tr": 0.045, "kk": 0.021}, default=0.034)


@pytest.mark.parametrize(
    ("question", "passage", "back"),
    [
        ("en", "en", 0.0),  # the same language: nothing to give back
        ("ru", "ru", 0.0),
        ("en", "ru", 0.047),  # English and another: that language's gap
        ("ru", "en", 0.047),
        ("en", "tr", 0.045),
        ("kk", "ru", 0.047),  # two languages but English: the wider gap
        ("en", "uz", 0.034),  # a language not measured: the default
    ],
)
def test_what_a_passage_in_another_language_gets_back(question, passage, back):
    assert GAP(question, passage) == pytest.approx(back)


def test_a_model_that_reads_one_language_has_no_gap():
    assert not TranslationGap() and TranslationGap()("en", "ru") == 0.0
    assert GAP


@pytest.mark.parametrize(
    ("word", "text", "said"),
    [
        ("hungary", "Венгрию представлял заместитель директора.", True),  # a stem begins the inflected word
        ("hungary", "Macaristan'ı bakan yardımcısı temsil etti.", True),
        ("hungary", "Hungary sent its deputy minister.", True),
        ("turkmenistan", "Делегации Венгрии и Казахстана прибыли в Баку.", False),
        ("china", "Çin'in tutumu değişmedi.", True),  # a short form: said as a whole word
        ("china", "Çinko fiyatları yükseldi.", False),  # and only as one
        ("azerbaijan", "Встреча прошла в Баку.", True),  # the capital names the country, as in English
    ],
)
def test_a_country_is_found_in_the_names_the_regions_languages_give_it(word, text, said):
    assert says_name(word, set(stemmed_terms(text)), load_lexicon().same_name) is said


def test_the_groups_that_give_a_cyrillic_name_are_read_across_languages():
    lexicon = load_lexicon()
    assert {"hungary", "венгри", "macaristan", "kazakhstan", "қазақстан"} <= lexicon.multilingual
    assert "georgia" not in lexicon.multilingual  # no names in the region's languages: English only


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The Summit in Baku", ["The", "Summit", "Baku"]),
        ("Речь шла о мигрантах из Узбекистана и Кыргызстана", ["Речь", "Узбекистана", "Кыргызстана"]),
        ("Қазақстан және Өзбекстан, қала ұйымы", ["Қазақстан", "Өзбекстан"]),  # small Kazakh letters start no name
    ],
)
def test_capitalised_words_of_either_script(text, words):
    assert capitalised_words(text) == words


@pytest.mark.parametrize(
    ("kind", "question", "text", "holds"),
    [
        ("day", "When did the agreement enter into force?", "В силу оно вступило 29 ноября 2024 года.", True),
        ("day", "When was the forum held?", "Forum 1 Haziran 2024'te Bakü'de yapıldı.", True),
        ("day", "When was the forum held?", "Десятое заседание прошло в Баку в январе 2025 года.", False),  # a month, no day
        ("day", "On which day did they meet?", "They met on 7 May 2020.", True),
        ("place", "Where did the meeting take place?", "Заседание прошло в Баку.", True),
        ("place", "Where did the meeting take place?", "заседание прошло вчера.", False),
    ],
)
def test_a_day_or_a_place_is_read_in_a_russian_or_turkish_text(kind, question, text, holds):
    assert holds_type(kind, question, text) is holds


def _hit(id_, doc, score):
    return Hit(PassageRecord(id_, doc, "x"), score)


def test_merged_rankings_add_the_gap_once_and_keep_the_best_first():
    plain = [_hit("en#0", "en", 0.85), _hit("en#1", "en", 0.83), _hit("ru#0", "ru", 0.80)]
    others = [_hit("ru#0", "ru", 0.80), _hit("ru#1", "ru", 0.79)]
    merged = _merged(plain, others, {"ru": 0.047})
    assert [(h.id, round(h.score, 3)) for h in merged] == [("en#0", 0.85), ("ru#0", 0.847), ("ru#1", 0.837), ("en#1", 0.83)]


# -- the retriever, with a store of an English and a Russian article -----------------------------

ENGLISH = "The summit in Gabala discussed customs cooperation and transport corridors among the members."
RUSSIAN = "Соглашение об упрощённом таможенном коридоре вступило в силу 29 ноября 2024 года."


class _Fixed:
    """A fake embedder: the question's cosine to the English chunk is 0.83, to the Russian one 0.80, as
    multilingual-e5 scores an English question about the Russian article."""

    model_id, max_tokens = "fake/fixed", 254

    def count_tokens(self, texts):
        return [len(t.split()) for t in texts]

    def embed(self, texts):
        out = []
        for text in texts:
            if text == ENGLISH:
                out.append([1.0, 0.0])
            elif text == RUSSIAN:
                out.append([0.0, 1.0])
            else:  # the question
                a, b = 0.83, 0.80
                norm = math.hypot(a, b)
                out.append([a / norm, b / norm])
        return out


def _retriever(tmp_path, gap: TranslationGap, languages=("en", "ru")) -> HybridRetriever:
    store, embedder = MemoryStore(), _Fixed()
    texts = {"en": ENGLISH, "ru": RUSSIAN}
    lexical = LexicalIndex(tmp_path / "lexical.sqlite3")
    for doc in languages:
        text = texts[doc]
        store.put_articles([ArticleRecord(doc, f"{doc}.txt", title=doc, chunks=1, text=text)])
        store.passages.upsert(
            [PassageRecord(f"{doc}#0", doc, text, source=f"{doc}.txt", start=0, end=len(text))], embedder.embed([text])
        )
        lexical.replace_article(doc, "hash", [(f"{doc}#0", text)])
    return HybridRetriever(store, embedder, lexical, gap=gap)


def test_an_english_question_finds_the_russian_passage_first_once_the_gap_is_given_back(tmp_path):
    question = "When did the customs corridor agreement enter into force?"
    without = _retriever(tmp_path / "a", TranslationGap()).rankings(question, 2)
    assert [p.doc_id for p in without.passages] == ["en", "ru"] and not without.languages
    found = _retriever(tmp_path / "b", GAP).rankings(question, 2)
    assert [h.id for h in found.dense] == ["ru#0", "en#0"]
    assert found.languages == {"en": "en", "ru": "ru"} and found.offsets == {"ru": 0.047}
    assert found.weights == "evidence" and found.lexical_lead is None  # fused as a Russian question is
    assert found.passages[0].doc_id == "ru" and found.retrieval().offsets == {"ru": 0.047}


def test_a_store_in_one_language_is_ranked_as_before(tmp_path):
    question = "When did the customs corridor agreement enter into force?"
    only = _retriever(tmp_path, GAP, languages=("en",)).rankings(question, 1)
    assert not only.languages and not only.offsets and only.weights == "question"
