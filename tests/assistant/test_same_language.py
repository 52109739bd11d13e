# ruff: noqa: E501  (the articles here keep their one-line paragraphs)
"""A question in the language of the article that answers it (issue 24, point 3): a Russian article and an
English one, written for this test, ingested by `otsqa ingest` into a real Chroma store with the multilingual
model. The question's words are read by Russian stems against the article's, as an English question's are
against an English article: a party the article never names is refused, not answered with a nearby sentence."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ingest_e5_store, otsqa

RUSSIAN = """АНАЛИТИКА

Тюркские государства создают общий центр охраны Каспийского побережья
12 марта 2026 года

Береговые службы Азербайджана, Казахстана и Туркменистана подписали в Актау соглашение о совместном центре наблюдения за Каспийским побережьем. Центр разместится в Актау, а его первым руководителем назначен капитан Ерлан Досымов.

Что записано в соглашении

Центр будет обмениваться данными радаров каждые десять минут и проводить две совместные учебные тревоги в год. Первые учения намечены на октябрь 2026 года у острова Жилой.

Что дальше

Стороны надеются подключить к центру пограничную службу Узбекистана. Следующая встреча руководителей береговых служб пройдёт в Баку.

— Айгерим Сатпаева, Актау
"""

ENGLISH = """Ports and the Caspian economy

By Jane Miller

Caspian ports handled more freight last year as traders looked for routes that avoid long detours. Port authorities in the region said that new cranes and longer quays were needed within five years.

Shipping companies asked the governments to simplify customs forms and to publish timetables for ferries across the sea.
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ingest_e5_store(tmp_path_factory, {"ru_tsentr.txt": RUSSIAN, "en_ports.txt": ENGLISH})


def _ask(env, question):
    return json.loads(otsqa("ask", "--json", question, env_extra=env).stdout)


@pytest.mark.slow
def test_a_russian_question_is_answered_from_the_russian_sentence_that_says_it(store):
    env, _ = store
    answer = _ask(env, "Кто назначен первым руководителем центра наблюдения?")
    assert not answer["abstained"], answer["answer"]
    assert any("капитан Ерлан Досымов" in c["quote"] for c in answer["citations"]), answer["citations"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "Какую роль в центре играет Иран?",  # Iran is named nowhere: read as numbers only, this was answered
        "Когда Грузия присоединится к центру наблюдения?",
    ],
)
def test_a_russian_question_about_a_party_the_article_never_names_is_refused(store, question):
    env, _ = store
    answer = _ask(env, question)
    assert answer["abstained"], answer["answer"]
    assert answer["answer"].startswith("В статьях нет ответа"), answer["answer"]  # refused in the question's language
