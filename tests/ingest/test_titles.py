"""Readable names for every source: a title derived for an article that gives none, the byline read
wherever an article can put one, and (on the real seed corpus) every article ingested with a title
that is not its file name and the author it names."""

from __future__ import annotations

import pytest

from ingest import ingest_paths, store_fingerprint
from ingest.clean import CLEANER_VERSION, clean_article
from ingest.titles import derive_title, is_headline, shorten
from store.base import answering_fingerprint
from store.chroma import open_store
from tests.conftest import CORPUS_FILES, make_settings

# Made-up prose, long enough to read as paragraphs.
BODY = (
    "Naval units from four member states drilled for nine days. "
    "Officers said the scenario covered search and rescue as well as the protection of offshore platforms."
)


@pytest.mark.parametrize(
    ("paragraphs", "title"),
    [
        # A headline-like first paragraph is the title, whole.
        (["Caspian Shield 2025: what the drill showed", BODY], "Caspian Shield 2025: what the drill showed"),
        (["Can the Turkic states defend the Caspian?", BODY], "Can the Turkic states defend the Caspian?"),
        (["“Steppe Eagle” returns to Kazakhstan", BODY], "“Steppe Eagle” returns to Kazakhstan"),
        # Else the first sentence of the first prose paragraph, without its full stop when it is short.
        ([BODY], "Naval units from four member states drilled for nine days"),
        # A label, a list item, a line ending in a colon or a full stop: passed over for the prose after it.
        (["Introduction", BODY], "Naval units from four member states drilled for nine days"),
        (["- first item of a list", BODY], "Naval units from four member states drilled for nine days"),
        (["The drill tested three things:", BODY], "Naval units from four member states drilled for nine days"),
        (
            ["Too many words in this line for it to be any kind of headline at all really", BODY],
            "Too many words in this line for it to be any kind of headline at all really",
        ),
        # Only short lines: the first one.
        (["Notes.", "More notes."], "Notes"),
        ([], ""),
        (["   "], ""),
    ],
)
def test_derive_title(paragraphs, title):
    assert derive_title(paragraphs) == title


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("Drills ended on Friday.", "Drills ended on Friday"),
        ("Did the drills end on Friday?", "Did the drills end on Friday?"),
        # Longer than 80 characters: cut at the last clause boundary past 40 characters…
        (
            "The joint staff exercise held near the port of Aktau in late September, the largest so far, tested new radios.",
            "The joint staff exercise held near the port of Aktau in late September…",
        ),
        # …else at a word boundary, never after a word a sentence cannot end on…
        (
            "Naval officers from four member states spent nine long days rehearsing the protection of offshore gas platforms.",
            "Naval officers from four member states spent nine long days rehearsing…",  # not "… the…"
        ),
        # …nor inside a bracket it leaves open.
        (
            "The Council of Defence Ministers of the Turkic States (founded in 2024 as a forum for planning) met twice.",
            "The Council of Defence Ministers of the Turkic States…",
        ),
    ],
)
def test_shorten(sentence, title):
    shortened = shorten(sentence)
    assert shortened == title
    assert len(shortened) <= 81


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Caspian Shield 2025: what the drill showed", True),
        ("2026 exercises planned for the Caspian", True),
        ("Summary", False),  # a label
        ("The drills ended on Friday.", False),  # a sentence
        ("the drills that were held in the autumn", False),  # lower case: the end of a cut sentence
        ("1. Why the drill matters", False),  # a numbered section
    ],
)
def test_is_headline(line, headline):
    assert is_headline(line) is headline


def test_an_article_without_a_title_line_gets_a_derived_title_and_keeps_its_text():
    raw = f"Caspian Shield 2025: what the joint naval drill showed us\n{BODY}\n\n{BODY}\n"
    article = clean_article(raw)
    assert (article.title, article.title_source) == ("Caspian Shield 2025: what the joint naval drill showed us", "derived")
    assert article.text.startswith("Caspian Shield 2025: what the joint naval drill showed us\n\nNaval units")

    prose = clean_article(f"{BODY}\n\n{BODY}\n")
    assert prose.title_source == "derived" and prose.text == f"{BODY}\n\n{BODY}"
    assert prose.title == "Naval units from four member states drilled for nine days"


def test_where_the_title_came_from():
    headed = clean_article(f"Caspian Shield 2025: what the drill showed\n\n{BODY}\n")
    assert (headed.title, headed.title_source) == ("Caspian Shield 2025: what the drill showed", "header")
    hinted = clean_article(f"{BODY}\n", {"title": "From the page's title tag"})
    assert (hinted.title, hinted.title_source) == ("From the page's title tag", "file")


@pytest.mark.parametrize(
    ("raw", "author"),
    [
        (f"By Aida Karimova\n\n{BODY}\n", "Aida Karimova"),  # the header
        (f"Author: Aida Karimova\n\n{BODY}\n", "Aida Karimova"),
        (f"{BODY}\n\nBy Aida Karimova\n", "Aida Karimova"),  # the last lines
        (f"{BODY}\n\n— Aida Karimova\n", "Aida Karimova"),
        (f"{BODY}\n\n– Aida Karimova, Baku\n", "Aida Karimova"),
        (f"{BODY}\n\nPrepared by Aida Karimova, research desk\n", "Aida Karimova"),
        (f"{BODY}\n\nAuthors: Aida Karimova and Rustam Aliyev\n", "Aida Karimova and Rustam Aliyev"),
        (f"{BODY}\n\n*By Aida Karimova*\n\nShare on social media\n", "Aida Karimova"),
        (f"{BODY}\n\nBy Aida Karimova\n\n{BODY}\n", "Aida Karimova"),  # a plain "By …" line anywhere
        # Not bylines: a sentence opening with "By", a closing mark, a dash before prose.
        (f"{BODY}\n\nBy Aliyev's decree, the drills will be held every year from now on.\n", ""),
        (f"{BODY}\n\n— End of report —\n", ""),
        (f"{BODY}\n\n— The drills will continue next year, officials said.\n", ""),
    ],
)
def test_the_byline_is_read_where_an_article_puts_one(raw, author):
    assert clean_article(raw).author == author


def test_a_closing_signature_stays_in_the_text():
    article = clean_article(f"{BODY}\n\n— Aida Karimova\n")
    assert article.text.endswith("\n\n— Aida Karimova")


@pytest.mark.slow
def test_every_seed_article_is_cited_by_a_title_and_the_author_it_names(ingested):
    """The real corpus through the real ingest: no article is left to be named by its file name, the
    two without a title line get derived ones, and each article that names its author has it, on the
    article record and on every passage (what citations are built from)."""
    store = ingested.store
    by_file = {r.source.rsplit("/", 1)[-1]: r for r in store.articles()}
    for record in by_file.values():
        assert record.title and record.title != record.source.rsplit("/", 1)[-1]
        assert len(record.title) <= 120
        assert not record.title.endswith(".")
    sources = {key: by_file[name].title_source for key, name in CORPUS_FILES.items()}
    assert sources == {"samedov": "derived", "gabala": "derived", "dipirro": "header", "corridors": "header"}
    for key in ("samedov", "gabala"):  # derived from the opening words: a slice of the article's text
        record = store.article(by_file[CORPUS_FILES[key]].doc_id)
        assert record.text.startswith(record.title.removesuffix("…"))
    assert by_file[CORPUS_FILES["samedov"]].author == "Emil Samedov"  # its closing line
    assert by_file[CORPUS_FILES["dipirro"]].author == "John DiPirro"  # its header
    for record in by_file.values():
        passages = store.passages.of_article(record.doc_id)
        assert passages and {(p.title, p.author, p.title_source) for p in passages} == {
            (record.title, record.author, record.title_source)
        }


@pytest.mark.slow
def test_a_store_ingested_before_titles_were_derived_still_answers_and_the_next_ingest_names_every_article(
    tmp_path, small_corpus, embedder
):
    """An existing store (cleaner 3: no derived titles, no title_source anywhere) opens for answers as
    it is, citing by file name; the next `otsqa ingest` cleans every article again, embeds nothing (no
    table rows here) and leaves every article titled."""
    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    fingerprint = store_fingerprint(settings, embedder)
    store = open_store(settings, fingerprint)
    derived = {r.doc_id: r.title for r in store.articles()}
    old = {"title": "", "title_source": None}  # None removes a key from Chroma's metadata
    ids = store._passages.get(include=[])["ids"]
    store._passages.update(ids=ids, metadatas=[old for _ in ids])
    store._records.update(ids=list(derived), metadatas=[old for _ in derived])
    older = fingerprint["otsqa_chunker"].replace(f"clean{CLEANER_VERSION}", "clean3")
    store.set_fingerprint(fingerprint | {"otsqa_chunker": older})

    reader = open_store(settings, answering_fingerprint(embedder.model_id))  # what `otsqa serve` opens
    assert {(p.title, p.title_source) for r in reader.articles() for p in reader.passages.of_article(r.doc_id)} == {("", "")}
    assert {r.title_source for r in reader.articles()} == {""}

    report = ingest_paths(settings, embedder=embedder)
    assert (sorted(report.updated), report.embedded, report.failed) == (sorted(derived), 0, [])
    store = open_store(settings, fingerprint)
    assert {r.doc_id: (r.title, r.title_source) for r in store.articles()} == {d: (t, "derived") for d, t in derived.items()}
    assert {p.title_source for r in store.articles() for p in store.passages.of_article(r.doc_id)} == {"derived"}
