"""The long article the ingest benchmark builds at run time from the corpus (never kept in the repository)."""

from __future__ import annotations

from tools.bench.ingest import long_article


def test_a_long_article_is_the_corpus_paragraphs_numbered_to_the_size_asked(tmp_path, corpus_dir):
    files = sorted(corpus_dir.glob("*.txt"))
    path = long_article(files, 0.2, tmp_path / "long.txt")
    text = path.read_text(encoding="utf-8")
    assert 200_000 <= len(text.encode()) < 205_000
    paragraphs = text.split("\n\n")[1:]
    assert paragraphs[0].startswith("In part 1, ") and paragraphs[-1].startswith(f"In part {len(paragraphs)}, ")
    assert len(set(paragraphs)) == len(paragraphs) > 100  # numbered: no two alike
