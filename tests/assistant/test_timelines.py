"""Timelines: told from the wording alone, dated sentences and table rows in date order, each an exact
quote; over three made-up articles in a real store (the real model), and over the seed corpus (slow)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assistant.grounded import ABSTAIN_TEXT
from assistant.timelines import TimelineQuestion, is_article_date_line, parse_period, recognise
from otsqa.dates import find_dates
from tests.helpers import ingest_in_process, timeline_answerer

# -- recognition ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, topic, period",
    [
        ("Timeline of the OTS summits", "OTS summits", None),
        ("timeline", "", None),
        ("Give me a timeline", "", None),
        ("Give me a chronology of the Shusha Declaration", "Shusha Declaration", None),
        ("Can you give me a timeline of OTS security cooperation since 2022?", "OTS security cooperation", "since 2022"),
        ("OTS summits timeline", "OTS summits", None),
        ("Gabala summit: timeline", "Gabala summit", None),
        ("What is the timeline of the civil protection mechanism?", "civil protection mechanism", None),
        ("What's the timeline?", "", None),
        ("Chronological overview of Türkiye's drone exports", "Türkiye's drone exports", None),
        ("Timeline of 2025", "", "in 2025"),
        ("List the events of the water commission in order", "water commission", None),
        ("List the OTS summits in chronological order", "OTS summits", None),
        ("The OTS summits in chronological order", "OTS summits", None),
        ("Show me the events of the interior track chronologically", "interior track", None),
        ("Please list the summits from the earliest to the latest", "summits", None),
        ("Trace the development of the secretaries' meetings in chronological order", "secretaries' meetings", None),
        ("What are the key milestones of the civil protection mechanism?", "civil protection mechanism", None),
        ("What happened in 2025?", "", "in 2025"),
        ("what happened in may 2024", "", "in may 2024"),
        ("Which events took place in 2023?", "", "in 2023"),
        ("What were the main events of 2023?", "", "in 2023"),
        ("What happened between 2022 and 2024 regarding Azerbaijan?", "Azerbaijan", "between 2022 and 2024"),
        ("What happened from 2020 to 2022 in migration policy?", "migration policy", "from 2020 to 2022"),
        ("What has happened since 2023 regarding the Turkic Investment Fund?", "Turkic Investment Fund", "since 2023"),
        ("What happened to the Crime-Fighting Council in 2025?", "Crime-Fighting Council", "in 2025"),
        ("List the events of 2024 regarding cyber security", "cyber security", "in 2024"),
    ],
)
def test_timeline_questions_are_recognised_with_topic_and_period(question, topic, period):
    asked = recognise(question)
    assert asked is not None and asked.topic == topic
    assert (asked.period.text if asked.period else None) == period


@pytest.mark.parametrize(
    "question",
    [
        "When was the Gabala summit held?",
        "In which year did the OTS adopt the Turkic World Vision 2040?",
        "What year was the Shusha Declaration signed?",
        "When did Uzbekistan join?",
        "What happened at the Gabala summit?",  # one event: the grounded answerer's
        "What happened in Gabala?",  # a place, not a period
        "What happened on 7 October 2025?",
        "What did Tokayev propose in 2023?",
        "Who chaired the organisation in 2025?",
        "How many summits were held in 2024?",
        "Did the summit take place in 2025?",
        "Is there a timeline for the joint exercises?",
        "Is there a timeline?",
        "Was a timeline agreed?",
        "What is the OTS Strategy for 2022-2026?",
        "List the members of the OTS.",
        "Which exercises took place in 2025?",
        "What articles are there?",
    ],
)
def test_other_questions_are_left_to_the_other_answerers(question):
    assert recognise(question) is None


@pytest.mark.parametrize(
    "words, first, last",
    [
        ("in 2025", "2025-01-01", "2025-12-31"),
        ("in May 2024", "2024-05-01", "2024-05-31"),
        ("in February 2024", "2024-02-01", "2024-02-29"),
        ("between 2022 and 2024", "2022-01-01", "2024-12-31"),
        ("from March 2021 to June 2022", "2021-03-01", "2022-06-30"),
        ("in 2022-2024", "2022-01-01", "2024-12-31"),
        ("since 2023", "2023-01-01", dt.date.max.isoformat()),
        ("after 2023", "2024-01-01", dt.date.max.isoformat()),
        ("before 2023", dt.date.min.isoformat(), "2022-12-31"),
        ("until May 2023", dt.date.min.isoformat(), "2023-05-31"),
    ],
)
def test_periods_are_read_as_inclusive_days(words, first, last):
    period = parse_period(words)
    assert (period.first.isoformat(), period.last.isoformat()) == (first, last)


def test_a_backwards_period_is_no_timeline():
    assert parse_period("between 2024 and 2022") is None
    assert recognise("What happened between 2024 and 2022?") is None


@pytest.mark.parametrize(
    "line, dates_the_article",
    [
        ("Published: 14.10.2025", True),
        ("Last updated on: 3 May 2024", True),
        ("November 2025", True),
        ("03 Nov 2023, 16:40 (GMT+6)", True),
        ("— by Aida Karimova, Almaty, 3 June 2025", True),
        ('Ann Bohr, "Playing Both Sides in Central Asia," Chatham House, March 26, 2025.', True),
        ("Entry into force: 4 July 2023", False),
        ("Fourth meeting: Tashkent, 2025", False),
        ("By the time the meeting convened, on 12 September 2025, the agenda had changed.", False),
        ("The charter was signed in Baku on 2 February 2023.", False),
        ("Yerlikaya called it “a turning point for the region”, on 7 October 2025.", False),
    ],
)
def test_lines_that_date_the_article_are_told_from_events(line, dates_the_article):
    assert is_article_date_line(line, find_dates(line, bare_years=":" in line)) is dates_the_article


# -- over a real store ----------------------------------------------------------------------------

# Three made-up articles (our own words): events told out of order within and across articles, a table
# with dated rows, lines that date the article (a "Published:" line, a closing byline), an unrelated
# dated event, a wire's day without a year, and one event told in near-identical words by two articles.
COMMENTARY = "\n\n".join(
    [
        "The Caspian Water Commission Finds Its Feet",
        "By Aida Karimova",
        "Published: 5 June 2025",
        "Few regional bodies have grown as quietly as the Caspian Water Commission. Its fourth session took place in "
        "Tashkent on 20 May 2025, where delegates agreed a shared flood warning protocol.",
        "The idea is older than the body itself. In 2021 engineers from the coastal states first floated a joint "
        "commission to manage the shrinking river deltas. On 2 February 2023 the founding ministers signed the "
        "commission's charter in Baku, after two years of drafting.",
        "The commission's third session, held in Aktau on 14 June 2024, approved a five-year monitoring plan for the "
        "northern shelf. Observers described the Aktau meeting as the moment the body began to matter.",
        "Elsewhere in the region, a grain harvest festival drew large crowds to Khiva on 1 October 2024.",
        "— by Aida Karimova, Almaty, 3 June 2025",
    ]
)
FACT_SHEET = "\n\n".join(
    [
        "Caspian Water Commission: the basic facts",
        "This sheet lists the basic facts about the Caspian Water Commission and is revised after every session of its members.",
        "A. FOUNDING",
        "Charter signed: 2 February 2023, Baku",
        "Entry into force: 4 July 2023",
        "Seat of the secretariat: Aktau",
        "B. SESSIONS",
        "Second session: Turkmenbashi, November 2023",
        "Fourth session: Tashkent, 20 May 2025",
    ]
)
WIRE = "\n\n".join(
    [
        "Commission backs flood warning pact",
        "12 September 2025",
        "TASHKENT, 9 September (Steppe Wire) — Delegates of the Caspian Water Commission approved the text of a flood "
        "warning pact on Tuesday, closing a round of talks that began in the spring.",
        "The commission's fourth session took place in Tashkent on 20 May 2025, where delegates agreed a shared flood "
        "warning protocol.",
        "The pact will be opened for signature next year, officials said.",
    ]
)


@pytest.fixture(scope="module")
def water(tmp_path_factory, embedder):
    """The three articles ingested into a real embedded store, and a timeline answerer over it."""
    files = {"commentary.txt": COMMENTARY, "fact_sheet.txt": FACT_SHEET, "wire.txt": WIRE}
    store, lexical = ingest_in_process(tmp_path_factory.mktemp("timelines"), files, embedder)
    return store, lexical, timeline_answerer(store, lexical, embedder)


def _events(text: str) -> list[tuple[str, str]]:
    """The answer's event lines as (date shown, rest of the line)."""
    return [tuple(line.split(" — ", 1)) for line in text.splitlines()[1:] if " — " in line]


def _check_quotes(store, text: str, citations) -> None:
    """Every citation an exact slice of its cleaned article, inside its passage, numbered 1.. in text order."""
    assert [int(n) for n in re.findall(r"\[(\d+)\]", text)] == list(range(1, len(citations) + 1))
    for c in citations:
        article = store.article(c.passage.doc_id).text
        assert c.quote and article[c.start : c.end] == c.quote
        assert c.quote in c.passage.text


def _states(quote: str, shown: str) -> bool:
    """Whether ``quote`` states the date a line shows (a day written without a year, in the year shown)."""
    year = find_dates(shown, bare_years=True)[0].year
    return any((d if d.year is not None else d.with_year(year)).normalised() == shown for d in find_dates(quote, bare_years=True))


def _in_order(events: list[tuple[str, str]]) -> bool:
    keys = [find_dates(date, bare_years=True)[0].key() for date, _ in events]
    return keys == sorted(keys)


def test_a_topic_timeline_lists_its_dated_events_oldest_first_each_quoted(water):
    store, _, answerer = water
    text, citations = answerer.answer("Timeline of the Caspian Water Commission")
    events = _events(text)
    _check_quotes(store, text, citations)
    assert _in_order(events)
    shown = [date for date, _ in events]
    for date in ("2021", "2 February 2023", "4 July 2023", "November 2023", "14 June 2024", "20 May 2025"):
        assert date in shown
    # Each line shows its date first, then the quote it comes from, which states that date.
    quotes = {c.n: c.quote for c in citations}
    for date, rest in events:
        n = int(re.search(r"\[(\d+)\]", rest).group(1))
        assert rest.startswith(quotes[n])
        assert _states(quotes[n], date)
    # A table row is an event, shown with its table's heading.
    assert "4 July 2023 — Entry into force: 4 July 2023 [" in text and "(section: “A. FOUNDING”)" in text
    # The harvest festival is dated but not about the commission; the byline and the "Published:" line date the article.
    assert "Khiva" not in text
    assert not any(c.quote.startswith(("Published", "—", "12 September")) for c in citations)


def test_a_year_timeline_holds_every_dated_event_of_that_year_and_no_article_dates(water):
    store, _, answerer = water
    text, citations = answerer.answer("What happened in 2024?")
    _check_quotes(store, text, citations)
    events = _events(text)
    assert _in_order(events)
    assert {date for date, _ in events} == {"14 June 2024", "1 October 2024"}  # the festival too: no topic here
    text, citations = answerer.answer("What happened in 2025?")
    events = _events(text)
    _check_quotes(store, text, citations)
    assert _in_order(events) and all(date.endswith("2025") for date, _ in events)
    assert "3 June 2025" not in text and "5 June 2025" not in text and "12 September 2025" not in text


def test_the_same_event_told_by_two_articles_is_one_line_citing_both(water):
    store, _, answerer = water
    text, citations = answerer.answer("What happened in May 2025?")
    _check_quotes(store, text, citations)
    told = [c for c in citations if "fourth session took place in Tashkent" in c.quote]
    assert len(told) == 2 and told[0].passage.doc_id != told[1].passage.doc_id
    assert text.count("fourth session took place in Tashkent") == 1
    assert f"[{told[0].n}][{told[1].n}]" in text


def test_a_wire_day_without_a_year_takes_the_year_it_was_filed(water):
    _, _, answerer = water
    text, _ = answerer.answer("What happened in September 2025?")
    [(date, rest)] = _events(text)
    assert date == "9 September 2025" and rest.startswith("TASHKENT, 9 September (Steppe Wire)")


def test_a_period_narrows_a_topic_timeline(water):
    _, _, answerer = water
    text, _ = answerer.answer("What happened between 2021 and 2023 regarding the Caspian Water Commission?")
    events = _events(text)
    assert events and _in_order(events)
    assert all(2021 <= find_dates(date, bare_years=True)[0].year <= 2023 for date, _ in events)
    assert "14 June 2024" not in text


def test_nothing_dated_on_the_topic_is_an_abstention_with_the_closest_quotes(water):
    store, _, answerer = water
    for question in ("Timeline of penguin migration in Antarctica", "What happened in 1999?"):
        text, citations = answerer.answer(question)
        assert text.startswith(ABSTAIN_TEXT) and len(citations) <= 2
        _check_quotes(store, text, citations)


def test_the_grounded_assistant_answers_timelines_first_and_single_facts_as_before(water, embedder):
    from assistant.configs import grounded
    from assistant.retrieval import Filters

    store, lexical, _ = water
    assistant = grounded(store, embedder, lexical)
    timeline = assistant.ask("Give me a chronology of the Caspian Water Commission")
    assert "timeline" in timeline.features and not timeline.abstained and len(timeline.citations) >= 4
    assert timeline.answer.startswith("Timeline of Caspian Water Commission")
    none = assistant.ask("Timeline of penguin migration in Antarctica")
    assert none.abstained and "timeline" in none.features
    fact = assistant.ask("When did the commission's charter enter into force?")
    assert "timeline" not in fact.features
    doc = store.articles()[0].doc_id
    filtered = assistant.ask("Timeline of the Caspian Water Commission", filters=Filters(doc_ids=(doc,)))
    assert "timeline" not in filtered.features  # filters narrow articles: the grounded answerer's job


@pytest.mark.parametrize(
    "question, shown",
    [
        ("i need the chronology of the Caspian Water Commission, oldest first", ("2 February 2023", "14 June 2024")),
        ("Caspian Water Commission: key dates, please", ("2 February 2023", "20 May 2025")),
        ("how has the Caspian Water Commission grown over the years", ("14 June 2024", "20 May 2025")),
    ],
)
def test_a_loosely_worded_timeline_is_answered_like_a_strict_one(water, question, shown):
    store, _, answerer = water
    text, citations = answerer.answer(question)
    assert text.startswith("Timeline of Caspian Water Commission, oldest first:")
    _check_quotes(store, text, citations)
    events = _events(text)
    assert _in_order(events) and set(shown) <= {date for date, _ in events}
    assert "Khiva" not in text


def test_a_loosely_worded_period_narrows_the_timeline(water):
    store, _, answerer = water
    text, citations = answerer.answer("what went on during 2024")
    _check_quotes(store, text, citations)
    assert {date for date, _ in _events(text)} == {"14 June 2024", "1 October 2024"}


def test_recognise_returns_the_question_shape():
    assert recognise("Timeline of the water commission") == TimelineQuestion("water commission", None)


# -- over the seed corpus --------------------------------------------------------------------------


@pytest.mark.slow
def test_timelines_over_the_seed_corpus(ingested, embedder):
    from assistant.configs import grounded

    assistant = grounded(ingested.store, embedder, ingested.lexical)
    for question, year in (("Timeline of the OTS summits", None), ("What happened in 2025?", 2025)):
        answer = assistant.ask(question)
        assert "timeline" in answer.features and not answer.abstained
        events = _events(answer.answer)
        assert len(events) >= 3 and _in_order(events)
        _check_quotes(ingested.store, answer.answer, answer.citations)
        quotes = {c.n: c.quote for c in answer.citations}
        for date, rest in events:
            n = int(re.search(r"\[(\d+)\]", rest).group(1))
            assert _states(quotes[n], date)
            assert year is None or find_dates(date, bare_years=True)[0].year == year
    assert "timeline" not in assistant.ask("When was the Gabala summit held?").features


# Made-up: a page on a sea cable whose milestones table names no word of the question, beside an article on
# something else with dates of its own.
CABLE_PAGE = "\n\n".join(
    [
        "Under the sea: a new link between two shores",
        "By Nino Beridze",
        "The Caspian fibre link is to run about 380 kilometres along the seabed between Sumgayit and Aktau, carrying "
        "data traffic that today crosses Russia. Its builders say the line will also serve the ports on both shores.",
        "Milestones",
        "| Milestone | Date |\n|---|---|\n| Memorandum of the two operators | End of 2018 |\n"
        "| Interstate agreement signed | 19 March 2019 |\n| Launch ceremony in Aktau | 19 November 2019 |\n"
        "| Planned completion | End of 2026 |",
        "Engineers expect the survey ships to finish their work before the winter storms close the sea to them.",
    ]
)
HARVEST = "\n\n".join(
    [
        "A harvest festival in Khiva",
        "By Aida Karimova",
        "On 1 October 2024 a grain harvest festival drew large crowds to Khiva, where farmers showed new seed "
        "varieties. The next festival is planned for 3 October 2025 in Bukhara.",
    ]
)

# Made-up: a chronology whose lines each name their own subject; one of them names the question's topic.
CHRONOLOGY = "\n\n".join(
    [
        "A chronology of the Caucasus' water and border deals",
        "By Leyla Mammadova",
        "The list below gives the agreements and meetings our desk followed over the past five years.",
        "- 4 March 2019 — Georgia and Armenia open a new border crossing at Sadakhlo for lorries.\n"
        "- 9 June 2020 — The Helsinki commission publishes its yearly report on the Baltic Sea.\n"
        "- 3 November 2022 — Georgia and Azerbaijan sign the agreement on the Jandari reservoir in Tbilisi.\n"
        "- 15 May 2023 — Saudi Arabia hosts a forum on desalination plants in Riyadh.",
    ]
)

# Made-up: a fact sheet whose milestones table names the rail link in one row only, under a heading that
# does not name it.
RAIL_SHEET = "\n\n".join(
    [
        "Fact sheet: freight across the Caucasus",
        "Prepared by the transport desk",
        "Freight across the region keeps growing, and the desk follows each new service as it starts.",
        "Milestones",
        "| Milestone | Date |\n|---|---|\n| Kars–Akhalkalaki line opened | 30 October 2017 |\n"
        "| First container train from Xi'an arrives | 5 November 2019 |\n| Freight hub in Tbilisi starts work | 12 May 2021 |",
    ]
)


@pytest.fixture(scope="module")
def cable(tmp_path_factory, embedder):
    files = {"cable.md": CABLE_PAGE, "harvest.txt": HARVEST, "chronology.md": CHRONOLOGY, "rail.md": RAIL_SHEET}
    store, lexical = ingest_in_process(tmp_path_factory.mktemp("cable"), files, embedder)
    return store, timeline_answerer(store, lexical, embedder)


@pytest.mark.slow
def test_the_rows_of_a_milestones_table_the_topic_found_are_its_events(cable):
    store, answerer = cable
    text, citations = answerer.answer("Chronology of the Caspian fibre link project")
    _check_quotes(store, text, citations)
    events = _events(text)
    assert _in_order(events)
    shown = [date for date, _ in events]
    for date in ("19 March 2019", "19 November 2019"):  # rows that say none of the question's words
        assert date in shown
    assert "Khiva" not in text and "Bukhara" not in text  # dated, but another article on another subject


@pytest.mark.slow
def test_one_line_of_a_chronology_naming_the_topic_does_not_bring_the_lines_about_other_things(cable):
    store, answerer = cable
    text, citations = answerer.answer("Timeline of the Jandari reservoir agreement")
    _check_quotes(store, text, citations)
    assert [date for date, _ in _events(text)] == ["3 November 2022"]
    for other in ("Sadakhlo", "Helsinki", "Riyadh"):
        assert other not in text
    assert text.count("3 November 2022") == 1  # the line opens with its date: it is not said twice


@pytest.mark.slow
def test_a_milestones_table_naming_the_topic_in_one_row_is_read_whole(cable):
    store, answerer = cable
    text, citations = answerer.answer("Timeline of the Kars–Akhalkalaki line")
    _check_quotes(store, text, citations)
    shown = [date for date, _ in _events(text)]
    # The rows of the table the topic's row stands in, though they say none of its words (a row whose vector is
    # nowhere near the topic's, under TimelineAnswerer.titled, may still be left out: the Xi'an train's here).
    for date in ("30 October 2017", "12 May 2021"):
        assert date in shown, text
    assert "Jandari" not in text and "Helsinki" not in text


@pytest.mark.parametrize(
    "line, weights, shown",
    [
        # A date given to the day places the row before a bare year beside it, the year of a plan's name.
        ("Hill Charter (12 November 2021): members adopt the Highlands Vision 2040 plan", {}, "12 November 2021"),
        ("Hill Charter (12 November 2021): members adopt the Highlands Vision 2040 plan", {"vision": 1.0}, "12 November 2021"),
        ("Hill Charter signed: March 2019; the Highlands Agenda 2030 follows", {"agenda": 1.0}, "March 2019"),
        # Two bare years: the one nearest the topic's word, as before.
        ("Grazing rules: the 2010 Accord, then the 2021 Pasture Charter", {"charter": 1.0}, "2021"),
    ],
)
def test_the_date_that_places_a_dated_line(line, weights, shown):
    import numpy as np

    from assistant.timelines import _pick_date, dated_sentences
    from store.base import SentenceRecord

    record = SentenceRecord("s0", "d0", line, 0, len(line))
    (dated,) = dated_sentences([(record, np.zeros(3))], line)
    assert _pick_date(dated, None, weights).text == shown


@pytest.mark.parametrize(
    "question, events",
    [
        (
            "Put in order: the flood warning pact, the Aktau monitoring plan, and the commission's charter.",
            ("the flood warning pact", "the Aktau monitoring plan", "the commission's charter"),
        ),
        (
            "Put the charter signing and the Aktau monitoring plan in chronological order",
            ("the charter signing", "the Aktau monitoring plan"),
        ),
        (
            "In what order did the charter signing, the Aktau session and the Tashkent session take place?",
            ("the charter signing", "the Aktau session", "the Tashkent session"),
        ),
        ("Which came first, the charter or the flood warning protocol?", ("the charter", "the flood warning protocol")),
        ("Put the Khiva festival; the Aktau session in order", ("the Khiva festival", "the Aktau session")),
    ],
)
def test_events_listed_to_be_put_in_order_are_read_one_by_one(question, events):
    asked = recognise(question)
    assert asked is not None and asked.events == events and asked.period is None


@pytest.mark.parametrize(
    "question",
    [
        "List the commission's sessions, charters and pacts in chronological order",  # kinds of event: a timeline each
        "In what order did the commission's steps happen?",  # one thing named
        "Put the sessions in order",
        "Timeline of the Caspian Water Commission",
    ],
)
def test_a_timeline_of_kinds_of_event_is_no_list_of_events(question):
    asked = recognise(question)
    assert asked is None or asked.events == ()  # a timeline of the topic, or no timeline at all


@pytest.mark.slow
def test_listed_events_are_each_dated_and_put_in_order(water):
    store, _, answerer = water
    text, citations = answerer.answer(
        "Put in order: the flood warning pact approval, the Aktau monitoring plan, and the charter signing."
    )
    _check_quotes(store, text, citations)
    events = _events(text)
    assert _in_order(events) and len(events) == 3, text
    shown = {rest.split(":", 1)[0]: date for date, rest in events}
    assert shown["the charter signing"] == "2 February 2023", text
    assert shown["the Aktau monitoring plan"] == "14 June 2024", text
    assert shown["the flood warning pact approval"].endswith("September 2025"), text


@pytest.mark.parametrize(
    "question, since, topic",
    [
        ("what happened from the Aktau session onward? in order please", "the Aktau session", ""),
        ("What has happened since the charter signing?", "the charter signing", ""),
    ],
)
def test_a_period_that_starts_with_a_named_event_is_read_as_that_event(question, since, topic):
    asked = recognise(question)
    assert asked is not None and asked.since == since and asked.topic == topic and asked.period is None


@pytest.mark.parametrize(
    "question",
    [
        "What happened to turnaround times after the cranes were replaced?",  # one fact, not a timeline
        "What happened after the Tashkent session?",
    ],
)
def test_what_happened_after_an_event_is_no_period(question):
    asked = recognise(question)
    assert asked is None or asked.since == ""


def test_a_period_that_starts_with_a_year_is_read_as_before():
    asked = recognise("What happened since 2023?")
    assert asked is not None and asked.since == "" and asked.period is not None and asked.period.first == dt.date(2023, 1, 1)


@pytest.mark.slow
def test_what_happened_after_a_named_event_starts_at_its_date(water):
    store, _, answerer = water
    text, citations = answerer.answer("What has happened since the commission's charter was signed in Baku?")
    _check_quotes(store, text, citations)
    events = _events(text)
    assert _in_order(events) and events, text
    first_days = [find_dates(date, bare_years=True)[0].first_day() for date, _ in events]
    assert min(first_days) >= dt.date(2023, 2, 2), text  # nothing before the charter: not the 2021 idea
    assert "14 June 2024" in [date for date, _ in events], text
    assert "since 2 February 2023" in text.splitlines()[0], text


@pytest.mark.parametrize(
    "question, timeline",
    [
        ("Ergashev interview vs the chronology on the Riyadh port deal", False),  # a chronology compared as a piece
        ("Do the Tbilisi brief and Aksoy's timeline agree on the Dubai quay?", False),
        ("Chronology of the Riyadh port deal", True),
        ("Timeline of the Dubai quay, compared year by year", True),  # "timeline of": the request, not a piece
    ],
)
def test_a_chronology_named_as_a_piece_beside_another_is_a_comparison(question, timeline):
    assert (recognise(question) is not None) == timeline


@pytest.mark.parametrize(
    "question, topic, first, last",
    [
        ("2024 in review: dated list of what happened, per the collection", "", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (
            "I need the sequence from November 2025 on: what happened and what's already scheduled into 2027?",
            "",
            dt.date(2025, 11, 1),
            dt.date.max,
        ),
        ("What happened in 2024, shipping- and port-wise? Date order please.", "shipping and port", dt.date(2024, 1, 1), None),
    ],
)
def test_a_timeline_no_pattern_reads_is_of_its_subject_and_period(question, topic, first, last):
    """The kind model's reading (kind_readings.timeline_question): words that only say when, in what order or
    from where are no topic ("Timeline of review list per" was one)."""
    from assistant.kind_readings import timeline_question

    asked = timeline_question(question)
    assert asked is not None and asked.topic == topic and asked.period is not None
    assert asked.period.first == first and (last is None or asked.period.last == last)
