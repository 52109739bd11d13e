"""Metadata blocks above an article's text, and the header and closing lines that state title, author
and date in other shapes (issue 21: bylines at the end, several dates in the header)."""

import pytest

from ingest.clean import clean_article
from ingest.front_matter import read_front_matter

BODY = (
    "The ministers agreed on a joint plan for mountain rescue teams across the region, with drills to be held "
    "each spring in a different member state and a shared radio protocol.\n\n"
    "A second paragraph explains how the plan will be paid for and which agencies will run the drills."
)


@pytest.mark.parametrize(
    "head, tail, title, author, date",
    [
        (
            '---\ntitle: "Mountain Rescue Pact Takes Shape"\nauthor: Aigerim Sadykova\ndate: 2025-04-02\ntags: [rescue]\n---\n\n',
            "",
            "Mountain Rescue Pact Takes Shape",
            "Aigerim Sadykova",
            "2025-04-02",
        ),
        (
            "+++\nheadline = 'Rescue Teams Without Borders'\nauthors = [\"Kerem Aydin\"]\npublished = 14.03.2025\n+++\n",
            "",
            "Rescue Teams Without Borders",
            "Kerem Aydin",
            "2025-03-14",
        ),
        (
            "From: Daniyar Omarov <d.omarov@example.org>\nSent: Tuesday, 8 April 2025 09:14\nTo: Analysts\n"
            "Subject: Fwd: Mountain rescue pact takes shape\n\n",
            "",
            "Mountain rescue pact takes shape",
            "Daniyar Omarov",
            "2025-04-08",
        ),
        (
            "Mountain Rescue Pact Takes Shape\nPosted on April 2, 2025 by Kerem Aydin\n\n",
            "",
            "Mountain Rescue Pact Takes Shape",
            "Kerem Aydin",
            "2025-04-02",
        ),
        (
            "Mountain Rescue Pact Takes Shape\nFirst published 2 April 2025 | Updated 5 April 2025\nBy Kerem Aydin\n\n",
            "",
            "Mountain Rescue Pact Takes Shape",
            "Kerem Aydin",
            "2025-04-02",
        ),
        (
            "Mountain Rescue Pact Takes Shape\n\n",
            "\n\nNino Beridze is a senior fellow at the Tbilisi Institute for Security Studies.",
            "Mountain Rescue Pact Takes Shape",
            "Nino Beridze",
            "",
        ),
    ],
    ids=["yaml", "toml-ish", "email", "posted-by", "two-dates", "closing-bio"],
)
def test_title_author_and_date_are_read_from_each_shape(head, tail, title, author, date):
    article = clean_article(head + BODY + tail)
    assert (article.title, article.author, article.date) == (title, author, date)
    assert article.text.count("The ministers agreed") == 1
    # YAML is markup: none of its lines may be quoted as the article's words.
    for word in ("title:", "headline =", "tags:", "+++", "---"):
        assert word not in article.text


def test_an_emails_header_lines_stay_in_the_text_for_a_reader_to_cite():
    head = "From: Daniyar Omarov <d.omarov@example.org>\nSent: Tuesday, 8 April 2025 09:14\nSubject: Rescue pact\n\n"
    article = clean_article(head + BODY)
    assert (article.title, article.author, article.date) == ("Rescue pact", "Daniyar Omarov", "2025-04-08")
    assert article.text.count("The ministers agreed") == 1
    assert read_front_matter(head + BODY)[1] == head + BODY


def test_the_closing_note_on_the_author_stays_a_sentence_of_the_text():
    article = clean_article("Rescue Pact\n\n" + BODY + "\n\nNino Beridze is a senior fellow at the Tbilisi Institute.")
    assert article.text.endswith("Nino Beridze is a senior fellow at the Tbilisi Institute.")


@pytest.mark.parametrize(
    "text",
    [
        "---\n\nThe ministers met in Baku. Nothing else came of it.\n\n---\n",  # a rule, not front matter
        "From: the ministry's own account, the drills went well.\nThe rest follows.",  # a sentence, not a header
        "From: Daniyar Omarov\n\nThe ministers met.",  # a lone From: line is no e-mail header
        "",
    ],
)
def test_text_that_only_looks_like_a_block_is_left_as_it_is(text):
    assert read_front_matter(text) == ({}, text)


def test_a_date_line_of_a_table_is_not_read_as_the_articles_date():
    # Several dated parts, but the line is a sentence of the body, far below the header.
    head = "Mountain Rescue Pact Takes Shape\nBy Kerem Aydin\n\n"
    article = clean_article(head + BODY + "\n\nDrill one: 2 May 2025 | Drill two: 9 May 2025")
    assert article.date == ""
