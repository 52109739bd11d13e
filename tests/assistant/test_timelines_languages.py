"""Timelines over Russian and Turkish articles (issue 24): the dates their sentences write in their own
language ("16 марта 2026 года", "Mart 2025'te", "8 Eylül'de") place and order the events, each quoted
exactly; over two made-up articles in a real store (the real model)."""

from __future__ import annotations

import pytest

from otsqa.dates import find_dates
from tests.helpers import ingest_in_process, timeline_answerer

RUSSIAN = "\n\n".join(
    [
        "Каспийская комиссия по водным ресурсам: пять лет работы",
        "Автор: Марина Ковалёва",
        "Опубликовано: 14 октября 2025",
        "Идея совместной комиссии возникла давно. В 2021 году инженеры прибрежных государств впервые предложили "
        "общий орган для управления дельтами рек.",
        "Устав комиссии подписали 2 февраля 2023 г. в Баку после двух лет переговоров. Он вступил в силу 4 июля 2023 года.",
        "Третья сессия прошла в Актау 14 июня 2024 г. и утвердила пятилетний план мониторинга. В марте 2025 года "
        "эксперты представили первый доклад о состоянии северного шельфа.",
        "Четвёртая сессия состоялась 20–21 мая 2025 года в Ташкенте. Делегаты согласовали протокол о раннем "
        "оповещении о паводках. 3 сентября стороны обменялись первыми данными.",
    ]
)
TURKISH = "\n\n".join(
    [
        "Hazar Su Komisyonu beş yılını doldurdu",
        "Yazar: Ayşe Demir",
        "Yayınlanma: 20 Ekim 2025",
        "Komisyon fikri 2021 yılında kıyı devletlerinin mühendisleri tarafından ortaya atıldı.",
        "Kuruluş tüzüğü 2 Şubat 2023'te Bakü'de imzalandı. Türk Devletleri Teşkilatı'nın 10. Zirvesi bu adımı "
        "memnuniyetle karşıladı.",
        "Komisyonun üçüncü oturumu 14 Haziran 2024 tarihinde Aktav'da yapıldı. Mart 2025'te uzmanlar kuzey "
        "sahanlığı hakkında ilk raporu sundu.",
        "Dördüncü oturum 20-21 Mayıs 2025 tarihlerinde Taşkent'te toplandı. Taraflar 8 Eylül'de ilk verileri paylaştı.",
    ]
)


@pytest.fixture(scope="module")
def caspian(tmp_path_factory, embedder):
    """The two articles ingested into a real embedded store, and a timeline answerer over it."""
    files = {"komissiya.txt": RUSSIAN, "komisyon.txt": TURKISH}
    store, lexical = ingest_in_process(tmp_path_factory.mktemp("timelines-languages"), files, embedder)
    return store, timeline_answerer(store, lexical, embedder)


def _events(text: str) -> list[tuple[str, str]]:
    return [tuple(line.split(" — ", 1)) for line in text.splitlines()[1:] if " — " in line]


def _check(store, text: str, citations) -> list[tuple[str, str]]:
    """Every citation an exact slice of its cleaned article; the events in date order."""
    for c in citations:
        assert c.quote and store.article(c.passage.doc_id).text[c.start : c.end] == c.quote
    events = _events(text)
    keys = [find_dates(date, bare_years=True)[0].key() for date, _ in events]
    assert keys == sorted(keys)
    return events


def test_a_period_timeline_places_and_orders_russian_and_turkish_events(caspian):
    store, answerer = caspian
    text, citations = answerer.answer("What happened in 2025?")
    events = _check(store, text, citations)
    shown = [date for date, _ in events]
    # "В марте 2025 года", "Mart 2025'te"; "20–21 мая 2025 года", "20-21 Mayıs 2025"; a day without a year
    # ("3 сентября", "8 Eylül'de") takes the year of its paragraph's dated sentence before it.
    # Each article tells each event: two lines a date (their sentences are no twins to MiniLM).
    assert shown == ["March 2025", "March 2025", "20–21 May 2025", "20–21 May 2025", "3 September 2025", "8 September 2025"]
    # The lines that date the articles themselves are no events.
    assert "14 October 2025" not in shown and "20 October 2025" not in shown
    assert not any(c.quote.startswith(("Опубликовано", "Yayınlanma")) for c in citations)


def test_a_span_of_years_holds_the_russian_and_turkish_days_in_order(caspian):
    store, answerer = caspian
    text, citations = answerer.answer("What happened between 2021 and 2024?")
    events = _check(store, text, citations)
    shown = [date for date, _ in events]
    for date in ("2021", "2 February 2023", "4 July 2023", "14 June 2024"):
        assert date in shown, text
    quotes = " ".join(c.quote for c in citations)
    assert "2 февраля 2023 г." in quotes and "2 Şubat 2023'te" in quotes
    # The Turkish ordinal "10." does not end the sentence: the summit's sentence is quoted whole if at all.
    assert not any(c.quote.endswith("Teşkilatı'nın 10.") for c in citations)
