"""A box set beside the prose of a two-column page saved as text (ingest/columns.py): each column gets
its own lines, and tables are left alone. Texts written here, names from outside the corpus."""

from __future__ import annotations

from ingest.clean import clean_article
from ingest.columns import split_side_columns

BESIDE = """\
REGIONAL BRIEF

The ministers of the four states met in Tbilisi in May, the first such
meeting since the new border rules came into force, and agreed a short
statement on the trade that crosses the mountains every day. It set out
their concern about the harm done by the
smuggling of fuel across the border.          KEY FIGURES
                                              Georgian border posts: about 40
The statement did not mention sanctions.      Crossings inspected daily: 1,200
Neither has any later text: the ministers     Mobile teams: 6
have preferred to deal with each case
as it comes, leaving the larger question of a common customs code to
the experts who have been drafting one for the past three years now.

The next meeting is due in Riyadh in the autumn, where the ministers are
expected to hear the experts' first report on the draft customs code and
to decide whether the mobile teams should be made permanent. Officials in
two of the four capitals have said they would rather keep the teams under
national command, while the other two want a joint roster that the new
secretariat would run from Tbilisi on behalf of all four governments.
"""


def test_a_box_beside_the_prose_follows_the_paragraph_it_interrupts():
    text = split_side_columns(BESIDE)
    assert "the harm done by the\nsmuggling of fuel across the border.\nThe statement did not mention sanctions." in text
    assert "Neither has any later text: the ministers\nhave preferred to deal with each case\nas it comes," in text
    # the box comes after the paragraph, each row on a line of its own
    assert text.index("past three years now.") < text.index("KEY FIGURES") < text.index("The next meeting")
    assert "\nGeorgian border posts: about 40\n" in text and "\nMobile teams: 6\n" in text
    assert "KEY FIGURES" not in text.split("\n\n")[1]


def test_the_cleaned_article_quotes_each_column_whole():
    cleaned = clean_article(BESIDE).text
    assert (
        "their concern about the harm done by the smuggling of fuel across the border. "
        "The statement did not mention sanctions. Neither has any later text"
    ) in cleaned
    paragraphs = cleaned.split("\n\n")
    assert "Crossings inspected daily: 1,200" in paragraphs
    assert "Mobile teams: 6" in paragraphs
    assert not any("border. KEY" in p or "sanctions.: " in p for p in paragraphs)


TABLE = """\
Summit calendar

Venue                            Date
Tbilisi                          4 July 2023
Riyadh                           9 June 2024
Helsinki                         2 May 2025
"""

LONG_LABELS = """\
The figures below come from the agency.

Staff on the Georgian border posts            40
Crossings inspected every single day           1,200
"""

RUNNING_HEAD = """\
GULF FRONTIERS PROJECT                          Working Paper 2/2025

The ministers met in Tbilisi.
"""


def test_tables_and_running_heads_are_left_alone():
    # a table's left cells are short labels, or labels that neither run on in lower case nor continue an open
    # sentence; a running head is one line
    for text in (TABLE, LONG_LABELS, RUNNING_HEAD):
        assert split_side_columns(text) == text


def test_a_quotation_set_in_the_box_runs_on_as_prose():
    text = (
        "The agency said the checks would continue through the\n"
        "winter, and that the new scanners had cut the        \u201cWe will not slow\n"
        "waiting time at the main crossing by half. The       trade to make it\n"
        "ministers welcomed the change at their meeting.      safe,\u201d the minister said.\n"
    )
    out = split_side_columns(text)
    assert "the new scanners had cut the\nwaiting time at the main crossing by half. The\nministers welcomed" in out
    assert out.rstrip().endswith("\u201cWe will not slow trade to make it safe,\u201d the minister said.")
    cleaned = clean_article(out).text
    assert "\u201cWe will not slow trade to make it safe,\u201d the minister said." in cleaned
