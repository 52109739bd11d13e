# ruff: noqa: E501  (the articles here keep their one-line paragraphs: line length is what the cleaner reads)
"""The shapes real collected articles come in beyond the seed (issue 21, structure-aware reading):
hard-wrapped briefs with page furniture, dot-leader fact sheets, pipe and column tables, labelled
and DD.MM.YYYY dates, bylines of other shapes. All text here is written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.clean import clean_article
from ingest.loaders import load
from otsqa.text import split_sentences

BRIEF = """STEPPE POLICY NOTES 4/2026  |  Water and Security

STEPPE POLICY NOTES
BRIEF No. 4/2026

Rivers Without Borders: Water Disputes and the Turkic States

Prepared by Aigerim Sultanova
March 2026

1. WHY WATER, WHY NOW

The upstream states of Central Asia hold most of the region's reservoirs,
while the downstream states grow most of its cotton and wheat. When a dry
year meets a cold winter, the two needs collide, and the quarrels that follow
reach the foreign ministries within weeks. This note looks at what the
Turkic states have agreed so far and what remains unsettled between them.

2. THE KAMBARATA PLAN, 2023-2025

In January 2025 three governments agreed to finance a large dam together,
a step that the planners described as the end of a long stalemate in the
inter-



— 1 —



STEPPE POLICY NOTES 4/2026  |  Water and Security

national financing of the project. The cost was put at several billion
dollars, and the first turbines were expected within six years of the start
of construction, provided that the lenders stayed on board throughout.

The plan remains fragile. A change of government in any of the three capitals
could reopen the terms, and the downstream farmers have not been consulted.



— 2 —



STEPPE POLICY NOTES 4/2026  |  Water and Security

END OF NOTE
"""

FACT_SHEET = """FACT SHEET
Satellite cooperation among the Turkic states

This sheet gathers the basic data on the joint satellite projects of the member states, as announced by the space agencies themselves.


A. JOINT OBSERVATION SATELLITE

   Agreement signed ..................... 12 April 2024
   Venue of signing ..................... Ankara
   Partner agencies ..................... Turkish Space Agency, Kazakhstan
                                          Gharysh Sapary, Uzbekcosmos
   Planned launch ....................... 2027

The satellite is meant to share images of floods and wildfires between the agencies within hours.
"""


@pytest.fixture(scope="module")
def brief():
    return clean_article(BRIEF)


@pytest.fixture(scope="module")
def sheet():
    return clean_article(FACT_SHEET)


def test_page_numbers_and_running_headers_are_dropped_and_the_cut_sentence_is_whole(brief):
    assert "— 1 —" not in brief.text and "— 2 —" not in brief.text
    assert "STEPPE POLICY NOTES 4/2026" not in brief.text
    sentence = (
        "In January 2025 three governments agreed to finance a large dam together, a step that the planners "
        "described as the end of a long stalemate in the international financing of the project."
    )
    paragraph = next(p for p in brief.text.split("\n\n") if p.startswith("In January 2025"))
    assert [paragraph[a:b] for a, b in split_sentences(paragraph)][0] == sentence


def test_hard_wrapped_lines_join_into_paragraphs(brief):
    paragraph = next(p for p in brief.text.split("\n\n") if p.startswith("The upstream states"))
    assert "\n" not in paragraph
    assert paragraph.endswith("what remains unsettled between them.")


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("a stalemate in the inter-", "national financing of the project, and more words here.", "international"),
        # The article writes the compound with its hyphen elsewhere: the hyphen stays.
        (
            "Officials from the cross-border commission and the cross-",
            "border police met at the river crossing.",
            "cross-border police",
        ),
    ],
)
def test_a_word_hyphenated_at_a_line_end_is_made_whole_unless_the_article_hyphenates_it(first, second, joined):
    filler = "This line is only here to make the text look wrapped at a fixed width of columns."
    raw = "\n".join([filler] * 8 + [first, second, filler])
    text = clean_article(raw).text
    assert joined in text
    assert "inter- national" not in text and "inter-national" not in text


def test_numbered_and_all_caps_headings_stand_apart(brief):
    paragraphs = brief.text.split("\n\n")
    assert "2. THE KAMBARATA PLAN, 2023-2025" in paragraphs
    assert "1. WHY WATER, WHY NOW" in paragraphs


def test_prepared_by_is_the_author_and_a_month_only_date_is_kept(brief):
    assert brief.title == "Rivers Without Borders: Water Disputes and the Turkic States"
    assert brief.author == "Aigerim Sultanova"
    assert brief.date == "2026-03"
    assert "Prepared by" not in brief.text
    assert brief.text.startswith("March 2026")


def test_dot_leader_rows_read_label_colon_value_one_per_line(sheet):
    paragraphs = sheet.text.split("\n\n")
    assert "Agreement signed: 12 April 2024" in paragraphs
    assert "Venue of signing: Ankara" in paragraphs
    assert "Partner agencies: Turkish Space Agency, Kazakhstan Gharysh Sapary, Uzbekcosmos" in paragraphs
    assert "Planned launch: 2027" in paragraphs
    assert "...." not in sheet.text
    # Each row is a sentence of its own, so a quote of it is the row and nothing else.
    sentences = [sheet.text[a:b] for a, b in split_sentences(sheet.text)]
    assert "Venue of signing: Ankara" in sentences


def test_a_fact_sheet_label_does_not_hide_the_title(sheet):
    assert sheet.title == "Satellite cooperation among the Turkic states"
    assert not sheet.text.startswith("FACT SHEET")


def test_pipe_table_rows_name_each_cell_by_its_header():
    raw = (
        "Grid links in Central Asia\n\nThe table lists the power lines discussed by the energy ministers in their last round of talks.\n\n"
        "| Line | Capacity | Status |\n|---|---|---|\n| Almaty to Bishkek | 500 kV | in service |\n| Tashkent to Shymkent | 220 kV | planned |\n"
    )
    text = clean_article(raw).text
    assert "Line: Almaty to Bishkek; Capacity: 500 kV; Status: in service" in text.split("\n\n")
    assert "|---" not in text


def test_spaced_columns_become_one_row_each():
    raw = (
        "Exports of grain\n\nThe ministry published the following shares for the last season, in the order it gave them.\n\n"
        "Kazakhstan       41 per cent      wheat\nUzbekistan       18 per cent      cotton\n"
    )
    paragraphs = clean_article(raw).text.split("\n\n")
    assert "Kazakhstan: 41 per cent; wheat" in paragraphs
    assert "Uzbekistan: 18 per cent; cotton" in paragraphs


_INTRO = "Border posts in the Caucasus\n\nThe ministry gave these figures for the posts it runs, in the order below.\n\n"


@pytest.mark.parametrize(
    "table, rows",
    [
        (  # a header of words over columns of figures
            "Post             Guards    Opened\nTbilisi road     120       1998\nSarpi            85        2004\n",
            ["Post: Tbilisi road; Guards: 120; Opened: 1998", "Post: Sarpi; Guards: 85; Opened: 2004"],
        ),
        (  # a header of years, with no cell over the labels
            "                 2023      2024\nTbilisi road     120       140\nSarpi            85        90\n",
            ["Tbilisi road; 2023: 120; 2024: 140", "Sarpi; 2023: 85; 2024: 90"],
        ),
        (  # pasted from a spreadsheet: its columns are set apart by tabs
            "Post\tGuards\tOpened\nTbilisi road\t120\t1998\nSarpi\t85\t2004\n",
            ["Post: Tbilisi road; Guards: 120; Opened: 1998", "Post: Sarpi; Guards: 85; Opened: 2004"],
        ),
        (  # no header: nothing above the rows names their columns, so each row reads on its own
            "Tbilisi road     120       1998\nSarpi            85        2004\nLars             60        2011\n",
            ["Tbilisi road: 120; 1998", "Sarpi: 85; 2004", "Lars: 60; 2011"],
        ),
        (  # rows of words only: a header of words heads no figures, so it stays a row
            "Post             Run by\nTbilisi road     Georgia\nSarpi            Turkiye\n",
            ["Post: Run by", "Tbilisi road: Georgia", "Sarpi: Turkiye"],
        ),
    ],
    ids=["words-over-figures", "years", "tabs", "no-header", "no-figures"],
)
def test_a_table_set_in_columns_names_each_cell_by_its_header_when_it_has_one(table, rows):
    paragraphs = clean_article(_INTRO + table + "\nThe figures were published in Washington.\n").text.split("\n\n")
    assert [p for p in paragraphs if ";" in p or ":" in p] == rows
    assert "The figures were published in Washington." in paragraphs


COMMENTARY = """THE STEPPE LEDGER · Commentary

Why the Caspian Needs a Coast Guard Forum

Published: 05.02.2026
Updated: 07.02.2026 (adds the name of the Turkmen delegate to the forum)

The five littoral states have talked about a coast guard forum for years, and the idea has never been closer to a first meeting than it is this winter.

None of this is certain, but the direction is clear enough to say so.

— by Rustam Ibragimov, a maritime analyst based in Aktau
"""


def test_labelled_dates_give_the_published_date_and_stay_as_lines_of_their_own():
    article = clean_article(COMMENTARY)
    assert article.date == "2026-02-05"
    paragraphs = article.text.split("\n\n")
    assert "Published: 05.02.2026" in paragraphs
    assert "Updated: 07.02.2026 (adds the name of the Turkmen delegate to the forum)" in paragraphs
    assert article.title == "Why the Caspian Needs a Coast Guard Forum"


def test_a_byline_at_the_end_is_the_author_and_stays_in_the_text():
    article = clean_article(COMMENTARY)
    assert article.author == "Rustam Ibragimov"
    assert article.text.endswith("— by Rustam Ibragimov, a maritime analyst based in Aktau")


@pytest.mark.parametrize(
    ("header", "author"),
    [
        ("*By Selin Aydın*", "Selin Aydın"),
        ("Written by Nurlan Bekov", "Nurlan Bekov"),
        ("By Farida Kasymova", "Farida Kasymova"),
        ("By Nodira Yusupova and Emre Aksoy", "Nodira Yusupova and Emre Aksoy"),  # co-authors
    ],
)
def test_bylines_of_other_shapes(header, author):
    raw = f"# A Headline About Border Posts in the Fergana Valley\n\n{header}\n\n12 March 2026\n\n" + (
        "The border posts of the valley were rebuilt last year with money from three governments, and the guards now share one radio network.\n"
    )
    article = clean_article(raw)
    assert article.author == author
    assert article.date == "2026-03-12"


# Made-up pages in shapes the borders collection met: an interview under its outlet's label, dated three
# times in one line and credited at its end; a report dated on its outlet line; a wire's labelled headline.
INTERVIEW = (
    "STEPPE QUARTERLY · CONVERSATIONS\n\n"
    "Interview recorded: 3 March 2026 · Posted: 9 March 2026 · Last revised: 11 March 2026\n\n"
    "For twenty years the river border was closed to boats, and fishermen on both banks lost their trade. We asked a "
    "lawyer who advised both delegations what the new treaty changes.\n\n"
    "Q: Why did it take so long?\n\n"
    "A: Because nobody wanted to be the first to give up a sandbank, and the maps disagreed by three kilometres.\n\n"
    "Interview by Aigerim Sadykova\n"
)


def test_an_interview_is_dated_when_posted_and_credited_to_its_interviewer():
    article = clean_article(INTERVIEW)
    assert article.date == "2026-03-09"  # posted, not recorded
    assert article.author == "Aigerim Sadykova"
    assert article.title == "STEPPE QUARTERLY · CONVERSATIONS"  # no headline: how readers name it
    assert "Interview recorded: 3 March 2026" in article.text
    assert article.text.endswith("Interview by Aigerim Sadykova")


def test_a_date_on_the_outlet_line_is_read_and_a_wire_label_is_no_part_of_the_headline():
    raw = (
        "# Many ports, one sea: the Caspian after the treaty\n\n**Aktau Maritime Review · Report · 14 November 2025**\n\n"
        "The five coastal states signed the convention in 2018, and the ports have grown since then at very different speeds.\n"
    )
    article = clean_article(raw)
    assert article.date == "2025-11-14" and article.title == "Many ports, one sea: the Caspian after the treaty"
    wire = "ANALYSIS - Ferries wait longer at Aktau as trade grows\n\n" + (
        "ALMATY, March 3 (Steppe Press) - Ferries that carry trucks across the Caspian now wait up to ten days at Aktau, port officials say.\n"
    )
    assert clean_article(wire).title == "Ferries wait longer at Aktau as trade grows"
    # An outlet's label above a headline is not the title.
    assert clean_article("AKTAU MARITIME REVIEW · REPORTS\n\n" + raw).title == "Many ports, one sea: the Caspian after the treaty"


def test_a_sentence_opening_with_by_and_a_name_is_not_a_byline():
    raw = "A Headline About Decrees\n\nBy Aliyev's decree of 2024, the agency took over the border guards, and the change was welcomed by the neighbours.\n"
    article = clean_article(raw)
    assert article.author == ""
    assert "By Aliyev's decree of 2024" in article.text


def test_a_trailing_read_also_line_is_dropped():
    raw = "A Headline\n\nThe ministers met in Baku and agreed on a common list of wanted persons, to be updated every month.\n\nRead also: Ministers sign a protocol in Bishkek\n"
    assert "Read also" not in clean_article(raw).text


def test_html_subheadings_with_a_comma_stand_apart_from_the_paragraph_after_them():
    html = (
        "<html><body><article><h1>Police chiefs meet</h1><p>The police chiefs of the five states met for the second time and "
        "agreed on a shared register.</p><h2>A register for police, not only for courts</h2><p>The register will list wanted "
        "persons and stolen vehicles, and each state will add its own entries.</p></article></body></html>"
    )
    loaded = load(__import__("pathlib").Path("page.html"), html.encode())
    text = clean_article(loaded.text, loaded.hints).text
    assert "A register for police, not only for courts" in text.split("\n\n")


def test_an_html_table_reads_one_row_per_line_each_cell_named_by_its_header():
    html = (
        "<html><body><article><h1>Satellites of the Turkic states</h1><p>The agencies listed their joint satellites and "
        "the year each is due to fly, in the order below.</p><table><thead><tr><th>Satellite</th><th>Agencies</th>"
        "<th>Launch</th></tr></thead><tbody><tr><td>Steppe-1</td><td>3</td><td>2027</td></tr>"
        "<tr><td>Caspian Eye</td><td>2</td><td>2029</td></tr></tbody></table><p>Both are meant to watch for floods.</p>"
        "</article></body></html>"
    )
    loaded = load(__import__("pathlib").Path("page.html"), html.encode())
    paragraphs = clean_article(loaded.text, loaded.hints).text.split("\n\n")
    assert "Satellite: Steppe-1; Agencies: 3; Launch: 2027" in paragraphs
    assert "Satellite: Caspian Eye; Agencies: 2; Launch: 2029" in paragraphs
    assert "Both are meant to watch for floods." in paragraphs


# Header shapes first met in the `space` collection (cleaner version 8). Written for these tests.
FAQ = """# Water, ports and the Helsinki talks: frequently asked questions

*Last reviewed: 4 March 2026. This page changes when a new round of talks is held.*

[Home](/) › [Explainers](/explainers) › Ports

---

### Which ports take part in the Helsinki talks?

Three ports take part: Tbilisi's river terminal, a Saudi Arabian container port and a small Finnish harbour.

### When did the talks begin?

The first round was held in Helsinki on 2 May 2024.
"""


def test_a_faq_keeps_its_title_and_its_first_question_and_is_dated_by_its_review_line():
    article = clean_article(FAQ)
    assert article.title == "Water, ports and the Helsinki talks: frequently asked questions"
    assert article.date == "2026-03-04"
    assert "Which ports take part in the Helsinki talks?" in article.text  # the first section's heading stays
    assert "Last reviewed: 4 March 2026." in article.text  # a labelled date line stays a line of its own


@pytest.mark.parametrize(
    ("header", "title", "author", "date"),
    [
        (  # a news page's meta line below the standfirst
            "Ports under pressure in Tbilisi\n\nA standfirst that runs on for more than twenty words so that the header reading stops here, as it does on a real page with a summary under its headline.\n\nBy Nino Beridze · 14 August 2025 · 6 min read\n\n",
            "Ports under pressure in Tbilisi",
            "Nino Beridze",
            "2025-08-14",
        ),
        (  # a document's markings are no title; "Circulated" dates it, not "Drafted"
            "RESTRICTED CIRCULATION - WORKING DOCUMENT\nDrafted: 3 March 2025\nCirculated: 10 March 2025\n\n",
            None,
            "",
            "2025-03-10",
        ),
        (  # a slide export: the title slide's number goes, the author is named with their institution
            "Slide 1 — Washington and the Gulf: a briefing\nBriefing for the Riyadh roundtable\nLeyla Aliyeva, Institute for Gulf Studies\n18 November 2025\n\nSlide 2 — Agenda\n\n",
            "Washington and the Gulf: a briefing",
            "Leyla Aliyeva",
            "2025-11-18",
        ),
        (  # a transcript: recorded, then posted
            "PORTS IN COMMON\nPanel transcript, Helsinki Maritime Forum\nRecorded: 12 June 2025 | Transcript posted: 20 June 2025\n\n",
            None,
            "",
            "2025-06-20",
        ),
        (  # a resource page: its "#" title, then an emphasised line of parts ending in a review date
            "# Ports and the Gulf: questions and answers\n\n*Helsinki Port Network · Resource page · Last reviewed: 30 September 2025*\n\n",
            "Ports and the Gulf: questions and answers",
            "",
            "2025-09-30",
        ),
        (  # a brief's header in columns, and a document field: no headline, dated when circulated
            "Ref. PRT/25-11          Drafted: 4 November 2025          Circulated: 11 November 2025          Next review: May 2026\nDistribution: members of the working group; not for citation\n\n",
            None,
            "",
            "2025-11-11",
        ),
        (  # a transcript: the event's line, a label, the panel's own title; published, and its rapporteur
            "GULF PORTS FORUM 2026 · RIYADH\nSession transcript\n\nPanel 3: Ships, cranes and cables in the Gulf\n\nSession held: 29 January 2026, 14:00-15:15\nTranscript published: 5 February 2026\nRapporteur: Nino Beridze\n\n",
            "Ships, cranes and cables in the Gulf",
            "Nino Beridze",
            "2026-02-05",
        ),
        (  # a standfirst asking a question between the headline and its byline: no conversation begins
            "Ports under pressure in Tbilisi\n\nCan the Gulf ports keep their place on the middle corridor?\n\nBy Nino Beridze\n14 August 2025\n\n",
            "Ports under pressure in Tbilisi",
            "Nino Beridze",
            "2025-08-14",
        ),
        (  # the same with the date first, in a line of parts
            "# Washington and the Caspian\n\n*Will Riyadh pay for the cable, and who will run it?*\n\n14 August 2025 · Leyla Aliyeva\n\n",
            "Washington and the Caspian",
            "",
            "2025-08-14",
        ),
        (  # a label in capitals before the headline: no speaker's turn, the header goes on
            "ANALYSIS: Ports under pressure in Tbilisi\nBy Nino Beridze\n14 August 2025\n\n",
            "Ports under pressure in Tbilisi",
            "Nino Beridze",
            "2025-08-14",
        ),
        (  # ... and below it, a kicker kept as a line
            "Ports under pressure in Tbilisi\nEXCLUSIVE: what the envoys agreed in Riyadh\nBy Nino Beridze\n14 August 2025\n\n",
            "Ports under pressure in Tbilisi",
            "Nino Beridze",
            "2025-08-14",
        ),
        (  # a slide deck's first page: presenter and presentation date, then the slides
            "Washington, Riyadh and the ports\nSlide deck, text export (speaker notes included)\nPresenter: Leyla Aliyeva, Institute for Gulf Studies\nPresented: 17 June 2025, staff seminar, Helsinki\n\nSlide 1 — Title\nWashington, Riyadh and the ports\n\n",
            "Washington, Riyadh and the ports",
            "Leyla Aliyeva",
            "2025-06-17",
        ),
    ],
)
def test_header_shapes_of_pages_briefs_transcripts_slides_and_faqs(header, title, author, date):
    body = "The ministers met in Tbilisi and agreed on a shared register of port calls, to be kept in Helsinki.\n"
    article = clean_article(header + body)
    if title is not None:
        assert article.title == title
    else:  # no title line: one made from the opening words, never a marking, a field or a date line
        assert not any(word in article.title for word in ("RESTRICTED", "Drafted", "Distribution"))
    assert article.author == author and article.date == date
    assert "The ministers met in Tbilisi" in article.text


def test_slides_stand_apart_from_each_other():
    deck = "Slide 1 — Ports and the Gulf\n18 November 2025\n\nSlide 2 — Agenda\n1. Why ports matter\n\nSlide 3 — Key figures\nThree ports take part in the talks held in Riyadh.\n"
    text = clean_article(deck).text
    assert "Slide 2 — Agenda\n" in text and "\n\nSlide 3 — Key figures\n" in text


NEWSLETTER = """From: Gulf Ports Watch <digest@gulfports.example>
To: subscribers@gulfports.example
Date: Mon, 20 Oct 2025 07:30:00 +0500
Subject: Gulf Ports Watch - Digest No. 7: cranes, cables and a new terminal

View this e-mail in your browser | Forward to a colleague

Good morning. This issue rounds up what happened in the ports of Riyadh and Helsinki this month.

[11 September 2025] A new terminal
The terminal opened in Helsinki on 11 September 2025 with three cranes.

Thanks for reading,

Nino Beridze, editor

You are receiving this because you subscribed at gulfports.example. Unsubscribe | Privacy notice
Gulf Ports Watch, 14 Harbour Street, Tbilisi
"""


def test_a_newsletter_is_credited_to_its_editor_not_its_sender_and_ends_before_its_footer():
    article = clean_article(NEWSLETTER)
    assert article.author == "Nino Beridze" and article.date == "2025-10-20"
    assert "Unsubscribe" not in article.text and "14 Harbour Street" not in article.text
    assert "View this e-mail" not in article.text
    assert "\nGood morning." in article.text  # the subject line stays apart from the greeting
    assert article.text.rstrip().endswith("Nino Beridze, editor")


def test_a_person_sending_a_forwarded_mail_is_still_its_author():
    mail = "From: Nino Beridze <nino@example.org>\nSent: Tuesday, 8 April 2025 09:14\nSubject: Notes from Tbilisi\n\nThe ministers met in Tbilisi and agreed on a register of port calls.\n"
    assert clean_article(mail).author == "Nino Beridze"


def test_an_html_page_names_its_author_by_class_and_drops_a_consent_bar():
    page = """<html><head><title>Ports under pressure | Gulf Review</title></head><body>
<div id="consent" class="consent-bar"><p>We use cookies to measure our audience.</p><a href="#">OK</a></div>
<article><h1>Ports under pressure</h1>
<div class="meta"><span class="author">Nino Beridze</span> · <time datetime="2025-08-14">14 August 2025</time> · 6 min read</div>
<p>The ministers met in Tbilisi and agreed on a shared register of port calls, to be kept in Helsinki.</p>
</article></body></html>"""
    loaded = load(Path("ports.html"), page.encode())
    article = clean_article(loaded.text, loaded.hints)
    assert article.author == "Nino Beridze" and article.date == "2025-08-14"
    assert "cookies" not in article.text and article.text.startswith("The ministers met in Tbilisi")
    assert article.publication == "Gulf Review"  # the site its <title> names beside the headline


@pytest.mark.parametrize(
    ("head", "publication"),
    [
        ("<title>Gulf Review - Ports under pressure</title>", "Gulf Review"),  # either side of the headline
        ('<title>Ports | Gulf Review</title><meta property="og:site_name" content="The Gulf Review">', "The Gulf Review"),
        ("<title>Ports under pressure</title>", ""),  # the headline alone: no site named
        ("<title>Riyadh | Ports | Gulf Review</title>", ""),  # which part is the site is not told
        ("<title>Ports under pressure in | Gulf Review</title>", ""),  # not whole words of the headline
    ],
)
def test_an_html_page_names_its_publication_by_its_site_name(head, publication):
    page = f"<html><head>{head}</head><body><h1>Ports under pressure</h1><p>The ministers met in Tbilisi and agreed on a register.</p></body></html>"
    loaded = load(Path("ports.html"), page.encode())
    assert clean_article(loaded.text, loaded.hints).publication == publication


def test_a_page_title_that_shortens_the_headline_still_names_the_site():
    page = (
        "<html><head><title>Ports under pressure | Gulf Review</title></head><body>"
        "<h1>Ports under pressure as Riyadh and Washington court the Caspian</h1>"
        "<p>The ministers met in Tbilisi and agreed on a register.</p></body></html>"
    )
    loaded = load(Path("ports.html"), page.encode())
    assert clean_article(loaded.text, loaded.hints).publication == "Gulf Review"


@pytest.mark.parametrize(
    ("first_line", "publication"),
    [
        ("HELSINKI PORT WATCH · Commentary", "Helsinki Port Watch"),  # in capitals, before a section label
        ("Tbilisi Maritime Review · Report · 14 November 2025", "Tbilisi Maritime Review"),  # a publication word
        ("*Gulf Shipping Network · Resource page · Last reviewed: 3 May 2025*", "Gulf Shipping Network"),
        ("Nino Beridze · 14 November 2025", ""),  # a person and a date: no outlet
        ("By Nino Beridze · 14 November 2025 · 6 min read", ""),  # a byline
        ("Analysis · 14 November 2025", ""),  # a section label
        ("Riyadh Ports · Washington Ports", ""),  # names, but no outlet's word nor a label
    ],
)
def test_a_header_line_opening_with_an_outlet_names_the_publication(first_line, publication):
    raw = f"{first_line}\n\nPorts under pressure in the Gulf\n\nBy Nino Beridze\n\nThe ministers met in Tbilisi and agreed on a shared register of port calls.\n"
    article = clean_article(raw)
    assert article.publication == publication
    assert article.text.endswith("agreed on a shared register of port calls.")  # metadata only: the prose is whole


def test_a_long_title_right_above_its_byline_and_date_is_the_title_not_a_wrapped_line():
    article = clean_article(
        "Police Academies of the Turkic States Agree on Exchanges\nBy Nino Beridze\nMarch 3, 2025\n\n"
        "The police academies agreed in Tbilisi to exchange cadets every spring.\n"
    )
    assert article.title == "Police Academies of the Turkic States Agree on Exchanges"
    assert (article.author, article.date) == ("Nino Beridze", "2025-03-03")


def test_a_closing_signature_block_of_a_name_over_a_role_is_the_author():
    article = clean_article(
        "The register of port calls will be kept in Helsinki from next spring.\n\nNino Beridze\n"
        "Senior Fellow, Gulf Ports Institute, Tbilisi\n"
    )
    assert article.author == "Nino Beridze"
    assert article.text.rstrip().endswith("Nino Beridze\n\nSenior Fellow, Gulf Ports Institute, Tbilisi")  # stays, apart


def test_a_conversation_of_speakers_in_capitals_begins_where_its_first_turn_does():
    article = clean_article(
        "Ports in common\nPanel transcript, Helsinki Forum\nPublished: 20 June 2025\n\n"
        "MODERATOR: Welcome to the panel on the ports of Tbilisi and Riyadh.\n\n"
        "BERIDZE: Thank you. The register of port calls is the first thing to agree.\n"
    )
    assert article.title == "Ports in common" and article.date == "2025-06-20"
    # the first turn is text, not header (after the labelled date line, which stays a line of its own)
    assert article.text.startswith("Published: 20 June 2025\n\nMODERATOR: Welcome to the panel")
    assert "BERIDZE: Thank you." in article.text
