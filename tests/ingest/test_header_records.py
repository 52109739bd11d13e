# ruff: noqa: E501  (each header is written as its lines stand)
"""Header shapes of exported and saved articles (cleaner 27): a news archive's, a database's or a CMS's
block of labelled fields atop the text, a lone "Source:" line, web addresses and retrieval notes, a
copyright footer, names with particles and patronymics, authors listed in a record's or a meta tag's
order. Every header here is written for these tests, with names and outlets from outside the corpus."""

from __future__ import annotations

import pytest

from ingest.clean import _lines, clean_article
from ingest.header_names import in_order
from ingest.header_record import read_record, record_authors

BODY = (
    "The ministers of the four Gulf states met in Riyadh on Tuesday to discuss a shared register of "
    "port calls, the first such step since the coastal guards began to meet in 2019.\n\n"
    "Officials said the register would be kept in Muscat and opened to observers from Georgia next year."
)


@pytest.mark.parametrize(
    "article, title, author, date, publication",
    [
        # a database record: labelled fields, one of them the headline in capitals; the authors by ";"
        (
            "Document 7 of 40\n------------------------------\n\nHeadline: GULF STATES WEIGH SHARED PORT REGISTER\nByline: Layla Haddad; Omar Saleh\nSource: Gulf Business Ledger\nPublication-Date: 4 March 2025 Tuesday\nSection: PORTS; Pg. 3\nLength: 120 words\nCopyright: 2025 Gulf Business Ledger Ltd.\n\n"
            + BODY,
            "GULF STATES WEIGH SHARED PORT REGISTER",
            "Layla Haddad and Omar Saleh",
            "2025-03-04",
            "Gulf Business Ledger",
        ),
        # an archive's record with the people inverted, "Surname, Given; Surname, Given"
        (
            "Title:     Tbilisi and Riyadh agree on a coast-guard hotline\nSource:    Caucasus Harbour Review\nAuthor(s): Beridze, Nino; Saleh, Omar\nDate:      03-Mar-2025\nWords:     180\n\n"
            + BODY,
            "Tbilisi and Riyadh agree on a coast-guard hotline",
            "Nino Beridze and Omar Saleh",
            "2025-03-03",
            "Caucasus Harbour Review",
        ),
        # two-letter field codes; the lead paragraph under its own code stays in the text without it
        (
            "HD     Washington offers sensors for Gulf ports\nBY     Omar al-Rashid\nWC     140 words\nPD     12 June 2025\nSN     Harbour Wire\nLA     English\n\nLP     "
            + BODY,
            "Washington offers sensors for Gulf ports",
            "Omar al-Rashid",
            "2025-06-12",
            "Harbour Wire",
        ),
        # a CMS export: the login before the person's name in brackets, an ISO date and time
        (
            "post_id: 0912\npost_title: Helsinki hosts a Baltic port-security drill\npost_author: l.virtanen (Liisa Virtanen)\npost_date: 2025-02-17T08:15:00+02:00\nsite_name: Nordic Quay Times\n\n"
            + BODY,
            "Helsinki hosts a Baltic port-security drill",
            "Liisa Virtanen",
            "2025-02-17",
            "Nordic Quay Times",
        ),
        # an institution credited as the author of a record
        (
            "Title: Gulf port registers compared\nAuthor: Red Sea Maritime Studies Centre\nDate: 9 May 2025\nLanguage: English\n\n"
            + BODY,
            "Gulf port registers compared",
            "Red Sea Maritime Studies Centre",
            "2025-05-09",
            "",
        ),
        # a lone "Source:" line with a markdown link above a markdown headline; an end-of-page copyright
        (
            "Source: [Harbour Notes](https://harbour.example/posts/register)\n\n# Port Registers for the Gulf: A Plan\n\nBy Layla Haddad\n4 March 2025\n\n"
            + BODY,
            "Port Registers for the Gulf: A Plan",
            "Layla Haddad",
            "2025-03-04",
            "Harbour Notes",
        ),
        # a web address and a retrieval note above the page: no headline, no date of publication
        (
            "Retrieved from: https://www.gulfdesk.example/insights/port-register\nAccessed on 12 October 2025\n\nThe Gulf's port register takes shape\n\nPublished: 6 October 2025\n\n"
            + BODY
            + "\n\n© 2025 Gulf Desk Analytics. All rights reserved. | Privacy | Terms",
            "The Gulf's port register takes shape",
            "",
            "2025-10-06",
            "Gulf Desk Analytics",
        ),
        # names with a particle and a patronymic, in a byline
        (
            "Port guards of the Gulf meet in Doha\n\nBy Pieter van der Linde and Aibek Asan uulu\n4 March 2025\n\n" + BODY,
            "Port guards of the Gulf meet in Doha",
            "Pieter van der Linde and Aibek Asan uulu",
            "2025-03-04",
            "",
        ),
        # a page's spans run together: the byline and its date on one line with nothing between
        (
            "Gulf states weigh a shared port register\n\nWritten by Layla Haddad and Omar Saleh 30 September 2025\n\n" + BODY,
            "Gulf states weigh a shared port register",
            "Layla Haddad and Omar Saleh",
            "2025-09-30",
            "",
        ),
        # a page's title naming its site, then a web address under it
        (
            "Riyadh and Muscat to link their port registers – Gulf Evening Post\ngulfeveningpost.example/news/2025/07/port-registers\n\nBy Omar Saleh | Staff writer\n8 July 2025\n\n"
            + BODY,
            "Riyadh and Muscat to link their port registers",
            "Omar Saleh",
            "2025-07-08",
            "Gulf Evening Post",
        ),
        # a name and its role as a staff writer
        (
            "Gulf states weigh a shared port register\n\nNino Beridze | Staff writer\n2025-09-18 10:05\n\n" + BODY,
            "Gulf states weigh a shared port register",
            "Nino Beridze",
            "2025-09-18",
            "",
        ),
        # a cookie banner whose buttons stand on their own line, with its heading, above the page
        (
            "We value your privacy\nWe and our partners use cookies to store information on your device and to measure audiences.\n[ Accept all ]   [ Reject all ]   [ Manage preferences ]\n\nGulf states weigh a shared port register\n\nBy Omar Saleh\n4 March 2025\n\n"
            + BODY,
            "Gulf states weigh a shared port register",
            "Omar Saleh",
            "2025-03-04",
            "",
        ),
        # markdown: a quoted standfirst between the headline and a bold byline of three people
        (
            "# Port Registers: How the Gulf States Are Teaming Up\n\n> From Muscat to Riyadh, harbour masters are building one list of ships that everyone can read and trust.\n\n**By Layla Haddad, Omar Saleh and Nino Beridze**\n*Harbour Quarterly* · Issue 31 · Posted 5 Nov 2024\n\n"
            + BODY,
            "Port Registers: How the Gulf States Are Teaming Up",
            "Layla Haddad, Omar Saleh and Nino Beridze",
            "2024-11-05",
            "Harbour Quarterly",
        ),
        # a labelled line dating the event reported, above the one dating the page
        (
            "Gulf coast guards agree on a joint roster at Muscat talks\n\nBy Omar Saleh in Muscat\n\nTalks held: 6–7 November 2025\nPosted: 10.11.2025, 09:14\n\n"
            + BODY,
            "Gulf coast guards agree on a joint roster at Muscat talks",
            "Omar Saleh",
            "2025-11-10",
            "",
        ),
        # a masthead's line of parts (one saying what the outlet is) and a page reference above the headline
        (
            "HARBOUR | The magazine of Gulf ports | Spring issue | Features\nPORTS & SECURITY: PAGE 7\n\nSensors Over the Gulf\n\nText: Layla Haddad\nIllustrations by Omar Saleh\n\n"
            + BODY,
            "Sensors Over the Gulf",
            "Layla Haddad",
            "",
            "Harbour",  # "The magazine of Gulf ports" says what HARBOUR is
        ),
        # markdown: the authors in bold, the byline's date in italics with more parts after it
        (
            "# Doha and Muscat sign a patrol-boat deal\n\n**Layla Haddad** and **Omar Saleh**\n\n*Posted on 3 February 2025* · Filed under: Ports, Gulf · [14 comments](#comments)\n\n"
            + BODY,
            "Doha and Muscat sign a patrol-boat deal",
            "Layla Haddad and Omar Saleh",
            "2025-02-03",
            "",
        ),
        # a screen readers' link and a newsletter's contents above the lead story
        (
            "Skip to main content\n\nTHE GULF PORTS BULLETIN\n\nIn this issue\n\nLEAD\n\nCoast guards run their first joint incident drill\n\nby Nino Beridze, Bulletin editor\n1 July 2025\n\n"
            + BODY,
            "Coast guards run their first joint incident drill",
            "Nino Beridze",
            "2025-07-01",
            "The Gulf Ports Bulletin",
        ),
        # a release: the issuing body over its press office, a reference and a dated place, then the headline
        (
            "GULF COAST GUARD TRAINING CENTRE OF THE COOPERATION COUNCIL\nPress Office · Doha\n\nPRESS RELEASE\nFOR IMMEDIATE RELEASE\nRef. GCGTC/PR/2025/019\n\nDoha, 28.04.2025\n\nTraining Centre Graduates First Combined Boarding Course\n\n"
            + BODY,
            "Training Centre Graduates First Combined Boarding Course",
            "Gulf Coast Guard Training Centre of the Cooperation Council",
            "2025-04-28",
            "Gulf Coast Guard Training Centre of the Cooperation Council",
        ),
        # a release whose labels come first, then the issuing body (its parts set apart by a dash), then a dated place
        (
            "PRESS RELEASE\nFor immediate release\n\nCooperation Council of the Gulf States - General Secretariat\n"
            "Riyadh, 9 September 2025\n\nGulf customs chiefs meet in Riyadh and sign three documents\n\n" + BODY,
            "Gulf customs chiefs meet in Riyadh and sign three documents",
            "Cooperation Council of the Gulf States - General Secretariat",
            "2025-09-09",
            "Cooperation Council of the Gulf States - General Secretariat",
        ),
        # the labels, then the headline over a dated place, then who issued it: the headline is no issuing body
        (
            "PRESS RELEASE\nFOR IMMEDIATE RELEASE\n\nGulf Ministries Launch Joint Port Contact Network\n\nDoha, 2025-04-22\n\n"
            "Issued by the Press Office, Gulf Port Coordination Centre\n\n" + BODY,
            "Gulf Ministries Launch Joint Port Contact Network",
            "",
            "2025-04-22",
            "Gulf Port Coordination Centre",
        ),
        # front matter listing its authors one a line
        (
            '---\ntitle: "What Tbilisi learns from watching Gulf drills"\nauthors:\n  - "Nino Beridze"\n  - "Omar Saleh"\ndate: 2025-08-14\n---\n\n'
            + BODY,
            "What Tbilisi learns from watching Gulf drills",
            "Nino Beridze and Omar Saleh",
            "2025-08-14",
            "",
        ),
    ],
)
def test_exported_and_saved_headers(article, title, author, date, publication):
    cleaned = clean_article(article)
    assert (cleaned.title, cleaned.author, cleaned.date, cleaned.publication) == (title, author, date, publication)
    assert "Riyadh on Tuesday" in cleaned.text  # the article's text is kept
    # a record's fields, provenance lines and a cookie banner are not the article's
    for furniture in (
        "Headline:",
        "post_title",
        "Byline:",
        "HD ",
        "LP ",
        "Source:",
        "Retrieved from",
        "cookies",
        ".example/",
        "Illustrations by",
    ):
        assert furniture not in cleaned.text


@pytest.mark.parametrize(
    "lines",
    [
        # fewer than three labelled lines in a row
        "Title: Gulf port registers compared\nDate: 9 May 2025\n\n",
        # labelled lines that give no field the reader knows besides a date: an event's programme
        "Date: 9 May 2025\nVenue: Doha Port Authority\nParticipants: Qatar, Oman, Bahrain\nChair: Oman\n\n",
        # three labelled lines, but not in a row
        "Title: Gulf port registers compared\n\n\nAuthor: Layla Haddad\n\n\nSource: Harbour Wire\n\n",
    ],
)
def test_lines_that_are_not_a_record(lines):
    text = "Gulf port registers compared\n\n" + lines + BODY
    assert read_record(_lines(text)) == {}
    cleaned = clean_article(text)
    assert cleaned.title == "Gulf port registers compared"
    if "Venue" in lines:
        # a field under the headline is the article's, kept as a line (it was dropped as a headline's stray line)
        assert "Venue: Doha Port Authority" in cleaned.text


@pytest.mark.parametrize(
    "text, publication",
    [
        # a masthead beside a part saying what kind of publication it is
        (
            "DUNES & DHOWS | a blog on Gulf maritime security\n\nGulf states compare their port registers after a year of shared patrols\n\nBy Layla Haddad\n\n",
            "Dunes & Dhows",
        ),
        (
            "Harbour Lines · the newsletter of the Red Sea port community\n\nGulf states compare their port registers after a year of shared patrols\n\nBy Layla Haddad\n\n",
            "Harbour Lines",
        ),
        # a unit of a body issued the document: the body is its publication
        (
            "Gulf states compare their port registers after a year of shared patrols\n\nDoha, 2025-04-22\n\nIssued by the Press Office, Gulf Maritime Coordination Centre\n\n",
            "Gulf Maritime Coordination Centre",
        ),
        (
            "Gulf states compare their port registers after a year of shared patrols\n\nPrepared by the Horn of Africa Desk, Institute for Red Sea Studies\n\n",
            "Institute for Red Sea Studies",
        ),
        # Russian and Turkish mastheads: the kind, then the name in guillemets; a bulletin's name in capitals
        (
            "ИА «Степь-Пресс» | Лента новостей\n\nGulf states compare their port registers after a year of shared patrols\n\nBy Layla Haddad\n\n",
            "Степь-Пресс",
        ),
        (
            "KARADENİZ LİMAN BÜLTENİ | Enerji ve Ulaştırma\n\nGulf states compare their port registers after a year of shared patrols\n\nBy Layla Haddad\n\n",
            "Karadeniz Liman Bülteni",
        ),
        # no body: a person; a masthead whose parts say nothing of what it is
        (
            "Gulf states compare their port registers after a year of shared patrols\n\nPrepared by Omar Saleh, Senior Fellow\n\n",
            "",
        ),
        (
            "DUNES & DHOWS | Home | About\n\nGulf states compare their port registers after a year of shared patrols\n\nBy Layla Haddad\n\n",
            "",
        ),
    ],
)
def test_a_publication_named_by_its_description_or_as_the_issuing_body(text, publication):
    cleaned = clean_article(text + BODY)
    assert (cleaned.title, cleaned.publication) == (
        "Gulf states compare their port registers after a year of shared patrols",
        publication,
    )


@pytest.mark.parametrize("label", ["Participants", "Speakers", "Panellists"])
def test_a_field_naming_who_took_part_is_the_articles_and_never_its_headline(label):
    # Longer than the headline and led by a word that alone is a section label ("PARTICIPANTS"): it was read
    # as a kicker before the headline, became the title, and left the text.
    people = "Dana Ospanova (Aktau Port Authority), Murat Kaya (Istanbul Technical University), Elnur Aliyev (ADA University)"
    text = f"Roundtable on Caspian Port Security\n\n{label}: {people}\n\nBy Sara Lind\n14 May 2025\n\n" + BODY
    cleaned = clean_article(text)
    assert (cleaned.title, cleaned.author, cleaned.date) == ("Roundtable on Caspian Port Security", "Sara Lind", "2025-05-14")
    assert f"{label}: {people}" in cleaned.text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Demir, Kaan; Yusupova, Nilufar", "Kaan Demir and Nilufar Yusupova"),
        ("Layla Haddad; Omar Saleh; Nino Beridze", "Layla Haddad, Omar Saleh and Nino Beridze"),
        ("l.virtanen (Liisa Virtanen)", "Liisa Virtanen"),
        ("Dr. Omar Saleh", "Omar Saleh"),
        ("Omar Saleh, Senior Fellow at the Gulf Institute", ""),  # left to the byline reading
    ],
)
def test_a_records_author_field(value, expected):
    assert record_authors(value) == expected


@pytest.mark.parametrize(
    "author, expected",
    [
        ("Nazarova, Aida", "Aida Nazarova"),
        ("Layla Haddad, Omar Saleh", "Layla Haddad and Omar Saleh"),  # a meta tag's list
        ("Layla Haddad and Omar Saleh", "Layla Haddad and Omar Saleh"),
        ("Layla Haddad", "Layla Haddad"),
        ("Staff, Reuters", "Staff, Reuters"),  # a credit, not a person inverted
    ],
)
def test_authors_in_the_order_they_are_cited(author, expected):
    assert in_order(author) == expected


@pytest.mark.parametrize(
    "ending, author",
    [
        ("(Reporting by Omar Saleh; Editing by Nino Beridze)", "Omar Saleh"),  # a wire's closing credit
        (
            "— Layla Haddad is a researcher at a Gulf maritime institute.\n\nLeave a Reply\nYour email address will not be published.",
            "Layla Haddad",
        ),
    ],
)
def test_bylines_at_the_end(ending, author):
    cleaned = clean_article("Gulf states weigh a shared port register\n\n" + BODY + "\n\n" + ending)
    assert cleaned.author == author
    assert "Leave a Reply" not in cleaned.text  # a blog's comment form is no part of the article


def test_an_outlet_in_capitals_with_a_turkish_dotted_capital_i_reads_as_written():
    from ingest.header import outlet_name

    assert outlet_name("TÜRKİSTAN INSTITUTE FOR REGIONAL SECURITY") == "Türkistan Institute for Regional Security"


def test_a_forwarded_article_is_read_below_the_marker():
    """An e-mail forwarding an article: the article's own outlet, date, headline and authors, not the
    sender's; the sender's note and the e-mail's fields stay in the text, as any e-mail's do."""
    article = (
        "From: Layla Haddad <l.haddad@gulfdesk.example>\nTo: Desk <desk@gulfdesk.example>\n"
        "Date: Tue, 11 Mar 2025 09:12:44 +0300\nSubject: Fwd: Coast-guard liaison cell opens in Muscat\n\n"
        "Team, forwarding the piece below for tomorrow's digest.\n\n---------- Forwarded message ----------\n"
        "From: Harbour Wire <news@harbourwire.example>\nDate: Fri, 7 Mar 2025 18:00\n\n"
        "The Muscat Courier\nMarch 7, 2025\n\nCoast-guard liaison cell opens in Muscat\n\n"
        "By Omar Saleh and Nino Beridze\n\n" + BODY
    )
    cleaned = clean_article(article)
    assert (cleaned.title, cleaned.author, cleaned.date) == (
        "Coast-guard liaison cell opens in Muscat",
        "Omar Saleh and Nino Beridze",
        "2025-03-07",
    )
    assert "forwarding the piece below" in cleaned.text and "Riyadh on Tuesday" in cleaned.text
