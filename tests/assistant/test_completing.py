"""An answer holds every thing its question asks for: "Where and when …?" answered by a fact sheet's
venue row takes the date row too, and a sentence of a dated entry takes the date the entry opens with.
Real parts: two articles written for this test (no corpus names: Tbilisi, Nairobi, Helsinki), ingested
with the bundled model into Chroma in a temp dir."""

from __future__ import annotations

import pytest

from assistant import build_assistant
from assistant.grounded.question_types import asked_kinds
from assistant.grounded.runs import opens_with_date

FACT_SHEET = """Fact sheet: the Caspian Coast Guard Forum

By Lena Varga

Published: 3 March 2025

The body was set up to share patrol data on oil platforms, fishing and smuggling at sea.

Founded: 12 June 2019
First meeting: Helsinki, 12 June 2019
Venue of second meeting: Tbilisi
Second meeting: 22 May 2024
Members: five coast guards and two observer services
Budget holder: the rotating chair
"""

CHRONOLOGY = """Mountain rescue cooperation: a chronology, 2021-2025

By Omar Haddad

- March 2021 — The alpine rescue services sign a memorandum in Nairobi on shared training.
- December 2023 — The ministers of emergencies review the memorandum. The rescue chiefs hold their fourth meeting in Tbilisi.
- June 2025 — A joint avalanche drill is held near Almaty with four teams taking part.
"""


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("Where and when did the forum hold its second meeting?", ["place", "date"]),
        ("When and where was it held?", ["date", "place"]),
        ("When, and where did Washington's envoys meet?", ["date", "place"]),
        ("Who and when signed the memorandum in Nairobi?", ["actor", "date"]),
        ("Who hosted the rescue chiefs?", ["actor"]),
        ("What did Saudi Arabia propose?", []),
    ],
)
def test_a_question_asks_for_every_kind_its_opening_names(question, kinds):
    assert asked_kinds(question) == kinds


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("- December 2023 — The ministers review it.", True),
        ("18–19 May 2023 — First summit, in Shanghai.", True),
        ("September 12, 2025 the envoys met in Tbilisi.", True),
        ("It was held on 18-19 September 2024 in Helsinki.", False),
        ("In 2024 the United States joined.", False),
    ],
)
def test_a_dated_entry_opens_with_its_date(text, dated):
    assert opens_with_date(text) is dated


def _ingest(tmp, files: dict[str, str], embedder):
    """A grounded assistant over ``files`` (name → text) ingested with the real model into Chroma in ``tmp``."""
    from ingest import ingest_paths
    from store.chroma import open_store
    from store.lexical import LexicalIndex
    from tests.conftest import make_settings

    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp / "data", corpus)
    ingest_paths(settings, embedder=embedder)
    store = open_store(settings)
    return build_assistant("grounded", store, embedder, LexicalIndex(settings.lexical_path)), store


@pytest.fixture(scope="module")
def made_up(tmp_path_factory, embedder):
    files = {"coast_guard_factsheet.txt": FACT_SHEET, "rescue_chronology.md": CHRONOLOGY}
    return _ingest(tmp_path_factory.mktemp("completing"), files, embedder)


def _quotes_exactly(answer, store) -> None:
    for citation in answer.citations:
        assert store.article(citation.passage.doc_id).text[citation.start : citation.end] == citation.quote


@pytest.mark.slow
def test_where_and_when_answered_by_a_venue_row_takes_the_date_row(made_up):
    assistant, store = made_up
    answer = assistant.ask("Where and when did the forum hold its second meeting?")
    assert not answer.abstained
    quotes = [c.quote for c in answer.citations]
    assert "Venue of second meeting: Tbilisi" in quotes and "Second meeting: 22 May 2024" in quotes
    direct = answer.answer.split("\n")[0]
    assert "Tbilisi" in direct and "22 May 2024" in direct  # both things asked, stated first
    _quotes_exactly(answer, store)


@pytest.mark.slow
def test_a_sentence_of_a_dated_entry_takes_the_date_the_entry_opens_with(made_up):
    assistant, store = made_up
    answer = assistant.ask("Where and when did the rescue chiefs hold their fourth meeting?")
    assert not answer.abstained
    quotes = " ".join(c.quote for c in answer.citations)
    assert "fourth meeting in Tbilisi" in quotes and "December 2023" in quotes
    _quotes_exactly(answer, store)


_FILLER = "talks about harbours, grain prices, weather and the calendar of port inspections in general terms."
_PANEL_PARAGRAPH = (
    "The groundwork is older than it looks. On 4 April 2024, at the second Northern Cyber Resilience Forum in "
    "Helsinki, organised by the Association of Baltic Incident Responders, the heads of the national cyber "
    "agencies of six states shared a stage for a long panel on protecting ports, pipelines, power grids and the "
    "undersea cables that link the region's data centres. Finland was represented by the head of its national "
    "cyber centre and Estonia by the director of its information system authority. The panel was moderated by "
    "the association's chairwoman, Kaisa Lehtonen. The speakers ended with recommendations."
)
# The lead sentence is long and ends the first chunk, so no passage holding it holds the moderator's.
PANEL = (
    "Cyber agencies on one stage\n\nBy Ilse Brandt\n\n"
    + " ".join(f"Sentence {n} of the opening paragraph {_FILLER}" for n in range(1, 8))
    + "\n\n"
    + _PANEL_PARAGRAPH
    + "\n"
)


@pytest.fixture(scope="module")
def panel(tmp_path_factory, embedder):
    return _ingest(tmp_path_factory.mktemp("panel"), {"cyber_panel.txt": PANEL}, embedder)


@pytest.mark.slow
def test_the_rest_of_a_paragraph_past_the_leads_passage_is_quoted_under_its_own(panel, monkeypatch):
    assistant, store = panel
    question = "Who moderated the panel of cyber agency heads at the 2024 Helsinki forum?"
    answer = assistant.ask(question)
    assert not answer.abstained
    lead = next(c for c in answer.citations if c.role == "lead")
    assert lead.quote.startswith("On 4 April 2024")
    moderated = [c for c in answer.citations if "Kaisa Lehtonen" in c.quote]
    assert moderated and moderated[0].role == "next"
    # It lies past every passage holding the lead: cited to a passage of its own.
    assert not (lead.passage.start <= moderated[0].start and moderated[0].end <= lead.passage.end)
    _quotes_exactly(answer, store)
    # Without the rest of the run the answer stops at the lead (what the confidence weighs is the same).
    monkeypatch.setattr(type(assistant.answerer.runs), "rest_of_run", lambda self, lead, candidates, chosen: [])
    cut = assistant.ask(question)
    assert all("Kaisa Lehtonen" not in c.quote for c in cut.citations)
    assert cut.confidence == answer.confidence
