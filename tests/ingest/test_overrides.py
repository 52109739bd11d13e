"""Per-article overrides a deployment sets: the file is read and checked (each bad shape refused with a
message naming the file and the fix), applied at ingest, re-applied when only the file changed, and
a bad file stops the ingest before the store is touched."""

from __future__ import annotations

import hashlib
import json

import pytest

from ingest import ingest_paths
from ingest.clean import CleanArticle
from ingest.overrides import DEFAULT_NAME, Override, Overrides, apply_override, content_hash, load_overrides
from otsqa.errors import ConfigError, OverridesError
from store.chroma import open_store
from tests.conftest import CORPUS_FILES, make_settings
from tests.helpers import otsqa

GABALA = CORPUS_FILES["gabala"]
GABALA_ID = "001-9d64fbbbf1f74134"


def _write(folder, data) -> None:
    (folder / DEFAULT_NAME).write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"a.txt": {"title": "T"', "is not valid JSON (line 1, column"),
        ('["a.txt"]', "must hold one JSON object"),
        ('{"a.txt": "T"}', "entry 'a.txt': must be an object of fields"),
        ('{"a.txt": {"headline": "T"}}', "unknown field 'headline'; an entry may set title, author and date"),
        ('{"a.txt": {}}', "sets nothing"),
        ('{"a.txt": {"author": 7}}', "author must be a string, not 7"),
        ('{"a.txt": {"title": "  "}}', "title is empty"),
        ('{"a.txt": {"title": "two\\nlines"}}', "title must be one line"),
        ('{"a.txt": {"date": "2026-02-30"}}', "date '2026-02-30' is not a date; write YYYY-MM-DD"),
        ('{"a.txt": {"date": "12/01/2025"}}', "date '12/01/2025' is not a date"),
        ('{"": {"title": "T"}}', "an entry has an empty name"),
    ],
)
def test_a_bad_overrides_file_is_refused_naming_the_file_and_the_fix(tmp_path, content, says):
    _write(tmp_path, content)
    with pytest.raises(OverridesError) as raised:
        load_overrides(make_settings(tmp_path, tmp_path))
    assert str(raised.value).startswith(str(tmp_path / DEFAULT_NAME)) and says in str(raised.value)
    assert isinstance(raised.value, ConfigError)  # the CLI's usage error: exit status 2


def test_a_setting_naming_a_missing_file_says_so(tmp_path):
    settings = make_settings(tmp_path, tmp_path, article_overrides=str(tmp_path / "nope.json"))
    with pytest.raises(OverridesError, match="OTSQA_ARTICLE_OVERRIDES names .*nope.json, which does not exist"):
        load_overrides(settings)


def test_a_good_file_reads_with_names_tidied_and_no_file_means_no_overrides(tmp_path):
    assert load_overrides(make_settings(tmp_path, tmp_path)).entries == {}
    _write(tmp_path, {"./sub//a.txt": {"title": " A   title ", "date": "2025-10"}, "b-doc": {"author": ""}})
    overrides = load_overrides(make_settings(tmp_path, tmp_path))
    assert overrides.entries == {"sub/a.txt": Override(title="A title", date="2025-10"), "b-doc": Override(author="")}
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('{"c.txt": {"title": "C"}}')
    chosen = load_overrides(make_settings(tmp_path, tmp_path, article_overrides=str(elsewhere)))
    assert chosen.path == elsewhere and list(chosen.entries) == ["c.txt"]  # the setting wins over the folder's file


def test_entries_match_articles_by_any_of_their_names_and_only_once():
    overrides = Overrides(None, {"a.txt": Override(title="A"), "b-doc": Override(author="B")})
    names = {"/c/a.txt": ["/c/a.txt", "a", "a.txt"], "/c/b.txt": ["/c/b.txt", "b-doc", "b.txt"]}
    assert overrides.match(names, lambda name: False) == {"/c/a.txt": Override(title="A"), "/c/b.txt": Override(author="B")}
    with pytest.raises(OverridesError, match=r"no article is named 'x.txt'.*or remove the entry"):
        Overrides(None, {"x.txt": Override(title="X")}).match(names, lambda name: False)
    assert Overrides(None, {"x.txt": Override(title="X")}).match(names, lambda name: name == "x.txt") == {}
    with pytest.raises(OverridesError, match="'a' and 'a.txt' name the same article"):
        Overrides(None, {"a.txt": Override(title="A"), "a": Override(title="B")}).match(names, lambda name: False)


def test_an_override_is_applied_and_is_part_of_the_content_hash():
    article = CleanArticle("Text.", 5, title="Opening words…", author="Wrong Name", date="2025-01-01", title_source="derived")
    changed = apply_override(article, Override(title="Set title", author=""))
    assert (changed.title, changed.title_source, changed.author, changed.date) == ("Set title", "override", "", "2025-01-01")
    assert apply_override(article, Override(date="2025-02")).title_source == "derived"
    assert apply_override(article, None) is article
    data = b"The article's bytes."
    assert content_hash(data, None) == hashlib.sha256(data).hexdigest()  # what stores hold: no override, nothing changes
    hashes = {content_hash(data, o) for o in (None, Override(title="A"), Override(title="B"), Override(author="A"))}
    assert len(hashes) == 4


def _state(store) -> tuple:
    """What a reader of the store sees of its articles and their passages' metadata."""
    records = sorted((r.doc_id, r.title, r.author, r.date, r.title_source, r.content_hash) for r in store.articles())
    passages = sorted(
        (p.id, p.title, p.author, p.date, p.title_source) for r in store.articles() for p in store.passages.of_article(r.doc_id)
    )
    return records, passages


@pytest.mark.slow
def test_overrides_apply_at_ingest_and_an_edit_reapplies_without_the_text_changing(tmp_path, small_corpus, embedder):
    settings = make_settings(tmp_path, small_corpus)
    _write(small_corpus, {GABALA: {"title": "Gabala summit notes", "author": "Test Author", "date": "2025-10-08"}})
    ingest_paths(settings, embedder=embedder)
    store = open_store(settings)
    record = store.article(GABALA_ID)
    assert (record.title, record.author, record.date, record.title_source) == (
        "Gabala summit notes",
        "Test Author",
        "2025-10-08",
        "override",
    )
    assert {(p.title, p.author, p.title_source) for p in store.passages.of_article(GABALA_ID)} == {
        ("Gabala summit notes", "Test Author", "override")
    }
    text = record.text

    # Only the overrides file changes (and by doc id this time): the article is redone, nothing embedded.
    _write(small_corpus, {GABALA_ID: {"title": "Gabala summit, revised"}})
    report = ingest_paths(settings, embedder=embedder)
    assert (report.updated, report.unchanged, report.embedded) == ([GABALA_ID], ["000-7cd2e88548b4fe42"], 0)
    record = open_store(settings).article(GABALA_ID)
    assert (record.title, record.author, record.date, record.text) == ("Gabala summit, revised", "", "2026-01-09", text)

    # The entry removed: back to what the article gives, its title derived from its opening words.
    (small_corpus / DEFAULT_NAME).unlink()
    report = ingest_paths(settings, embedder=embedder)
    assert (report.updated, report.embedded) == ([GABALA_ID], 0)
    record = open_store(settings).article(GABALA_ID)
    assert record.title_source == "derived" and text.startswith(record.title.removesuffix("…"))
    assert ingest_paths(settings, embedder=embedder).updated == []


@pytest.mark.slow
def test_a_bad_overrides_file_stops_the_ingest_and_leaves_the_store_as_it_was(tmp_path, small_corpus, embedder):
    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    before = _state(open_store(settings))
    for bad in (
        {GABALA: {"title": "Fine"}, "missing_article.txt": {"title": "Nowhere"}},  # an unknown article
        {GABALA: {"date": "10 October 2025"}},  # a bad date
        '{"' + GABALA + '": {"title": "Half written"',  # not JSON
    ):
        _write(small_corpus, bad)
        for rebuild in (False, True):
            with pytest.raises(OverridesError, match=str(small_corpus / DEFAULT_NAME)):
                ingest_paths(settings, embedder=embedder, rebuild=rebuild)
            assert _state(open_store(settings)) == before, bad

    # From the command line: exit status 2 and the message, before the model is even loaded.
    env = {"OTSQA_DATA_DIR": str(tmp_path / "data"), "OTSQA_CORPUS_DIR": str(small_corpus)}
    done = otsqa("ingest", env_extra=env)
    assert done.returncode == 2 and f"otsqa: {small_corpus / DEFAULT_NAME} is not valid JSON" in done.stderr
    assert _state(open_store(settings)) == before
