# ruff: noqa: E501  (the articles here keep their one-line paragraphs)
"""An English question about a Russian article (issue 24, point 2): a Russian and an English article,
written for this test, ingested by `otsqa ingest` into a real Chroma store with the multilingual model
(OTSQA_EMBEDDING_MODEL=e5); the English question is answered with an exact quote of the Russian one,
though the English article shares the question's words."""

from __future__ import annotations

import json

import pytest

from ingest.clean import clean_article
from ingest.loaders import load
from tests.helpers import ingest_e5_store, otsqa

RUSSIAN = """АНАЛИТИКА

Пограничные службы тюркских государств договорились об общем реестре транспортных средств
4 февраля 2026 года

Пограничные службы пяти государств Организации тюркских государств подписали в Ташкенте протокол об общем реестре грузовых транспортных средств. Реестр будет обновляться каждые сутки, а доступ к нему получат все пункты пропуска на Среднем коридоре.

Что записано в протоколе

Первыми к реестру подключатся пункты пропуска на казахстанско-узбекской границе. Оператором реестра назначен таможенный комитет Узбекистана, а резервная копия будет храниться в Астане.

Что дальше

Стороны рассчитывают, что время досмотра одного грузовика сократится вдвое. Следующее заседание рабочей группы запланировано на сентябрь.

— Тимур Алимов, Ташкент
"""

ENGLISH = """Transport corridors and the Turkic summit

By Jane Miller

The summit of the Organization of Turkic States discussed transport corridors, border crossings and trucks on the Middle Corridor. Leaders said that freight traffic across the Caspian Sea had grown and that border procedures should become faster for every truck.

Several members asked for more investment in ports and railways, and the secretariat promised a report on the corridor's bottlenecks by the end of the year.
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ingest_e5_store(tmp_path_factory, {"ru_reestr.txt": RUSSIAN, "en_corridors.txt": ENGLISH})


@pytest.mark.slow
def test_an_english_question_about_a_russian_article_is_answered_with_its_exact_words(store):
    env, folder = store
    question = "Which country's customs committee will operate the shared register of trucks?"
    answer = json.loads(otsqa("ask", "--json", question, env_extra=env).stdout)
    assert not answer["abstained"], answer["answer"]
    quoted = [c for c in answer["citations"] if c["doc_id"] == "ru-reestr"]
    assert quoted and any("таможенный комитет Узбекистана" in c["quote"] for c in quoted), answer["citations"]
    path = folder / "ru_reestr.txt"
    loaded = load(path, path.read_bytes())
    text = clean_article(loaded.text, loaded.hints).text
    for citation in quoted:
        assert text[citation["start"] : citation["end"]] == citation["quote"]  # an exact span of the cleaned article
