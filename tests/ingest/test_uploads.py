"""The library's file handling without a server (ingest/uploads.py, ingest/failures.py, the overrides it
edits): which names and files are refused and why, the atomic write and its undoing, what a killed server
leaves and the sweep that clears it, the failures kept for the page, and overrides edited in place."""

from __future__ import annotations

import json
import os

import pytest

from ingest import default_targets, failures
from ingest.overrides import DEFAULT_NAME, LIBRARY_NAME, drop_override, load_overrides, overrides_path, set_override
from ingest.uploads import check_name, check_upload, place, settle, sweep
from otsqa.errors import OverridesError, UploadError
from tests.conftest import make_settings

TEXT = b"A drill in Tashkent\n\nThe Turkic states held a cyber drill in Tashkent in March 2026, the organisers said.\n"


@pytest.mark.parametrize(
    "name, says",
    [
        ("", "without a name"),
        ("../../etc/x.txt", "is a path"),
        ("/etc/passwd.txt", "is a path"),
        ("a\\b.txt", "is a path"),
        ("..", "is a path"),
        (".secret.txt", "hidden name"),
        ("bell\x07.txt", "control characters"),
        ("x" * 300 + ".txt", "too long"),
        ("articles.zip", "archive"),
        ("report.docx", "archive or office file"),
        ("photo.png", "type ingest does not read (.png)"),
        ("README", "(no type)"),
    ],
)
def test_names_that_are_not_plain_article_file_names_are_refused(name, says):
    with pytest.raises(UploadError, match=None) as raised:
        check_name(name)
    assert says in str(raised.value)


def test_plain_names_of_every_type_ingest_reads_pass():
    for name in ("a.txt", "b.TEXT", "c.md", "d.markdown", "e.html", "f.HTM", "g.pdf", "Бишкек 2026.txt", "x (1).md"):
        assert check_name(name) == name


@pytest.mark.parametrize(
    "data, says",
    [
        (b"", "empty"),
        (b"\n \t\n", "empty"),
        (bytes(range(256)) * 3, "binary"),
        (b"PK\x03\x04" + bytes(100), "archive (by its content)"),
        (b"x" * 2000, "over the upload limit of 1000 bytes"),
    ],
)
def test_contents_that_make_no_article_are_refused(data, says):
    with pytest.raises(UploadError) as raised:
        check_upload("a.txt", data, 1000)
    assert says in str(raised.value)


def test_a_file_is_written_whole_and_undone_when_the_ingest_fails_it(tmp_path):
    settings = make_settings(tmp_path)
    first = place(settings, "a.txt", TEXT)
    assert first.path == settings.uploads_dir / "a.txt" and first.path.read_bytes() == TEXT and first.aside is None
    settle([first], set())
    assert sorted(os.listdir(settings.uploads_dir)) == ["a.txt"]

    second = place(settings, "a.txt", TEXT + b"More.\n")  # replaces it, the old one kept aside until settled
    assert second.aside is not None and second.aside.read_bytes() == TEXT and second.path.read_bytes() == TEXT + b"More.\n"
    settle([second], {str(second.path)})  # the ingest failed it: the old file is back
    assert sorted(os.listdir(settings.uploads_dir)) == ["a.txt"] and first.path.read_bytes() == TEXT

    new = place(settings, "b.txt", TEXT)
    settle([new], {str(new.path)})  # a new file the ingest failed is gone again
    assert sorted(os.listdir(settings.uploads_dir)) == ["a.txt"]


def test_links_are_never_written_through(tmp_path):
    settings = make_settings(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n")
    settings.uploads_dir.mkdir(parents=True)
    (settings.uploads_dir / "a.txt").symlink_to(outside)
    with pytest.raises(UploadError, match="symbolic link stands at uploads/a.txt"):
        place(settings, "a.txt", TEXT)
    assert outside.read_text() == "keep\n"

    (settings.uploads_dir / "a.txt").unlink()
    settings.uploads_dir.rmdir()
    (tmp_path / "elsewhere").mkdir()
    settings.uploads_dir.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UploadError, match="is a symbolic link"):
        place(settings, "b.txt", TEXT)
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_what_a_killed_server_leaves_is_hidden_and_swept(tmp_path):
    settings = make_settings(tmp_path)
    kept = place(settings, "a.txt", TEXT)
    settle([kept], set())
    folder = settings.uploads_dir
    for leftover in (".upload-0123456789abcdef", ".previous-0123456789abcdef", ".removing-0123456789abcdef"):
        (folder / leftover).write_bytes(b"half")
    assert sweep(settings) and sorted(os.listdir(folder)) == ["a.txt"]
    assert sweep(settings) == []


def test_the_default_ingest_reads_the_uploads_once_there_are_any(tmp_path):
    settings = make_settings(tmp_path)
    assert default_targets(settings) == [settings.corpus_dir]
    settings.uploads_dir.mkdir(parents=True)
    assert default_targets(settings) == [settings.corpus_dir, settings.uploads_dir]


def test_failures_are_kept_per_file_until_it_is_read_fine_or_gone(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    bad, other = tmp_path / "bad.txt", tmp_path / "other.txt"
    bad.write_bytes(b"")
    other.write_bytes(b"")
    failures.note(
        data, [bad, other], [{"path": str(bad), "error": "the file is empty"}, {"path": "typo.txt", "error": "no such"}]
    )
    assert set(failures.load(data)) == {str(bad)} and failures.load(data)[str(bad)]["error"] == "the file is empty"
    failures.note(data, [other], [])  # a run that did not read it keeps it
    assert set(failures.load(data)) == {str(bad)}
    failures.note(data, [bad], [])  # read fine now
    assert failures.load(data) == {}
    failures.note(data, [bad], [{"path": str(bad), "error": "again"}])
    bad.unlink()
    assert failures.load(data) == {}  # a file gone is no failure to show


def test_overrides_are_edited_in_the_file_in_use_or_one_in_the_data_dir(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = make_settings(tmp_path, corpus)
    settings.data_dir.mkdir(parents=True)
    names = ["doc-1", str(corpus / "a.txt"), "a.txt"]
    assert overrides_path(settings) is None
    set_override(settings, names, {"title": "A title", "date": "2026-03"})
    assert overrides_path(settings) == settings.data_dir / LIBRARY_NAME
    assert json.loads((settings.data_dir / LIBRARY_NAME).read_text()) == {"doc-1": {"title": "A title", "date": "2026-03"}}
    with pytest.raises(OverridesError, match="is not a date"):
        set_override(settings, names, {"date": "March"})
    set_override(settings, names, {"date": None, "author": ""})
    assert load_overrides(settings).entries["doc-1"].author == "" and load_overrides(settings).entries["doc-1"].date is None

    # A deployment's own file, naming the article by its path, is edited in place, its other entries kept.
    (corpus / DEFAULT_NAME).write_text(json.dumps({"a.txt": {"author": "Desk"}, "b.txt": {"title": "B"}}), encoding="utf-8")
    set_override(settings, names, {"title": "Edited"})
    assert json.loads((corpus / DEFAULT_NAME).read_text()) == {
        "a.txt": {"author": "Desk", "title": "Edited"},
        "b.txt": {"title": "B"},
    }
    assert drop_override(settings, names) and json.loads((corpus / DEFAULT_NAME).read_text()) == {"b.txt": {"title": "B"}}
    assert not drop_override(settings, names)
    assert [p.name for p in corpus.iterdir()] == [DEFAULT_NAME]  # no temporary file left beside it
