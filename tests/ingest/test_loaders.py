"""Each format and encoding a user may hand to `otsqa ingest`, and each kind of bad file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.clean import clean_article
from ingest.loaders import decode, load, read_file
from otsqa.errors import DocumentError
from tests.helpers import make_pdf

RUSSIAN = "Министерство обороны Казахстана следит за войной в Украине и западной техникой, которую в ней используют."
TURKISH = "Türkiye’nin savunma sanayii Orta Asya’da büyüyor; Azərbaycan köprü rolü oynuyor. Ankara çok memnun."


def test_cp1251_text_is_decoded_not_rejected():
    assert decode(((RUSSIAN + "\n") * 3).encode("cp1251")).startswith(RUSSIAN)


def test_latin1_text_is_decoded():
    text = "Die Türkei und Aserbaidschan schließen ein Abkommen über Drohnen. Größere Übungen folgen im Frühjahr.\n"
    assert decode((text * 3).encode("latin-1")).startswith(text.strip())


def test_utf8_with_a_few_broken_bytes_stays_utf8_and_says_where(corpus_dir):
    # One stray byte used to make the whole article a legacy-encoding guess: every ’ and ü garbled.
    data = (corpus_dir / "000_7cd2e88548b4fe42.txt").read_bytes()
    cut = data.index(b"\n", 3000) + 1
    damaged = data[:cut] + b"Caspian\xff naval drills.\n" + data[cut:]
    loaded = load(Path("op-ed.txt"), damaged)
    assert loaded.text == data[:cut].decode() + "Caspian\ufffd naval drills.\n" + data[cut:].decode()
    line = data[:cut].count(b"\n") + 1
    assert loaded.warnings == [
        f"1 byte(s) are not valid UTF-8 (the first on line {line}) and are shown as \ufffd; "
        "save the file as UTF-8 and ingest it again to quote them as written"
    ]
    assert load(Path("op-ed.txt"), data).warnings == []


def test_utf8_with_bom_and_utf16():
    assert decode("\ufeffBaku".encode("utf-8")) == "Baku"
    assert decode(TURKISH.encode("utf-16")) == TURKISH


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n \t\n", "empty"),
        ("image.txt", bytes(range(256)) * 8, "binary"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "PDF"),
        ("notes.docx", b"PK\x03\x04", "unsupported"),
    ],
)
def test_bad_files_raise_a_readable_reason(name, data, reason):
    with pytest.raises(DocumentError, match=reason):
        load(Path(name), data)


def test_html_page_keeps_the_article_and_drops_the_chrome():
    html = """<!doctype html><html><head><title>Gabala summit — Example News</title>
    <meta name="author" content="Leyla Mammadova"><meta property="article:published_time" content="2025-10-08T09:00:00Z">
    <style>p { color: red }</style><script>track()</script></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <h1>Gabala summit puts security first</h1>
    <div class="share-buttons">Share on Facebook</div>
    <p>The 12th OTS summit met in Gabala on 7 October 2025. Leaders discussed <em>joint exercises</em>.</p>
    <p>Azerbaijan offered to host the drills in 2026 &amp; beyond.</p>
    <ul><li>Kazakhstan</li><li>Uzbekistan</li></ul>
    <footer>© Example News</footer></body></html>"""
    loaded = load(Path("page.html"), html.encode())
    assert loaded.hints == {"title": "Gabala summit puts security first", "author": "Leyla Mammadova", "date": "2025-10-08"}
    article = clean_article(loaded.text, loaded.hints)
    assert article.title == "Gabala summit puts security first"
    assert article.text.split("\n\n") == [
        "The 12th OTS summit met in Gabala on 7 October 2025. Leaders discussed joint exercises.",
        "Azerbaijan offered to host the drills in 2026 & beyond.",
        "- Kazakhstan",
        "- Uzbekistan",
    ]


def test_pdf_text_is_extracted_and_a_sentence_across_pages_rejoined():
    first_page = [
        "Brokers and Blocs in Eurasia",
        "The Organization of Turkic States has grown from a cultural forum into a body that",
        "discusses defence. Its members held talks in Gabala and agreed that the next joint",
        "exercise would take place in Azerbaijan, a step that analysts described as a",
    ]
    second_page = ["turning point for the organization. Observers expect more drills."]
    loaded = load(Path("paper.pdf"), make_pdf([first_page, second_page], title="Brokers and Blocs"))
    article = clean_article(loaded.text, loaded.hints)
    assert article.title == "Brokers and Blocs"
    assert "a step that analysts described as a turning point for the organization." in article.text
    assert "Its members held talks in Gabala and agreed that the next joint exercise would take place" in article.text


def test_broken_html_is_a_per_file_error_not_a_crash():
    with pytest.raises(DocumentError, match="not readable HTML"):
        load(Path("broken.html"), b"<p>a<![ b</p>")


def test_a_stray_end_tag_does_not_end_the_navigation_skip():
    loaded = load(Path("page.html"), b"<nav>Home | About</span> Subscribe now</nav><article><p>Real text here.</p></article>")
    assert loaded.text.strip() == "Real text here."


def test_utf16_without_bom_and_utf32_with_bom():
    assert decode(TURKISH.encode("utf-16-le")) == TURKISH
    assert decode(TURKISH.encode("utf-16-be")) == TURKISH
    assert decode(TURKISH.encode("utf-32")) == TURKISH


def test_a_fifo_is_refused_before_it_is_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # with no writer, opening it to read would block
    with pytest.raises(DocumentError, match="not a regular file but a FIFO"):
        read_file(tmp_path / "pipe.txt")
    with pytest.raises(DocumentError, match="not a regular file but a character device"):
        read_file(Path("/dev/null"))
