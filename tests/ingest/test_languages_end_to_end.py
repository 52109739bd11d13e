# ruff: noqa: E501  (the articles here keep their one-line paragraphs)
"""A Russian and a Turkish article, written for this test, ingested by `otsqa ingest` into a real Chroma
store with the multilingual model (OTSQA_EMBEDDING_MODEL=e5): `otsqa status` lists each with the title,
author and date its own header lines give, and a question in Russian is answered with an exact quote."""

from __future__ import annotations

import json

import pytest

from ingest.clean import clean_article
from ingest.loaders import load
from tests.helpers import ingest_e5_store, otsqa

RUSSIAN = """АНАЛИТИКА

Каспийский протокол: кто уже ратифицировал соглашение о морском патрулировании
16 марта 2026 года

Новый протокол о морской безопасности подписали в Баку министры внутренних дел трёх прикаспийских государств. Документ меняет порядок совместного патрулирования: корабли пограничной охраны смогут заходить в воды соседа по заранее согласованному графику.

Кто уже ратифицировал

Азербайджан ратифицировал протокол в январе 2026 года, Казахстан сделал это в феврале. Туркменистан пока не сообщил о своих планах и не направил депозитарию никаких уведомлений.

Что изменится на море

Первые совместные выходы в море запланированы на май. Каждый экипаж получит связного офицера из соседней страны, а данные о нарушителях будут сводиться в общий журнал в Актау.

— Марина Ковалёва, Алматы
"""

TURKISH = """<!doctype html><html lang="tr"><head><title>Sınırda ortak kayıt | Boğaz Postası</title></head><body>
<div class="bildirim">Sitemizde çerezler kullanılmaktadır. <a href="#">Kabul Et</a></div>
<div class="kayan-yazi"><strong>SON DAKİKA</strong> <a href="/1">Bakanlar yarın bir araya gelecek</a></div>
<main><article>
<h1>Sınır birimleri ortak kayıt sisteminde anlaştı</h1>
<p>Beş ülkenin sınır birimleri, kaçakçılıkla mücadelede yeni bir dönemi başlatacak ortak kayıt sistemi üzerinde uzlaştı.</p>
<div class="bilgi"><span>Haber: Elif Aydoğan</span> <span>Yayınlanma: 21 Kasım 2025 - 10:45</span> <span>Güncelleme: 22 Kasım 2025 - 13:20</span></div>
<div class="araclar"><a href="#">Paylaş</a> <a href="#">Tweetle</a> <a href="#">E-posta</a></div>
<p>Beş ülkenin sınır birimleri ortak bir kayıt sistemi kurmayı ve bu sistemi her hafta güncellemeyi kararlaştırdı. Sistem önümüzdeki yılın ilk yarısında çalışmaya başlayacak.</p>
<div class="ilan-alani">REKLAM</div>
<p>Toplantıda ilk adım olarak listelerin paylaşılması kararlaştırıldı. Her birim kendi verisini Semerkant'taki ortak merkeze gönderecek.</p>
<p>Etiketler: sınır güvenliği, kayıt sistemi</p>
</article>
<section class="okur-alani"><h3>Yorumlar (1)</h3><p>Çok güzel bir gelişme.</p></section>
</main></body></html>"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ingest_e5_store(tmp_path_factory, {"ru_kaspij.txt": RUSSIAN, "tr_sinir.html": TURKISH})


@pytest.mark.slow
def test_status_lists_each_article_with_its_own_title_author_and_date(store):
    env, _ = store
    status = json.loads(otsqa("status", "--json", env_extra=env).stdout)
    articles = {a["doc_id"]: a for a in status["articles"]}
    assert {k: articles["ru-kaspij"][k] for k in ("title", "author", "date", "title_source")} == {
        "title": "Каспийский протокол: кто уже ратифицировал соглашение о морском патрулировании",
        "author": "Марина Ковалёва",
        "date": "2026-03-16",
        "title_source": "header",
    }
    assert {k: articles["tr-sinir"][k] for k in ("title", "author", "date")} == {
        "title": "Sınır birimleri ortak kayıt sisteminde anlaştı",
        "author": "Elif Aydoğan",
        "date": "2025-11-21",
    }
    human = otsqa("status", env_extra=env).stdout
    assert "Марина Ковалёва" in human and "Elif Aydoğan" in human


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "doc_id", "fact"),
    [
        (
            "Когда Азербайджан ратифицировал каспийский протокол?",
            "ru-kaspij",
            "Азербайджан ратифицировал протокол в январе 2026 года",
        ),
        pytest.param(
            "Sınır birimlerinin ortak kayıt sistemi ne zaman çalışmaya başlayacak?",
            "tr-sinir",
            "önümüzdeki yılın ilk yarısında",
            # Read by Turkish stems, the standfirst ("… ortak kayıt sistemi üzerinde uzlaştı") says more of the
            # question's words than the sentence that answers, and leads; it holds no time, so the answer is
            # refused, not wrong. An English question has the cross-encoder to tell them apart; no reader of
            # Turkish ships here (docs/reports/same-language-2026-12-07.md).
            marks=pytest.mark.xfail(strict=True, reason="a standfirst restating the question outranks the answer"),
        ),
        # A Turkish sentence naming no function word the profiles list ("… Semerkant'taki ortak merkeze gönderecek.")
        # was told as English, and its place went unseen (otsqa/languages.json letters_alone).
        ("Her birim kendi verisini hangi şehirdeki ortak merkeze gönderecek?", "tr-sinir", "Semerkant'taki"),
    ],
)
def test_a_question_in_the_articles_language_is_answered_with_an_exact_quote(store, question, doc_id, fact):
    env, folder = store
    answer = json.loads(otsqa("ask", "--json", question, env_extra=env).stdout)
    assert not answer["abstained"], answer["answer"]
    files = {"ru-kaspij": folder / "ru_kaspij.txt", "tr-sinir": folder / "tr_sinir.html"}
    quoted = [c for c in answer["citations"] if c["doc_id"] == doc_id]
    assert quoted and any(fact in c["quote"] for c in quoted), answer["citations"]
    for citation in answer["citations"]:
        path = files[citation["doc_id"]]
        loaded = load(path, path.read_bytes())
        text = clean_article(loaded.text, loaded.hints).text
        assert text[citation["start"] : citation["end"]] == citation["quote"]  # an exact span of the cleaned article
    assert "Yorumlar" not in json.dumps(answer, ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "heading"),
    [
        ("Koleksiyonda hangi makaleler var?", "Koleksiyonda 2 makale var:"),
        ("Какие статьи есть в коллекции?", "Статей в коллекции: 2:"),
        ("Қандай мақалалар бар?", "Жинақта 2 мақала бар:"),
    ],
)
def test_asked_in_another_language_which_articles_there_are_the_collection_is_listed_in_it(store, question, heading):
    env, _ = store
    answer = json.loads(otsqa("ask", "--json", question, env_extra=env).stdout)
    assert answer["kind"] == "collection" and answer["answer"].startswith(heading), answer["answer"]
    assert "Sınır birimleri ortak kayıt sisteminde anlaştı" in answer["answer"]  # each article by its title
    assert "Марина Ковалёва" in answer["answer"]  # and its author
    assert {c["doc_id"] for c in answer["citations"]} == {"ru-kaspij", "tr-sinir"}  # each cited to its header


@pytest.mark.slow
def test_a_treatys_articles_are_no_request_for_the_collection(store):
    # "статьи" are also a treaty's articles: only a question saying the articles exist, or ending there, lists them
    env, _ = store
    answer = json.loads(otsqa("ask", "--json", "Какие статьи протокола вступили в силу?", env_extra=env).stdout)
    assert answer["kind"] != "collection"
