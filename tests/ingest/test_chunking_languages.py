"""Sentences of Russian, Turkish and Kazakh articles as ingest stores them: the region's abbreviations
and ordinals do not end a sentence, every sentence is an exact slice of the cleaned text and sits whole
in a chunk."""

from __future__ import annotations

import pytest

from ingest.chunking import article_sentences, chunk_article
from ingest.clean import clean_article


def words(texts):
    return [len(t.split()) for t in texts]


@pytest.mark.parametrize(
    "raw, expected",
    [
        (
            "Оборонная доктрина Казахстана\n\n"
            "В 2024 г. Казахстан обновил оборонную доктрину. Документ подписал А.Б. Сериков, т.е. глава "
            "комиссии при ун-те им. Аль-Фараби. Расходы выросли на 40 тыс. Тенге хватило не всем.\n",
            [
                "В 2024 г. Казахстан обновил оборонную доктрину.",
                "Документ подписал А.Б. Сериков, т.е. глава комиссии при ун-те им. Аль-Фараби.",
                "Расходы выросли на 40 тыс. Тенге хватило не всем.",
            ],
        ),
        (
            "Zirve değerlendirmesi\n\n"
            "Türk Devletleri Teşkilatı'nın 12. Zirvesi Gebele'de toplandı. Panelde Doç. Dr. Ayşe Kaya ve Prof. "
            "Mehmet Öz konuştu. Enerji, ulaşım vb. konular ele alındı. Meclisin 5. Dönem gündemi açıklandı.\n",
            [
                "Türk Devletleri Teşkilatı'nın 12. Zirvesi Gebele'de toplandı.",
                "Panelde Doç. Dr. Ayşe Kaya ve Prof. Mehmet Öz konuştu.",
                "Enerji, ulaşım vb. konular ele alındı.",
                "Meclisin 5. Dönem gündemi açıklandı.",
            ],
        ),
        (
            "Кеңес туралы\n\nКеліссөздер 2023–2025 жж. Астанада өтті. Келісімге 2024 ж. Алматыда қол қойылды.\n",
            ["Келіссөздер 2023–2025 жж. Астанада өтті.", "Келісімге 2024 ж. Алматыда қол қойылды."],
        ),
    ],
)
def test_stored_sentences_keep_the_regions_abbreviations_and_are_exact_slices(raw, expected):
    article = clean_article(raw)
    sentences = [s for s in article_sentences("doc", article, words, 160) if not s.heading]
    assert [s.text for s in sentences] == expected
    assert all(article.text[s.start : s.end] == s.text for s in sentences)
    chunks = chunk_article("doc", article, words, 160, 48)
    assert all(any(c.start <= s.start and s.end <= c.end for c in chunks) for s in sentences)
