"""Where an article's page is (web/article_page.py), with quotes marked: one address for the API's
`article_url`, the chat's and the widget's "Open in the article"."""

from __future__ import annotations

from typing import Iterable
from urllib.parse import quote


def article_url(doc_id: str, spans: Iterable[tuple[int, int]]) -> str:
    """The page of ``doc_id`` with ``spans`` (start, end) marked, opened at the first."""
    marks = ",".join(f"{start}-{end}" for start, end in spans)
    return f"/article/{quote(doc_id, safe='')}?mark={marks}#m1"
