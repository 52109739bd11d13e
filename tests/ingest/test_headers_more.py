# ruff: noqa: E501  (each header is written as its lines stand)
"""Header shapes found by a fresh set of made-up articles (issue 23, readable names for every source): a
masthead above the headline, a bare name over its date or role, a line of parts opening with a name, a
list of three authors, a reporter's place, a day-first date with slashes, a standfirst under the
headline, a breadcrumb, a reference number, a mailing list's tag. Every header here is written for
these tests, with names from outside the corpus."""

from __future__ import annotations

import pytest

from ingest.clean import clean_article

BODY = (
    "\n\nThe ministers of the four Gulf states met in Riyadh on Tuesday to discuss a shared register of "
    "port calls, the first such step since the coastal guards began to meet in 2019.\n\n"
    "Officials said the register would be kept in Muscat and opened to observers from Georgia next year."
)


@pytest.mark.parametrize(
    "header, title, author, date, publication",
    [
        # a masthead over the headline, and a standfirst under it that is longer than the headline
        (
            "Gulf Dispatch\n\nPort guards seek a shared register of ship calls\n\nThe plan has so far brought meetings but few practical projects at sea\n\nBy Layla Haddad in Muscat\nWed 5 Mar 2025 07.15 GMT",
            "Port guards seek a shared register of ship calls",
            "Layla Haddad",
            "2025-03-05",
            "Gulf Dispatch",
        ),
        # three authors in a comma list ending with "and"; an ISO date with its time
        (
            "Gulf states discuss joint production of patrol boats\nBy Layla Haddad, Omar Saleh and Nino Beridze\n2025-10-07 14:05 GMT",
            "Gulf states discuss joint production of patrol boats",
            "Layla Haddad, Omar Saleh and Nino Beridze",
            "2025-10-07",
            "",
        ),
        # a masthead in capitals, a breadcrumb, a line of parts opening with the author's name
        (
            "RIYADH LINE\nHome › World › Gulf\n\nSaudi Arabia and Oman sign pact on joint coast guard training\n\nOmar Saleh   |   14.11.2025 11:20   |   Last updated: 14.11.2025 15:02",
            "Saudi Arabia and Oman sign pact on joint coast guard training",
            "Omar Saleh",
            "2025-11-14",
            "Riyadh Line",
        ),
        # an outlet and its section, then a day-first date with slashes
        (
            "The Muscat Herald | Opinion\n18/09/2025\n\nOman Should Shape Gulf Port Security, Not Just Join It",
            "Oman Should Shape Gulf Port Security, Not Just Join It",
            "",
            "2025-09-18",
            "The Muscat Herald",
        ),
        # the author's name over their role, above a document label and the headline; a place and date line
        (
            "Nino Beridze\nResearch Fellow, Tbilisi Centre for Regional Studies\n\nPOLICY MEMO\n\nSmall State, Big Exposure: Georgia and Port Security\n\nTbilisi, 21 January 2026",
            "Small State, Big Exposure: Georgia and Port Security",
            "Nino Beridze",
            "2026-01-21",
            "",
        ),
        # a reference number with no colon above a place and date line and a headline in capitals
        (
            "Ref. 2025/PR/118\nHelsinki, 27 November 2025\n\nFINLAND HOSTS GULF EXPERT MEETING ON PORT SECURITY",
            "FINLAND HOSTS GULF EXPERT MEETING ON PORT SECURITY",
            "",
            "2025-11-27",
            "",
        ),
        # a labelled list of rapporteurs
        (
            "Helsinki Security Dialogue 2025 — Session 3\n\nPort Security in the Gulf: Rapporteurs' Summary\n\nRapporteurs: Layla Haddad, Omar Saleh and Nino Beridze\nCirculated: 6 October 2025",
            "Port Security in the Gulf: Rapporteurs' Summary",
            "Layla Haddad, Omar Saleh and Nino Beridze",
            "2025-10-06",
            "",
        ),
        # a journal's authors marked with their affiliations' notes
        (
            "Between Forum and Alliance: Port Security in the Gulf\n\nLayla Haddad¹ and Omar Saleh²\n\n¹ Muscat Policy Forum ² Riyadh Institute\n\nPublished online: 2 May 2025",
            "Between Forum and Alliance: Port Security in the Gulf",
            "Layla Haddad and Omar Saleh",
            "2025-05-02",
            "",
        ),
        # a name with a role in brackets; a byline naming what was written ("Analysis by …")
        (
            "Port guards seek a shared register\n\nNino Beridze (Senior Analyst, Gulf Desk)\n3 March 2025",
            "Port guards seek a shared register",
            "Nino Beridze",
            "2025-03-03",
            "",
        ),
        (
            "Port guards seek a shared register\n\nAnalysis by Omar Saleh\n3 March 2025",
            "Port guards seek a shared register",
            "Omar Saleh",
            "2025-03-03",
            "",
        ),
        # a document's field set in columns above the headline, and a short label over the date line
        (
            "Series:      Gulf Working Papers\n\nPort guards seek a shared register\n\nExpert Comment\n3 March 2025",
            "Port guards seek a shared register",
            "",
            "2025-03-03",
            "",
        ),
    ],
)
def test_header_shapes_of_collected_articles(header, title, author, date, publication):
    article = clean_article(header + BODY)
    assert (article.title, article.author, article.date, article.publication) == (title, author, date, publication)
    assert "Home ›" not in article.text and "The ministers of the four Gulf states" in article.text


def test_a_masthead_alone_is_the_headline():
    article = clean_article("Gulf Port Notes" + BODY)
    assert article.title == "Gulf Port Notes" and article.publication == ""


def test_a_markdown_subtitle_over_the_byline_does_not_end_the_header():
    article = clean_article(
        "Gulf Port Notes\n\n# The Observer Nobody Mentions\n\n### Why Oman's status complicates port planning\n\nLayla Haddad\nApr 9, 2025"
        + BODY
    )
    assert (article.title, article.author, article.date) == ("The Observer Nobody Mentions", "Layla Haddad", "2025-04-09")


def test_a_mailing_lists_tag_is_no_part_of_the_subject():
    from ingest.front_matter import read_front_matter

    meta, _ = read_front_matter(
        "From: Gulf Brief <list@gulfbrief.example>\nDate: Mon, 20 Oct 2025 07:30:00 +0500\nSubject: [Gulf Brief] Oman weighs a deeper port security role\n\nGood morning."
    )
    assert meta["title"] == "Oman weighs a deeper port security role"


def test_a_closing_note_on_the_author_after_a_dash_names_the_author():
    article = clean_article(
        "Oman Should Shape Gulf Port Security\n" + BODY + "\n\n— Omar Saleh is a non-resident fellow at the Muscat Policy Forum."
    )
    assert article.author == "Omar Saleh"


def test_where_the_publication_is_named_besides_a_masthead():
    from ingest.front_matter import read_front_matter

    # a newsletter sends as itself
    meta, _ = read_front_matter(
        "From: Gulf Port Digest <digest@gulfport.example>\nDate: Mon, 20 Oct 2025 07:30:00 +0500\nSubject: Ports this week\n\nGood morning."
    )
    assert meta["publication"] == "Gulf Port Digest" and "author" not in meta
    # a static site's front matter names its site
    meta, _ = read_front_matter('---\ntitle: "Ports in common"\nauthor: Layla Haddad\nsite: "Gulf Port Review"\n---\n\nText.')
    assert meta["publication"] == "Gulf Port Review"
    # a wire's dateline names its agency when nothing else names an outlet
    article = clean_article(
        "Gulf states discuss joint patrol boats\nBy Omar Saleh\n\nMUSCAT, March 3 (Gulf Wire) — The ministers of the Gulf states met on Tuesday to discuss joint patrol boats."
    )
    assert article.publication == "Gulf Wire"


def test_a_byline_opening_a_line_of_parts_names_the_author_without_by():
    article = clean_article("Port guards seek a shared register\nBy Omar Saleh | 12 March 2025 | 4 min read" + BODY)
    assert (article.author, article.date) == ("Omar Saleh", "2025-03-12")


def test_a_standfirst_under_the_headline_stays_in_the_text():
    header = "Gulf Dispatch\n\nPort guards seek a shared register of ship calls\n\nThe plan has so far brought meetings but few practical projects at sea\n\nBy Layla Haddad\n5 March 2025"
    article = clean_article(header + BODY)
    assert article.title == "Port guards seek a shared register of ship calls"
    assert "The plan has so far brought meetings but few practical projects at sea" in article.text
    assert "Gulf Dispatch" not in article.text and not article.text.startswith("Port guards")


@pytest.mark.parametrize(
    "header, title, date",
    [
        ("Opinion: Oman Should Shape Gulf Port Security\n\n3 March 2025", "Oman Should Shape Gulf Port Security", "2025-03-03"),
        (
            "UPDATE 2-Oman, Georgia agree joint patrols in the Gulf\n\n3 March 2025",
            "Oman, Georgia agree joint patrols in the Gulf",
            "2025-03-03",
        ),
        (
            "Port guards seek a shared register\n\nOmar Saleh  |  2025.03.16. 18:05",
            "Port guards seek a shared register",
            "2025-03-16",
        ),
        (
            "=====================\nPort guards seek a shared register\n=====================\nDate:   03-Mar-2025",
            "Port guards seek a shared register",
            "2025-03-03",
        ),
        (
            "Port guards seek a shared register\n\nInterview by Omar Saleh\nPublished Mar 25, 2025  ·  Updated Mar 26, 2025  ·  6 min read",
            "Port guards seek a shared register",
            "2025-03-25",
        ),
        (
            "Gulf States Agree to\nPool Port Intelligence\n\nBy Omar Saleh\n3 March 2025",
            "Gulf States Agree to Pool Port Intelligence",
            "2025-03-03",
        ),
        # wrapped where no word says so: Title Case lines in one block, closed by a blank line
        (
            "Gulf States Agree to\nPool Port Intelligence\nAlong Red Sea Routes\n\nBy Omar Saleh\n3 March 2025",
            "Gulf States Agree to Pool Port Intelligence Along Red Sea Routes",
            "2025-03-03",
        ),
        # a cover page's title wrapped after a colon
        (
            "NAIROBI CENTRE FOR MARITIME STUDIES\n\n\nFrom Port Rhetoric to\nStanding Patrols:\nAssessing the Gulf Security Track\n\n\nAmina Odhiambo\n3 March 2025",
            "From Port Rhetoric to Standing Patrols: Assessing the Gulf Security Track",
            "2025-03-03",
        ),
    ],
)
def test_more_headline_and_date_shapes(header, title, date):
    article = clean_article(header + BODY)
    assert (article.title, article.date) == (title, date)


@pytest.mark.parametrize(
    "header, author, date",
    [
        # the walk stops at a line of parts it cannot place; the byline under it is still the header's
        (
            "Red Sea Monthly\nPrint edition: May 2025  ·  Issue 12  ·  pp. 4–7\nSection: Ports\n\nDjibouti's patrol boats\nand the Gulf agenda\n\nWords by Hassan Warsame\nPhotography: Nadia Farah",
            "Hassan Warsame",
            "2025-05",
        ),
        # a byline among the parts of a line; a day with its ordinal ending
        (
            "# Opinion: Ports need a guard, not just cranes\n\n**By Layla Haddad** | *The Gulf Review* | 3rd May 2025",
            "Layla Haddad",
            "2025-05-03",
        ),
        # "Prepared by:" with a colon and a role; two labelled dates set apart as columns: the circulated one
        (
            "Nairobi Centre for Maritime Studies\nBRIEFING NOTE — DRAFT v2\n\nKenya's coast guard and the Gulf\n\nPrepared by: Amina Odhiambo, Research Associate\nDrafted: 18 Feb 2025          Circulated: 6 March 2025",
            "Amina Odhiambo",
            "2025-03-06",
        ),
        # a guest post's byline with a title before the name; "Posted by" with a one-word handle is no author
        (
            "# Gulf Security Notes\n\n## What Oman gains from the port talks\n\nPosted by admin on Saturday 8th March 2025 at 10:14 am\n\n*Guest post by Dr. Amina Odhiambo, lecturer in law.*",
            "Amina Odhiambo",
            "2025-03-08",
        ),
        # a bare name right under the headline, and ranks before two names
        (
            "THE NILE DISPATCH\n\nKenya's Observer Role: Bridge or Balcony?\nNadia Farah",
            "Nadia Farah",
            "",
        ),
        (
            "Gulf Defence Journal\n\nLessons from the port drills\n\nBy Brig. Gen. (Ret.) Omar Saleh and Maj. Layla Haddad\n12 May 2025",
            "Omar Saleh and Layla Haddad",
            "2025-05-12",
        ),
        # several authors under the headline: each on a line with a rank or over a role, or listed with places
        (
            "GULF LAND WARFARE REVIEW\nIssue 1/2025  —  Professional Notes\n\nLessons from the port drills: what joint patrols reveal\n\nBrig. Gen. (Ret.) Omar Saleh\nMaj. Layla Haddad, Omani Armed Forces",
            "Omar Saleh and Layla Haddad",
            "",
        ),
        (
            "NAIROBI CENTRE FOR MARITIME STUDIES\nPolicy Paper Series  ·  No. 2025/07\n\nFrom port rhetoric to standing patrols\n\nDr. Amina Odhiambo\nSenior Fellow, Nairobi Centre for Maritime Studies\n\nProf. Hassan Warsame\nVisiting Researcher, Djibouti Institute of Law",
            "Amina Odhiambo and Hassan Warsame",
            "",
        ),
        (
            "GULF SECURITY NETWORK\nCommentary No. 112\n\nAfter Muscat: three tests for Gulf security\n\nNadia Farah (Nairobi), Omar Saleh (Muscat) & Layla Haddad (Doha)\n18 March, 2025",
            "Nadia Farah, Omar Saleh and Layla Haddad",
            "2025-03-18",
        ),
    ],
)
def test_bylines_and_dates_below_a_line_the_header_walk_stops_at(header, author, date):
    cleaned = clean_article(header + BODY)
    assert (cleaned.author, cleaned.date) == (author, date)
    assert "register of port calls" in cleaned.text


def test_a_title_is_no_honorific_and_one_word_names_stay_whole():
    from ingest.header_names import without_honorifics

    assert without_honorifics("Prof Omar Saleh, Dr Layla Haddad") == "Omar Saleh, Layla Haddad"
    assert without_honorifics("Major Tom") == "Major Tom"


@pytest.mark.parametrize(
    "header, title, publication",
    [
        # the outlet's name atop the page (a publication's word) is no headline: the wrapped one below it is
        (
            "Red Sea Monthly\nPrint edition: May 2025  ·  Issue 12\nSection: Ports\n\nDjibouti's Patrol Boats\nand the Gulf Security Agenda\n\nWords by Hassan Warsame",
            "Djibouti's Patrol Boats and the Gulf Security Agenda",
            "Red Sea Monthly",
        ),
        (
            "NAIROBI CENTRE FOR MARITIME STUDIES\nBRIEFING NOTE — DRAFT v2\n[Comment AO1: confirm the title]\n\nKenya's Coast Guard and the Gulf: A Quiet Partnership\n\nPrepared by: Amina Odhiambo",
            "Kenya's Coast Guard and the Gulf: A Quiet Partnership",
            "Nairobi Centre for Maritime Studies",
        ),
        # a trail of sections taken for the headline
        (
            "THE NILE DISPATCH\nAnalysis  ›  East Africa & the Gulf\n\nKenya's Observer Role: Bridge or Balcony?\nNadia Farah",
            "Kenya's Observer Role: Bridge or Balcony?",
            "The Nile Dispatch",
        ),
        # a headline with a colon and a short one keep their place
        (
            "Gulf talks: Muscat proposes joint coast guard drills\n\nBy Layla Haddad\n12 May 2025",
            "Gulf talks: Muscat proposes joint coast guard drills",
            "",
        ),
    ],
)
def test_furniture_or_the_outlet_taken_for_the_headline_gives_way_to_the_headline(header, title, publication):
    cleaned = clean_article(header + BODY)
    assert (cleaned.title, cleaned.publication) == (title, publication)
    assert "register of port calls" in cleaned.text


def test_a_headline_read_after_the_walk_is_metadata_only():
    # The walk took the trail for the headline; the real one, read after it, names the article and stays in
    # the text as the line it was (held-out articles' text is unchanged by the later reading).
    cleaned = clean_article(
        "THE NILE DISPATCH\nAnalysis  ›  East Africa & the Gulf\n\nKenya's Observer Role: Bridge or Balcony?" + BODY
    )
    assert cleaned.title == "Kenya's Observer Role: Bridge or Balcony?"
    assert cleaned.text.startswith("Kenya's Observer Role: Bridge or Balcony?\n\nThe ministers")


@pytest.mark.parametrize(
    "header, publication",
    [
        # a newspaper's masthead set in columns with its issue number and date; a section label below it
        (
            "THE NAIROBI MORNING STANDARD        No. 4,812        FRIDAY, MAR. 7, 2025        A6\n\nWORLD & REGION\n\nKenya to host a Gulf crisis-response centre",
            "The Nairobi Morning Standard",
        ),
        # a feed reader's tag and the feed's section after a dash
        ("[Feed] Red Sea Wire — Security & Defence\n\nMuscat proposes joint coast guard exercises", "Red Sea Wire"),
        # an agency's name with its acronym; a trail of links after the outlet
        ("GULF NEWS AGENCY (GNA)\n18.03.2025 16:04\n\nOman and Kenya agree joint patrols", "Gulf News Agency"),
        ("Red Sea Ledger  |  Home › News › Security\n\nOman and Kenya agree joint patrols", "Red Sea Ledger"),
        # a headline that has a publication's word in it is still the headline, not the outlet
        ("The Gulf Review of Patrol Boats Turns a Page\n\nBy Layla Haddad\n12 May 2025", ""),
    ],
)
def test_the_masthead_atop_the_page_names_the_outlet(header, publication):
    assert clean_article(header + BODY).publication == publication


def test_a_roman_month_and_the_outlet_among_a_bylines_parts():
    roman = clean_article(
        "GULF LAND WARFARE REVIEW\nOnline: 24.III.2025\n\nLessons from the port drills: what joint patrols reveal" + BODY
    )
    assert roman.date == "2025-03-24"
    parts = clean_article(
        "# Ports need a guard, not just cranes\n\n**By Layla Haddad** | *The Gulf & Horn Review* | 3rd May 2025" + BODY
    )
    assert (parts.author, parts.publication, parts.date) == ("Layla Haddad", "The Gulf & Horn Review", "2025-05-03")


def test_a_long_line_of_parts_is_no_paragraph_and_a_bylines_role_is_no_sentence():
    header = (
        "# Gulf Security Notes\n\n## What Oman gains from the port talks\n\n"
        "Posted by admin on Saturday 8th March 2025 at 10:14 am · Filed under Guest posts, Oman, Kenya, Gulf ports · 3 comments\n\n"
        "*Guest post by Dr. Amina Odhiambo, lecturer in international law at a university in Mombasa.*"
    )
    cleaned = clean_article(header + BODY)
    assert (cleaned.author, cleaned.date) == ("Amina Odhiambo", "2025-03-08")


def test_a_headline_found_after_the_walk_is_not_joined_to_the_address_under_it():
    header = "[Feed] Red Sea Wire — Security & Defence\n★ Unread  ·  3 min read\n\nMuscat talks: Oman proposes joint coast guard drills\nhttps://redseawire.example/2025/03/05/muscat-talks/\nPosted by Hassan Warsame  |  Filed under: Maritime"
    cleaned = clean_article(header + BODY)
    assert cleaned.title == "Muscat talks: Oman proposes joint coast guard drills"
    assert cleaned.author == "Hassan Warsame"


@pytest.mark.parametrize(
    "header, title",
    [
        # two people on two lines under the headline are no wrapped headline
        (
            "Lessons From the Red Sea Patrols\n\nBrig. Gen. (Ret.) Hassan Warsame\nMaj. Amina Odhiambo, Kenya Navy\n\n3 March 2025",
            "Lessons From the Red Sea Patrols",
        ),
        # a show and its episode's quoted title
        (
            'The Harbour Podcast — Episode 12\n"Can the Gulf States Build a Common Coast Guard?"\n\n3 March 2025',
            "Can the Gulf States Build a Common Coast Guard?",
        ),
        # a headline over a standfirst in sentence case, with no blank line between
        (
            "Gulf States Agree to Pool Port Intelligence\nMinisters said a shared desk would open before the end of the year\n\n3 March 2025",
            "Gulf States Agree to Pool Port Intelligence",
        ),
    ],
)
def test_lines_under_a_headline_that_do_not_continue_it(header, title):
    assert clean_article(header + BODY).title == title


def test_the_lines_of_a_wrapped_headline_are_never_read_as_its_authors():
    header = "Gulf States Agree to\nPool Port Intelligence\nAlong Red Sea Routes\n\nOmar Saleh and Layla Haddad\n3 March 2025"
    article = clean_article(header + BODY)
    assert (article.title, article.author) == (
        "Gulf States Agree to Pool Port Intelligence Along Red Sea Routes",
        "Omar Saleh and Layla Haddad",
    )
    cover = "From Port Rhetoric to\nStanding Patrols:\nAssessing the Gulf Track\n\nDr. Amina Odhiambo\nSenior Fellow, Nairobi Centre\n\nProf. Hassan Warsame\nVisiting Researcher, Djibouti\n\n3 March 2025"
    assert clean_article(cover + BODY).author == "Amina Odhiambo and Hassan Warsame"


@pytest.mark.parametrize(
    "header, title, publication",
    [
        # a tagline under the masthead says what the outlet is; the headline is further down
        (
            "THE HORN LETTER\nA fortnightly briefing from the Red Sea desk\nIssue No. 9  ·  2 June 2025\n\nLEAD\n\nCoast guards of three states run first joint patrol\n\nby Omar Saleh, editor",
            "Coast guards of three states run first joint patrol",
            "",
        ),
        (
            "HARBOUR VOICE\nIndependent news from the coast since 2004\n\nEDITORIAL\n\nPort data sharing must not outrun oversight\n\nJun. 2, 2025  |  Print edition, page 4",
            "Port data sharing must not outrun oversight",
            "",
        ),
        (
            "Red Sea Roundup\nWeekly newsletter on politics and security around the Gulf\n\nDjibouti patrols widen to the strait",
            "Djibouti patrols widen to the strait",
            "",
        ),
        # the outlet and its section on one line: the outlet is the publication, the headline is below
        (
            "Accessed on 12 May 2025\n\nGulf Strategic — Insights\n\nGuarding the cables: undersea links on the Gulf agenda\n\nAuthor: Gulf Cable Research Network",
            "Guarding the cables: undersea links on the Gulf agenda",
            "Gulf Strategic",
        ),
        # an institute's series of papers, then a headline wrapped on three lines
        (
            "Nairobi Maritime Institute\nWorking Paper Series on Coastal Security\n\nWorking Paper No. 3          May 2025\n\n\n   Protecting Ports and Cables in the\n   Red Sea Region: Patrols,\n   Registers and the Gulf Corridor\n",
            "Protecting Ports and Cables in the Red Sea Region: Patrols, Registers and the Gulf Corridor",
            "",
        ),
    ],
)
def test_a_tagline_is_never_the_headline(header, title, publication):
    cleaned = clean_article(header + BODY)
    assert cleaned.title == title
    if publication:
        assert cleaned.publication == publication
    assert "register of port calls" in cleaned.text


@pytest.mark.parametrize(
    "header, title",
    [
        # a title-case headline wrapped where no word says so
        (
            "RED SEA NOTES\n\nFEATURE\n\nPort Registers Quietly\nChange the Gulf Security Map\n\nby Hassan Warsame, editor",
            "Port Registers Quietly Change the Gulf Security Map",
        ),
        # an issue's contents and a print page's running head are not the headline
        (
            "THE GULF BULLETIN\nA monthly digest for coastal officials\n\nIn this issue\n  1. Lead: Coast guards share a register\n  2. In brief: patrols\n\nLEAD\n\nCoast guards share a register of port calls\n\nby Omar Saleh",
            "Coast guards share a register of port calls",
        ),
        (
            "THE HARBOUR LEDGER\nTuesday, 3 June 2025     No. 812\n\nPORTS & SECURITY                                  PAGE 5\n\n   Djibouti Yard to Build Patrol Boats\n   for Partners Along the Coast\n",
            "Djibouti Yard to Build Patrol Boats for Partners Along the Coast",
        ),
        # an interview's fields are never the headline; a guest post's label is no part of it
        (
            "Gulf Review\n\n“Trust is built at sea”: a conversation on joint patrols\n\nInterviewer: Layla Haddad\nInterviewee: Capt. (ret.) Omar Saleh, former commander of the Djibouti patrol flotilla\nPublished: 2025-06-04",
            "“Trust is built at sea”: a conversation on joint patrols",
        ),
        (
            "# Gulf Notes\n_A blog on ports and patrols_\n\n## Guest Post: What Djibouti Gains From Gulf Security Talks\n\nPosted by admin on 3 June 2025",
            "What Djibouti Gains From Gulf Security Talks",
        ),
    ],
)
def test_headlines_behind_furniture_a_wrap_or_a_label(header, title):
    assert clean_article(header + BODY).title == title


def test_a_headline_that_opens_with_an_article_is_no_tagline():
    from ingest.header_rest import tagline_shaped

    assert not tagline_shaped("A review of the Djibouti patrols")
    assert not tagline_shaped("The blog post that moved the Gulf")
    assert tagline_shaped("A blog on defence and diplomacy around the Gulf")
    assert tagline_shaped("The newsletter of the Red Sea Coast Guard Forum")


@pytest.mark.parametrize(
    "header, publication",
    [
        # the mailing list's tag in an e-mail's subject names the newsletter
        (
            "From: Omar Saleh <o.saleh@gulfnotes.example>\nTo: Gulf Notes subscribers <list@gulfnotes.example>\nDate: Tue, 03 Jun 2025 10:00:00 +0300\nSubject: [Gulf Notes] Oman weighs a deeper coast guard role\n\nDear readers,",
            "Gulf Notes",
        ),
        # a bold outlet among a reader app's parts ("6 min read")
        (
            "# Djibouti's observer seat: what it brings to Gulf security talks\n\n[Read original](https://gulf.example/a) · **Red Sea Quarterly** · 6 min read\n\n**Author:** Layla Haddad",
            "Red Sea Quarterly",
        ),
        # links atop a page: the first names the site
        (
            "[Harbour Post](https://harbourpost.example/) · [Defence](https://harbourpost.example/defence)\n\n# Oman and Kenya sign patrol-boat deal\n\n**Omar Saleh**",
            "Harbour Post",
        ),
        # the account row atop a saved page, then the masthead
        (
            "Sign up for our newsletter   |   Log in\nHARBOUR SECURITY REVIEW\nDefence   Ports   Diplomacy\n\nGULF STATES OPEN JOINT PORT DESK IN MUSCAT",
            "Harbour Security Review",
        ),
        # a masthead and its description in lower case
        (
            "**Dhow Ledger** — notes from the harbours of the Gulf\n\n# Why port officers in Muscat now ask for one form\n\n*Posted on 3 February 2025 by Omar Saleh*",
            "Dhow Ledger",
        ),
        # the outlet and a section or an episode on the line over the headline
        (
            "Gulf Affairs — Interviews\nPublished 2 June 2025\n\nPatrolling together: an interview with Omar Saleh\n\nInterview by Layla Haddad",
            "Gulf Affairs",
        ),
        (
            'TRANSCRIPT\nThe Harbour Podcast — Episode 12\n"Can the Gulf States Build a Common Coast Guard?"\n\nHost: Layla Haddad\nRecorded 2 Dec 2025 · Released 9 Dec 2025',
            "The Harbour Podcast",
        ),
    ],
)
def test_more_places_that_name_the_outlet(header, publication):
    assert clean_article(header + BODY).publication == publication


@pytest.mark.parametrize(
    "header, date",
    [
        # a standfirst under the headline does not end the header: the byline and the date below it are read
        (
            "GULF MONITOR\nHome › World › Middle East\n\nDrones over the strait: why Gulf states are pooling their skies\n\nShared procurement, joint training and a new data link are quietly changing how the coast guards of the Gulf watch their waters.\n\nBy Layla Haddad\nPublished 3 Feb 2025, updated 4 Feb 2025",
            "2025-02-03",
        ),
        # the month of a masthead's issue, or of a policy brief's number line
        (
            "HARBOUR  |  The magazine of Gulf affairs  |  April 2025  |  Features\n\nTHE PORT QUESTION\n\nRegisters Over the Strait\n\nBy Omar Saleh",
            "2025-04",
        ),
        (
            "           GULF INSTITUTE FOR MARITIME STUDIES\n                 Policy Brief No. 7  |  June 2025\n\n\n          PORT SECURITY IN THE RED SEA\n\n\nOmar Saleh\nSenior Fellow",
            "2025-06",
        ),
        # a broadcast's airing
        (
            "RADIO HARBOUR INTERNATIONAL\nProgramme: Coast Line\nTranscript — aired Thursday 14 November 2024, 19:30 Muscat time\n\nPresenter: Layla Haddad",
            "2024-11-14",
        ),
    ],
)
def test_more_dates_of_the_header(header, date):
    assert clean_article(header + BODY).date == date


def test_a_wires_dateline_dates_an_article_whose_header_gives_none():
    text = (
        "Gulf states agree to hold first joint coast guard drill in Oman\n\n"
        "MUSCAT, March 3, 2025 (Harbour Wire) - Coast guard officials from the four Gulf states agreed on Monday "
        "to hold their first joint drill off the coast of Oman next spring.\n\nNo date for the drill was announced."
    )
    assert clean_article(text).date == "2025-03-03"
    # a saved page's own date is never the article's
    saved = "Accessed on 12 May 2025  |  Gulf Strategic\n\nGuarding the cables: undersea links on the Gulf agenda" + BODY
    assert clean_article(saved).date == ""


def test_more_authors_and_dates_around_the_article():
    wire = (
        "HARBOUR NEWS AGENCY (HNA)\n\nUPDATE 2-Oman, Kenya agree joint patrols along the coast\n\n"
        "MUSCAT, March 18 (HNA) - Oman and Kenya will begin joint coast patrols next month, officials said on Tuesday."
        "\n\nThe agreement covers four ports.\n\n(Reporting by Omar Saleh in Muscat; Editing by Clara Voss)"
    )
    assert clean_article(wire).author == "Omar Saleh"
    essay = (
        "# Protecting the Red Sea Cables: A Gulf Plan\n\nLast updated 3 December 2025 · First published 2 December 2025"
        + BODY
        + "\n\n## About the author\n\n**Dr. Layla Haddad** is an associate professor of maritime security at a university in Muscat."
    )
    cleaned = clean_article(essay)
    assert (cleaned.author, cleaned.date) == ("Layla Haddad", "2025-12-02")
    post = (
        "**Dhow Ledger** — notes from the harbours of the Gulf\n\n# Why port officers in Muscat now ask for one form\n\n"
        "*Posted on 3 February 2025 by Omar Saleh* · Filed under: Ports, Gulf · [14 comments](#comments)"
    )
    cleaned = clean_article(post + BODY)
    assert (cleaned.author, cleaned.date, cleaned.publication) == ("Omar Saleh", "2025-02-03", "Dhow Ledger")


def test_a_translators_credit_and_a_newsletters_link_do_not_hide_the_headline():
    digest = (
        "Gulf Press Digest — Translations\nIssue 212 · October 2, 2024\n\n"
        "Translated from Arabic by Hassan Warsame. Original: Omar Saleh, «Ports without borders», Harbour Daily, 28.09.2024.\n\n\n"
        "Ports without borders? How the Gulf states are learning to trust each other\n\nOmar Saleh\n"
    )
    cleaned = clean_article(digest + BODY)
    assert (cleaned.title, cleaned.author, cleaned.publication) == (
        "Ports without borders? How the Gulf states are learning to trust each other",
        "Omar Saleh",
        "Gulf Press Digest",
    )
    post = (
        "[Layla Haddad's Newsletter](https://layla.example)\n\nSubscribe · Sign in\n\n---\n\n"
        "# Registers, not summits: why the Gulf port track deserves a closer look\n\n"
        "### Shared registers and a quiet push to pool port data among the Gulf states\n\n"
        "![](https://layla.example/avatar.jpg)\n\n**Layla Haddad**\nFeb 11, 2025 · 3 min read\n"
    )
    cleaned = clean_article(post + BODY)
    assert (cleaned.title, cleaned.author, cleaned.publication) == (
        "Registers, not summits: why the Gulf port track deserves a closer look",
        "Layla Haddad",
        "Layla Haddad's Newsletter",
    )


@pytest.mark.parametrize(
    "header, title, publication",
    [
        # a masthead run into the label line below it, and a masthead's initials followed by the section line
        (
            "Nairobi Institute for Maritime Studies\nANALYSIS  |  Ports & Security  |  Policy Brief\n\nTraining the Officers of the Coast: Academies as Glue\n\nOmar Saleh and Layla Haddad",
            "Training the Officers of the Coast: Academies as Glue",
            "Nairobi Institute for Maritime Studies",
        ),
        (
            "Red Sea Press Agency (RSPA)\nWorld News › Security\n\nCoast guard chiefs agree joint desk in Muscat\n\n18 Mar 2025 09:42 UTC",
            "Coast guard chiefs agree joint desk in Muscat",
            "Red Sea Press Agency",
        ),
        # a body's name wrapped over its press office, then a Title Case headline wrapped where no word says so
        (
            "AGENCY FOR COASTAL SECURITY COOPERATION\nOF THE SULTANATE OF OMAN\nPress Office\n\nRef. No. 14-3/872          Unofficial translation\n\nMuscat, 12 March 2025\n\nPress Statement on the Outcomes of the Gulf\nDeputy Coast Guard Chiefs' Meeting",
            "Press Statement on the Outcomes of the Gulf Deputy Coast Guard Chiefs' Meeting",
            "Agency for Coastal Security Cooperation of the Sultanate of Oman",
        ),
    ],
)
def test_mastheads_run_into_the_line_below_and_a_body_named_on_two_lines(header, title, publication):
    cleaned = clean_article(header + BODY)
    assert (cleaned.title, cleaned.publication) == (title, publication)
