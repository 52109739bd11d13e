"""Symbolic links and ingest: a folder's walk never follows them and lists them (ingest/walk.py), a read refuses
one, and `otsqa remove` finds an article stored under one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import read_file
from ingest.removal import find_article
from ingest.walk import through_link, walk_folder
from otsqa.errors import DocumentError
from store.base import ArticleRecord


def test_links_are_listed_with_where_they_lead_and_never_entered(tmp_path):
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret").write_text("secret\n")
    (outside / "folder" / "article.txt").write_text("an article\n")
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "article.txt").write_text("an article\n")
    (folder / "notes.docx").write_bytes(b"PK")
    (folder / "secret.txt").symlink_to(outside / "secret")
    (folder / "folder").symlink_to(outside / "folder")
    (folder / "sub" / "up").symlink_to(folder)  # a loop, were it followed
    (folder / "same.txt").symlink_to("article.txt")
    (folder / "broken.txt").symlink_to("nowhere.txt")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / ".hidden.txt").symlink_to(outside / "secret")  # hidden: neither read nor listed, as any hidden file

    files, skipped = walk_folder(folder)
    assert files == [folder / "article.txt"]
    reasons = {Path(s["path"]).relative_to(folder).as_posix(): s["reason"] for s in skipped}
    assert reasons["notes.docx"] == "unsupported file type .docx"
    assert reasons["secret.txt"] == (
        f"a symbolic link to a file outside {folder} ({outside / 'secret'}): not followed; "
        "name it on the command line to ingest it"
    )
    assert reasons["folder"].startswith(f"a symbolic link to a folder outside {folder} ({outside / 'folder'}): not followed")
    assert reasons["sub/up"].startswith(f"a symbolic link to a folder inside {folder} ({folder}): not followed (so no article")
    assert reasons["same.txt"].startswith(f"a symbolic link to a file inside {folder} ({folder / 'article.txt'}): not followed")
    assert reasons["broken.txt"] == f"a symbolic link to a missing file inside {folder} ({folder / 'nowhere.txt'}): not followed"
    assert reasons["self.txt"].startswith("a symbolic link to a missing file") and set(reasons) == {
        "notes.docx",
        "secret.txt",
        "folder",
        "sub/up",
        "same.txt",
        "broken.txt",
        "self.txt",
    }


def test_a_file_swapped_for_a_link_is_refused_when_read_and_seen_as_one(tmp_path):
    (tmp_path / "secret").write_text("secret\n")
    folder = tmp_path / "corpus"
    folder.mkdir()
    article = folder / "article.txt"
    article.write_text("an article\n")
    assert not through_link(article) and read_file(article) == b"an article\n"
    article.unlink()
    article.symlink_to(tmp_path / "secret")
    assert through_link(article)
    with pytest.raises(DocumentError, match="not a regular file but a symbolic link"):
        read_file(article)
    (folder / "other.txt").write_text("another article\n")
    folder.rename(tmp_path / "moved")  # a folder on the way replaced by a link
    folder.symlink_to(tmp_path / "moved")
    assert through_link(folder / "other.txt") and not through_link(tmp_path / "moved" / "other.txt")


def test_remove_finds_an_article_stored_under_a_links_own_path_before_the_file_it_leads_to(tmp_path):
    (tmp_path / "article.txt").write_text("an article\n")
    (tmp_path / "link.txt").symlink_to("article.txt")
    records = [ArticleRecord("article", str(tmp_path / "article.txt")), ArticleRecord("link", str(tmp_path / "link.txt"))]
    assert find_article(records, str(tmp_path / "link.txt")).doc_id == "link"  # stored by an earlier version
    assert find_article(records[:1], str(tmp_path / "link.txt")).doc_id == "article"
    assert find_article(records, str(tmp_path / "sub" / ".." / "article.txt")).doc_id == "article"
