# ruff: noqa: E501  (the articles here keep their one-line paragraphs: line length is what the cleaner reads)
"""Articles in Russian and Turkish (issue 24, point 2), and cheaply Azerbaijani, Kazakh and Uzbek: their
month names and date shapes, byline labels and Cyrillic or Turkish names, section labels, Turkish page
clutter and Russian news-agency furniture. The words are data (otsqa/dates.json, ingest/cleaning.json).
Every article and line here was written for these tests; the people, outlets and events are made up."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.clean import clean_article
from ingest.loaders import load
from otsqa.text import split_sentences

BODY = "Пограничные службы пяти государств договорились вести общий реестр нарушителей границы и обновлять его каждую неделю."
GOVDE = "Beş ülkenin sınır birimleri ortak bir kayıt sistemi kurmayı ve bu sistemi her hafta güncellemeyi kararlaştırdı."


def _html(page: str):
    loaded = load(Path("sayfa.html"), page.encode("utf-8"))
    return clean_article(loaded.text, loaded.hints)


# ---------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("16 марта 2026 года", "2026-03-16"),
        ("5 мая 2025 г.", "2025-05-05"),
        ("12.09.2025, 17:25 (GMT+6)", "2025-09-12"),
        ("14 Ekim 2025 - 09:30", "2025-10-14"),
        ("3 Kasım 2025", "2025-11-03"),
        ("3 KASIM 2025 PAZARTESİ", "2025-11-03"),
        ("1 Şubat 2026, Pazar", "2026-02-01"),
        ("Опубликовано: 2 апреля 2025, 08:15", "2025-04-02"),
        ("Дата: 30 сентября 2025", "2025-09-30"),
        ("Yayınlanma: 14 Ekim 2025 - 09:30", "2025-10-14"),
        ("Yayın tarihi: 07.01.2026", "2026-01-07"),
        ("12 sentyabr 2025", "2025-09-12"),  # Azerbaijani
        ("2025 жылғы 12 қыркүйек", "2025-09-12"),  # Kazakh: the year first
        ("2025-yil 12-sentabr", "2025-09-12"),  # Uzbek (Latin)
        ("Mart 2026", "2026-03"),
        ("Март 2026 года", "2026-03"),
    ],
)
def test_a_date_line_in_the_regions_languages_is_the_articles_date_and_not_its_title(line, date):
    raw = f"Пограничники договорились об общем реестре нарушителей\n\n{line}\n\n{BODY}\n"
    article = clean_article(raw)
    assert article.date == date
    assert article.title == "Пограничники договорились об общем реестре нарушителей"
    assert article.text.endswith(BODY)
    assert BODY in article.text.split("\n\n")  # never glued to the date line


@pytest.mark.parametrize(
    "lines",
    [
        ["Yayınlanma: 14 Ekim 2025 - 09:30", "Güncelleme: 16 Ekim 2025 - 11:05"],
        ["Güncelleme: 16 Ekim 2025 - 11:05", "Yayınlanma: 14 Ekim 2025 - 09:30"],
        ["Yayınlanma: 14 Ekim 2025 - 09:30 | Güncelleme: 16 Ekim 2025 - 11:05"],
        ["Обновлено: 16.10.2025", "Опубликовано: 14.10.2025"],
    ],
)
def test_the_publication_date_wins_over_the_update_and_both_lines_stay(lines):
    raw = "Sınır birimleri ortak kayıt sisteminde anlaştı\n\n" + "\n\n".join(lines) + f"\n\n{GOVDE}\n"
    article = clean_article(raw)
    assert article.date == "2025-10-14"
    paragraphs = article.text.split("\n\n")
    assert all(line in paragraphs for line in lines)
    assert paragraphs[-1] == GOVDE


def test_an_update_alone_still_dates_the_article():
    article = clean_article(f"Sınır birimleri ortak kayıt sisteminde anlaştı\n\nGüncelleme: 16 Ekim 2025\n\n{GOVDE}\n")
    assert article.date == "2025-10-16"


# ---------------------------------------------------------------------------------------------
# Bylines


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Автор: Нурлан Абдыкеров", "Нурлан Абдыкеров"),
        ("Автор — Марина Ковалёва", "Марина Ковалёва"),
        ("АВТОР: Ерлан Сәрсенбаев", "Ерлан Сәрсенбаев"),
        ("Haber: Elif Aydoğan", "Elif Aydoğan"),
        ("Yazar: Barış Öztürk", "Barış Öztürk"),
        ("Muhabir: İbrahim Şahin - Ankara", "İbrahim Şahin"),
        ("Müəllif: Rəşad Əliyev", "Rəşad Əliyev"),
        ("Muallif: Oʻtkir Karimov", "Oʻtkir Karimov"),
    ],
)
def test_a_labelled_byline_is_the_author_and_neither_the_title_nor_glued_to_the_body(byline, author):
    raw = f"Пограничники договорились об общем реестре нарушителей\n\n{byline}\n\n16 марта 2026 года\n\n{BODY}\n"
    article = clean_article(raw)
    assert article.author == author
    assert article.title == "Пограничники договорились об общем реестре нарушителей"
    assert article.date == "2026-03-16"
    assert BODY in article.text.split("\n\n")


@pytest.mark.parametrize(
    ("signature", "author"),
    [
        ("— Марина Ковалёва, Алматы", "Марина Ковалёва"),
        ("— Selin Aydoğan, İstanbul", "Selin Aydoğan"),
        ("— Бюро «Степного вестника» в Ташкенте", ""),  # a bureau's credit is no person
        ("— Haber Merkezi", ""),
    ],
)
def test_a_closing_signature_is_the_author_unless_it_is_a_credit_and_it_stays(signature, author):
    raw = f"Пограничники договорились об общем реестре нарушителей\n\n{BODY}\n\nВторая встреча пройдёт весной в Астане, и там обсудят финансирование центра.\n\n{signature}\n"
    article = clean_article(raw)
    assert article.author == author
    assert article.text.endswith(signature)


# ---------------------------------------------------------------------------------------------
# Section labels


@pytest.mark.parametrize("label", ["Аналитика", "АНАЛИТИКА", "Yorum", "*Yorum*", "Haber", "Görüş", "Təhlil", "Талдау"])
def test_a_section_label_is_neither_title_nor_text(label):
    raw = f"{label}\n\nКаспийская безопасность: что изменил новый протокол о патрулировании\n\n5 февраля 2026 года\n\n{BODY}\n"
    article = clean_article(raw)
    assert article.title == "Каспийская безопасность: что изменил новый протокол о патрулировании"
    assert article.date == "2026-02-05"
    assert article.text == BODY


def test_a_label_and_a_date_on_one_line_give_the_date():
    raw = f"# Sınırda ortak veri tabanı dönemi başlıyor\n\n*Yorum* · 18 Aralık 2025\n\nYazar: Barış Öztürk\n\n{GOVDE}\n"
    article = clean_article(raw)
    assert (article.title, article.author, article.date) == (
        "Sınırda ortak veri tabanı dönemi başlıyor",
        "Barış Öztürk",
        "2025-12-18",
    )
    assert article.text == GOVDE


# ---------------------------------------------------------------------------------------------
# A Russian news-agency item and a Russian analysis


WIRE = """ИНФОРМАЦИОННОЕ АГЕНТСТВО «СТЕПНОЙ ВЕСТНИК» · Лента
ПОЛИТИКА
03.11.2025, 14:10 (GMT+5)

Пограничники пяти государств договорились о едином реестре нарушителей

Автор: Айгерим Жумабаева

ТАШКЕНТ, 3 ноября — Руководители пограничных служб пяти государств собрались в Ташкенте и договорились вести единый реестр нарушителей границы. Реестр начнёт работать в первой половине следующего года.

Первым шагом станет обмен списками, которые каждая служба передаст в общий центр в Самарканде.

ЧТО ДАЛЬШЕ

Следующая встреча назначена на весну. Участники обсудят, кто будет оплачивать работу центра.

Бюро «Степного вестника» в Ташкенте
"""

ANALYSIS = """Аналитика

Каспийская безопасность: что изменил новый протокол о патрулировании
16 марта 2026 года

Новый протокол о морской безопасности подписали в Баку, и он меняет порядок совместного патрулирования. Теперь корабли двух стран могут заходить в воды соседа по заранее согласованному графику.

Кто уже ратифицировал

Азербайджан ратифицировал протокол в январе, Казахстан — в феврале. Туркменистан пока не сообщил о своих планах.

— Марина Ковалёва, Алматы
"""


def test_a_news_agency_item_gives_title_author_date_and_keeps_its_dateline_paragraph_whole():
    article = clean_article(WIRE)
    assert article.title == "Пограничники пяти государств договорились о едином реестре нарушителей"
    assert (article.author, article.date) == ("Айгерим Жумабаева", "2025-11-03")
    paragraphs = article.text.split("\n\n")
    first = next(p for p in paragraphs if p.startswith("ТАШКЕНТ, 3 ноября —"))
    sentences = [first[a:b] for a, b in split_sentences(first)]
    assert sentences == [
        "ТАШКЕНТ, 3 ноября — Руководители пограничных служб пяти государств собрались в Ташкенте и договорились вести единый реестр нарушителей границы.",
        "Реестр начнёт работать в первой половине следующего года.",
    ]
    assert "ЧТО ДАЛЬШЕ" in paragraphs  # an ALL-CAPS section heading stands alone
    assert paragraphs[-1] == "Бюро «Степного вестника» в Ташкенте"  # the bureau's credit: its own line, no author
    assert "Автор:" not in article.text


def test_a_russian_analysis_is_read_label_title_date_and_signature():
    article = clean_article(ANALYSIS)
    assert article.title == "Каспийская безопасность: что изменил новый протокол о патрулировании"
    assert (article.author, article.date, article.title_source) == ("Марина Ковалёва", "2026-03-16", "header")
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Новый протокол о морской безопасности подписали в Баку")
    assert "Аналитика" not in article.text
    assert "Кто уже ратифицировал" in paragraphs
    assert paragraphs[-1] == "— Марина Ковалёва, Алматы"


# ---------------------------------------------------------------------------------------------
# A Turkish news page saved as HTML, with its clutter

PAGE = """<!doctype html><html lang="tr"><head><title>Sınırda ortak kayıt | Boğaz Postası</title></head><body>
<div class="bildirim-kutusu">Sitemizde size daha iyi hizmet verebilmek için çerezler kullanılmaktadır. <a href="#">Kabul Et</a></div>
<nav><a href="/">Anasayfa</a> <a href="/gundem">Gündem</a></nav>
<div class="kayan-yazi"><strong>SON DAKİKA</strong> <a href="/1">Bakanlar yarın Ankara'da bir araya gelecek</a></div>
<main><article>
<h1>Sınır birimleri ortak kayıt sisteminde anlaştı</h1>
<p class="ozet">Beş ülkenin sınır birimleri, kaçakçılıkla mücadelede yeni bir dönemi başlatacak ortak kayıt sistemi üzerinde uzlaştı.</p>
<div class="bilgi"><span>Haber: Elif Aydoğan</span> <span>Yayınlanma: 21 Kasım 2025 - 10:45</span> <span>Güncelleme: 22 Kasım 2025 - 13:20</span></div>
<div class="araclar"><a href="#">Paylaş</a> <a href="#">Tweetle</a> <a href="#">E-posta</a></div>
<p>Beş ülkenin sınır birimleri ortak bir kayıt sistemi kurmayı ve bu sistemi her hafta güncellemeyi kararlaştırdı. Sistem önümüzdeki yılın ilk yarısında çalışmaya başlayacak.</p>
<figure><img src="a.jpg"><figcaption>Toplantıdan bir kare</figcaption></figure>
<p>Foto: Arşiv</p>
<p>Toplantıda ilk adım olarak listelerin paylaşılması kararlaştırıldı. Her birim kendi verisini Semerkant'taki ortak merkeze gönderecek.</p>
<div class="ilan-alani">REKLAM</div>
<p>Reklam yasağı tartışması ise gündemdeki yerini koruyor ve bakanlık yeni bir taslak hazırlıyor.</p>
<p>Son dakikada yapılan bir değişiklikle bir sonraki toplantı bahara ertelendi.</p>
<p>Etiketler: sınır güvenliği, kayıt sistemi, TDT</p>
</article>
<section class="okur-alani"><h3>Yorumlar (2)</h3><p>Çok güzel bir gelişme, umarım hızlıca uygulanır.</p><p>Yorum yap</p></section>
</main>
<footer>© Boğaz Postası</footer>
</body></html>"""


def test_a_turkish_news_page_loses_its_clutter_and_keeps_its_body():
    article = _html(PAGE)
    assert (article.title, article.author, article.date) == (
        "Sınır birimleri ortak kayıt sisteminde anlaştı",
        "Elif Aydoğan",
        "2025-11-21",
    )
    for clutter in (
        "çerezler",
        "Kabul Et",
        "SON DAKİKA",
        "REKLAM",
        "Etiketler",
        "Paylaş",
        "Tweetle",
        "Yorumlar",
        "Yorum yap",
        "umarım",
        "Foto: Arşiv",
        "Anasayfa",
    ):
        assert clutter not in article.text, clutter
    paragraphs = article.text.split("\n\n")
    for body in (
        "Beş ülkenin sınır birimleri ortak bir kayıt sistemi kurmayı ve bu sistemi her hafta güncellemeyi kararlaştırdı. Sistem önümüzdeki yılın ilk yarısında çalışmaya başlayacak.",
        "Toplantıda ilk adım olarak listelerin paylaşılması kararlaştırıldı. Her birim kendi verisini Semerkant'taki ortak merkeze gönderecek.",
        "Reklam yasağı tartışması ise gündemdeki yerini koruyor ve bakanlık yeni bir taslak hazırlıyor.",
        "Son dakikada yapılan bir değişiklikle bir sonraki toplantı bahara ertelendi.",
    ):
        assert body in paragraphs, body  # whole, and glued to nothing


@pytest.mark.parametrize(
    "meta",
    [
        "<p>Haber: Elif Aydoğan</p><p>Yayınlanma: 21 Kasım 2025 - 10:45</p><p>Güncelleme: 22 Kasım 2025 - 13:20</p>",
        "<p>Yayınlanma: 21.11.2025 10:45 | Güncelleme: 22.11.2025 13:20</p><p>Muhabir: Elif Aydoğan</p>",
    ],
)
def test_byline_and_date_lines_after_the_standfirst_are_read_and_stand_apart(meta):
    page = (
        "<html><body><article><h1>Sınır birimleri ortak kayıt sisteminde anlaştı</h1>"
        "<p>Beş ülkenin sınır birimleri, kaçakçılıkla mücadelede yeni bir dönemi başlatacak ortak kayıt sistemi üzerinde uzlaştı</p>"
        f"{meta}<ul><li><a>Paylaş</a></li><li><a>Tweetle</a></li></ul><p>{GOVDE}</p></article></body></html>"
    )
    article = _html(page)
    assert (article.author, article.date) == ("Elif Aydoğan", "2025-11-21")
    paragraphs = article.text.split("\n\n")
    assert GOVDE in paragraphs
    assert "Paylaş" not in article.text


@pytest.mark.parametrize(
    "line",
    [
        "REKLAM",
        "Реклама",
        "SON DAKİKA: Bakanlar yarın Ankara'da bir araya gelecek",
        "Etiketler: sınır güvenliği, TDT",
        "Теги: безопасность, граница",
        "Paylaş Tweetle E-posta",
        "- Поделиться",
        "Facebook | X | WhatsApp",
        "Bu sitede çerezler kullanılır. Kabul Et",
    ],
)
def test_page_clutter_lines_are_dropped_from_plain_text_too(line):
    raw = f"Sınır birimleri ortak kayıt sisteminde anlaştı\n\n{line}\n\n{GOVDE}\n\nToplantıda ilk adım olarak listelerin paylaşılması kararlaştırıldı.\n"
    article = clean_article(raw)
    assert line not in article.text
    assert article.text.startswith(GOVDE)


@pytest.mark.parametrize(
    "line",
    [
        "Reklam yasağı tartışması sürüyor ve bakanlık yeni bir taslak hazırladı.",
        "Son dakikada yapılan değişiklikle toplantı bahara ertelendi.",
        "Etiketler konusunda editörler henüz bir karar vermedi.",
        "Bakanlık açıklamayı paylaş düğmesiyle değil, resmi sitesinden duyurdu.",
        "Министерство отметило, что реклама на границе запрещена с прошлого года.",
    ],
)
def test_body_sentences_that_open_with_a_clutter_word_stay(line):
    raw = f"Sınır birimleri ortak kayıt sisteminde anlaştı\n\n{GOVDE}\n\n{line}\n\nToplantıda ilk adım olarak listelerin paylaşılması kararlaştırıldı.\n"
    assert line in clean_article(raw).text.split("\n\n")


def test_a_comments_section_ends_a_plain_text_article():
    raw = f"Sınır birimleri ortak kayıt sisteminde anlaştı\n\n{GOVDE}\n\nToplantıda ilk adım olarak listelerin paylaşılması kararlaştırıldı.\n\nYorumlar (2)\n\nÇok güzel bir gelişme.\n\nYorum yap\n"
    assert clean_article(raw).text.endswith("paylaşılması kararlaştırıldı.")


def test_html_parts_whose_turkish_class_names_say_clutter_are_skipped_and_the_article_is_not():
    page = (
        '<html><body><article class="yorum-yazisi icerik"><h1>Sınır birimleri ortak kayıt sisteminde anlaştı</h1>'
        f"<p>{GOVDE}</p>"
        '<div class="reklam-alani"><p>Yeni model telefonlar bu hafta indirimde, kaçırmayın.</p></div>'
        '<ul class="etiketler"><li>sınır</li><li>TDT</li></ul>'
        "<p>Toplantıda ilk adım olarak listelerin paylaşılması kararlaştırıldı.</p></article>"
        '<section class="yorumlar"><p>Harika bir haber, teşekkürler.</p></section></body></html>'
    )
    article = _html(page)
    assert article.text == f"{GOVDE}\n\nToplantıda ilk adım olarak listelerin paylaşılması kararlaştırıldı."


@pytest.mark.parametrize(
    "line",
    [
        "Haber: Bakanlık, yeni düzenlemeyi yarın açıklayacak.",
        "Срочно требуется решение о финансировании общего центра в Самарканде.",
        "Ankara, çerez benzeri küçük adımları kabul etmeyeceğini ve tam bir anlaşma istediğini açıkladı.",
    ],
)
def test_a_sentence_that_opens_like_a_byline_a_ticker_or_a_banner_stays_and_names_no_author(line):
    raw = f"Sınır birimleri ortak kayıt sisteminde anlaştı\n\n{GOVDE}\n\n{line}\n\nToplantıda ilk adım olarak listelerin paylaşılması kararlaştırıldı.\n"
    article = clean_article(raw)
    assert line in article.text.split("\n\n")
    assert article.author == ""
