"""The BM25 index: what it tokenizes, and that an index of an older format rebuilds itself."""

from __future__ import annotations

import sqlite3

from store.lexical import INDEX_FORMAT, LexicalIndex


def test_ots_plus_and_ots_are_different_words_to_the_index(tmp_path):
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    index.replace_article(
        "a",
        "h1",
        [("a#0", "The OTS holds a summit every year."), ("a#1", "Non-members join through the OTS+ format.")],
    )
    assert [cid for cid, _ in index.search("What is OTS+?", 5)] == ["a#1"]
    assert {cid for cid, _ in index.search("OTS summit", 5)} == {"a#0", "a#1"}  # "OTS" still matches both


def test_an_index_of_another_format_is_emptied_and_resynced_from_the_store(tmp_path, ingested):
    path = tmp_path / "lexical.sqlite"
    index = LexicalIndex(path)
    articles = index.sync(ingested.store)
    assert articles == len(ingested.store.articles()) >= 4 and index.search("What is OTS+?", 3)
    index.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'format'")
    reopened = LexicalIndex(path)
    assert reopened.articles() == {} and reopened.search("OTS+", 5) == []
    assert reopened.sync(ingested.store) == articles
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0] == INDEX_FORMAT
    # First for the name: the footnote that defines OTS+ (indexed with the sentence that cites it).
    best, _ = reopened.search("What is OTS+?", 1)[0]
    assert "external engagement format" in ingested.store.passages.get([best])[0].text


def test_filling_in_one_pass_over_the_store_gives_the_rows_filters_give(tmp_path, ingested, monkeypatch):
    import store.lexical

    def rows(index):
        return index._db().execute("SELECT chunk_id, doc_id, text FROM chunks ORDER BY chunk_id").fetchall()

    by_filters = LexicalIndex(tmp_path / "filters.sqlite")
    assert by_filters.sync(ingested.store) == 4
    monkeypatch.setattr(store.lexical, "_FILTERS_UP_TO", 0)  # the path taken beyond 20 articles
    one_pass = LexicalIndex(tmp_path / "scan.sqlite")
    assert one_pass.sync(ingested.store) == 4
    assert rows(one_pass) == rows(by_filters) and len(rows(by_filters)) == ingested.store.count()
    assert one_pass.articles() == by_filters.articles()


def test_replacing_an_article_leaves_only_its_new_rows_and_deleting_leaves_none(tmp_path):
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    index.replace_article("a", "h1", [("a#0", "Joint exercises near Gabala."), ("a#1", "Drones and training.")])
    index.replace_article("b", "h1", [("b#0", "Exercises in Kazakhstan.")])
    index.replace_article("a", "h2", [("a#0", "A summit in Shusha.")])
    assert {cid for cid, _ in index.search("exercises drones summit", 10)} == {"a#0", "b#0"}
    assert index.articles() == {"a": "h2", "b": "h1"}
    index.delete_article("b")
    assert {cid for cid, _ in index.search("exercises drones summit", 10)} == {"a#0"} and index.articles() == {"a": "h2"}


def test_a_word_in_another_language_is_counted_by_its_stem_and_a_number_only_whole(tmp_path):
    # Made-up sentences: Russian inflects the ending ("таможенников", "таможенные"), Turkish stacks suffixes.
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    index.replace_article(
        "a",
        "h1",
        [
            ("a#0", "Таможенные службы обменялись данными в 2025 году."),
            ("a#1", "Kırgızistan'ın heyeti panelde konuştu."),
            ("a#2", "В 20251 году ничего не произошло."),
        ],
    )
    assert index.document_frequency(["таможенников"]) == {"таможенников": 0}  # the exact form is nowhere
    assert index.document_frequency(["таможенников", "kırgızistan", "2025"], prefix=5) == {
        "таможенников": 1,
        "kırgızistan": 1,
        "2025": 1,  # not "20251"
    }
