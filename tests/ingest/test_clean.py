"""The cleaner on the four real articles: what a reader must never see, and what must survive."""

from __future__ import annotations

import re

import pytest

from ingest.clean import clean_article
from tests.conftest import CORPUS_FILES


@pytest.fixture(scope="module")
def cleaned(corpus_dir):
    return {key: clean_article((corpus_dir / name).read_text(encoding="utf-8")) for key, name in CORPUS_FILES.items()}


def test_metadata_matches_the_articles(cleaned):
    dipirro = cleaned["dipirro"]
    assert dipirro.title == "Brokers on the Bloc: Central Asian Alignment through Collective Security"
    assert (dipirro.author, dipirro.date) == ("John DiPirro", "2025-12-11")
    assert cleaned["gabala"].date == "2026-01-09"
    assert cleaned["gabala"].author == ""  # absent: left empty
    assert cleaned["samedov"].author == "Emil Samedov"
    assert cleaned["samedov"].date == ""
    for untitled in ("gabala", "samedov"):  # no title line: one made from the opening words (tests/ingest/test_titles.py)
        article = cleaned[untitled]
        assert article.title_source == "derived" and article.text.startswith(article.title.removesuffix("…"))
    assert {cleaned[key].title_source for key in ("dipirro", "corridors")} == {"header"}
    assert cleaned["corridors"].title == "Security, Corridors, and Cooperation: Türkiye’s Expanding Role in the Turkic World"
    assert cleaned["corridors"].author == "" and cleaned["corridors"].date == ""


@pytest.mark.parametrize(
    "junk",
    [
        "Photo credit",
        "Photo Credit",
        "Photo:",
        "Share on social media",
        "Related news",
        "↺",
        "16 px",
        "Feature Article",
        "By John DiPirro",
        "By Emil Samedov",
        "OTS Heads of State meet in Astana",
        "Wikimedia Commons",
        "Anadolu Agency",
    ],
)
def test_no_page_furniture_left(cleaned, junk):
    for key, article in cleaned.items():
        assert junk not in article.text, f"{junk!r} left in {key}"


def test_captions_above_photo_credits_are_dropped(cleaned):
    paragraphs = cleaned["corridors"].text.split("\n\n")
    for caption in ("Turkic states", "Azerbaijan and Turkiye", "Zangezur Corridor"):
        assert caption not in paragraphs


def test_repeated_teaser_tail_is_cut(cleaned):
    text = cleaned["corridors"].text
    opening = "Türkiye’s influence in Central Asia and the South Caucasus is often described as a return"
    assert text.count(opening) == 1
    assert not text.rstrip().endswith(("...", "…"))
    # The duplicated title line is metadata now, not body text.
    assert "Security, Corridors, and Cooperation:" not in text


@pytest.mark.parametrize(
    "sentence",
    [
        # Each of these is split across a PDF page break (often with footnotes or a caption between).
        "Russia's diminished reliability and Türkiye's technological outreach make limited multilateralism less risky",
        "signal the potential to institutionalize a broader, security-oriented regional bloc aligned with the Greater",
        "frameworks of the Organization of Turkic States (OTS) and OTS+, are gradually forming the scaffolding",
        "Joint exercises such as Caspian Breeze 2025 (naval operations), Birlestik-2024",
        "Kyrgyzstan, while reaffirming ties with Russia (2025), has simultaneously deepened co-production",
        "diversified engagement with Türkiye and Azerbaijan strengthens regional autonomy.",
        "For Central Asian states, this evolution need not be formal or rapid, as incremental coordination anchored",
    ],
)
def test_sentences_split_by_page_breaks_are_whole(cleaned, sentence):
    assert sentence in cleaned["dipirro"].text


def test_markup_and_escapes_are_reduced_to_text(cleaned):
    text = cleaned["dipirro"].text
    assert "*" not in text and "\\" not in text and "](#)" not in text
    assert "which reached $1.6 million in 2024." in text
    assert "These include Caspian Breeze 2025, focused on naval operations in the Caspian Sea;" in text
    assert not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", text)


def test_footnotes_move_to_the_end_and_point_back_to_their_sentence(cleaned):
    article = cleaned["dipirro"]
    assert [n.marker for n in article.footnotes] == [str(i) for i in range(1, 25)]
    notes = {n.marker: n for n in article.footnotes}
    four = notes["4"]
    assert article.text[four.start : four.end].startswith("[4] Refers to the newly-emerging external engagement format")
    assert four.start >= article.body_end
    # The marker stood right after "OTS+" in the prose.
    assert article.text[: four.cited_at].endswith("Organization of Turkic States (OTS) and OTS+")
    # A footnote continued on the next line and one stranded after the next page both stay whole.
    six = article.text[notes["6"].start : notes["6"].end]
    assert "Turkey Supports Azerbaijan's Operation in Karabakh" in six
    twenty_two = article.text[notes["22"].start : notes["22"].end]
    assert twenty_two.endswith("strategic-partner-for-the-gulf/).")


def test_plain_articles_keep_every_paragraph(cleaned):
    samedov = cleaned["samedov"].text
    assert samedov.startswith("For much of its existence, the Organization of Turkic States (OTS)")
    assert samedov.endswith("That may be the most important geopolitical shift in the region since 1991.")
    gabala = cleaned["gabala"].text
    assert gabala.startswith("The 12th Summit of the Organization of Turkic States (OTS), held in the scenic")
    assert "Historical roots, modern realities" in gabala  # section headings stay as context


def test_markdown_article_with_footnotes_and_emphasis():
    raw = (
        "# Drone Diplomacy in Central Asia\n\nBy Jane Doe\n\nMarch 3, 2025\n\n"
        "Uzbekistan bought **several** Turkish drones in 2024.[^1] The *deal* was [widely reported](https://x.org).\n\n"
        "[^1]: Reported by the ministry.\n"
    )
    article = clean_article(raw)
    assert (article.title, article.author, article.date) == ("Drone Diplomacy in Central Asia", "Jane Doe", "2025-03-03")
    assert article.text.startswith("Uzbekistan bought several Turkish drones in 2024. The deal was widely reported.")
    assert article.text.endswith("[1] Reported by the ministry.")
    assert article.footnotes[0].cited_at == article.text.index(" The deal")


def test_superscript_without_a_footnote_is_not_a_marker():
    article = clean_article("The base covers 40 km² of steppe and was opened by the ministry in 2019.\n")
    assert "40 km² of steppe" in article.text and article.footnotes == ()


def test_a_paragraph_ending_in_a_footnote_marker_is_not_joined_to_the_next(cleaned):
    # "… and security.⁵" ended its paragraph; read as cut mid-sentence, it swallowed the next one and
    # a subheading ("Regional Prospects") ended up inside a quoted sentence.
    paragraphs = cleaned["dipirro"].text[: cleaned["dipirro"].body_end].split("\n\n")
    assert "Regional Prospects" in paragraphs
    assert all(not p.startswith("Regional Prospects ") and " Regional Prospects " not in p for p in paragraphs)
    raw = (
        "# Training Together\n\n"
        "Defense ties among the Turkic states have grown quickly since 2020, and the ministries now publish "
        "more about their joint plans than before.\n\n"
        "Ankara and Baku signed a new agreement on joint training in the spring of 2024.¹\n\n"
        "Astana followed with a plan of its own a few months later, naming drones first.\n\n"
        "¹ Reported by the ministry.\n"
    )
    assert (
        clean_article(raw)
        .text.split("\n\n")[1]
        .startswith("Ankara and Baku signed a new agreement on joint training in the spring of 2024.")
    )


def test_a_subheading_without_a_full_stop_stays_apart_but_a_cut_sentence_is_joined(cleaned):
    corridors = cleaned["corridors"].text.split("\n\n")
    heading = next(p for p in corridors if p.startswith("Azerbaijan remains the cornerstone"))
    assert len(heading.split()) == 8  # alone, not glued to the paragraph under it
    raw = (
        "# Northern Partners\n\n"
        "Defense ties among the Turkic states have grown quickly since 2020, and the ministries now publish "
        "more about their joint plans than before.\n\n"
        "Kazakhstan remains the anchor of this northern security dimension\n\n"
        "Its army has trained with Azerbaijani units every year since 2021 and plans more exercises.\n\n"
        "The new agreement will expand officer exchanges between the two academies in\n\n"
        "Baku and Astana over the next five years, the ministry said.\n"
    )
    assert clean_article(raw).text.split("\n\n")[1:] == [
        "Kazakhstan remains the anchor of this northern security dimension",
        "Its army has trained with Azerbaijani units every year since 2021 and plans more exercises.",
        "The new agreement will expand officer exchanges between the two academies in Baku and Astana over the next "
        "five years, the ministry said.",
    ]
