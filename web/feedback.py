"""Thumbs up/down with an optional comment on an answer, kept in SQLite under the data dir.

Each row keeps what is needed to turn a bad answer into an evaluation case later: the question, the
conversation before it, the answer, its citations and the configuration that produced it.
`export_thumbs_down` writes those rows in the evaluation set's JSONL shape with the gold labels left
empty (`answerable` is null until a person decides), so `evals.dataset.load_items` refuses them until
they are labelled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator

from assistant.answer import check_text
from otsqa.errors import QuestionError

log = logging.getLogger(__name__)

MAX_COMMENT_CHARS = 2000
RATINGS = ("up", "down")


class FeedbackStore:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        _make_private(path)
        self._local = threading.local()  # one connection per server thread
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS feedback ("
                "id INTEGER PRIMARY KEY, answer_id TEXT UNIQUE NOT NULL, created TEXT NOT NULL, "
                "rating TEXT NOT NULL, comment TEXT NOT NULL, question TEXT NOT NULL, history TEXT NOT NULL, "
                "answer TEXT NOT NULL, abstained INTEGER NOT NULL, citations TEXT NOT NULL, config TEXT NOT NULL)"
            )

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(self.path, timeout=30)
        return db

    def record(self, answer_id: str, rating: str, comment: str, turn: dict[str, Any]) -> None:
        """Store (or replace: people change their minds) the rating of one answer.

        ``turn`` is {"question", "history", "answer": Answer JSON}.
        """
        if rating not in RATINGS:
            raise QuestionError(f"rating must be one of {', '.join(RATINGS)}")
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise QuestionError(f"The comment is {len(comment)} characters long; the limit is {MAX_COMMENT_CHARS}.")
        check_text(comment, "The comment")
        answer = turn["answer"]
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO feedback (answer_id, created, rating, comment, question, history, answer, "
                "abstained, citations, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    now,
                    rating,
                    comment,
                    turn["question"],
                    json.dumps(turn.get("history") or [], ensure_ascii=False),
                    answer["answer"],
                    int(bool(answer["abstained"])),
                    json.dumps(answer["citations"], ensure_ascii=False),
                    answer["config"],
                ),
            )

    def given(self, answer_ids: list[str]) -> dict[str, tuple[str, str]]:
        """The rating and comment stored for each of ``answer_ids`` that has one: the chat draws them
        again with every answer, so a choice stays on screen after the next question."""
        wanted = [a for a in answer_ids if a]
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._db().execute(f"SELECT answer_id, rating, comment FROM feedback WHERE answer_id IN ({marks})", wanted)
        return {answer_id: (rating, comment or "") for answer_id, rating, comment in rows}

    def rows(self, rating: str | None = None) -> Iterator[dict[str, Any]]:
        sql = "SELECT answer_id, created, rating, comment, question, history, answer, abstained, citations, config FROM feedback"
        params: tuple = ()
        if rating is not None:
            sql += " WHERE rating = ?"
            params = (rating,)
        for row in self._db().execute(sql + " ORDER BY id", params):
            answer_id, created, rating_, comment, question, history, answer, abstained, citations, config = row
            yield {
                "answer_id": answer_id,
                "created": created,
                "rating": rating_,
                "comment": comment,
                "question": question,
                "history": json.loads(history),
                "answer": answer,
                "abstained": bool(abstained),
                "citations": json.loads(citations),
                "config": config,
            }


def _make_private(path: Path) -> None:
    """Make the database readable and writable by its owner only, before SQLite opens it: it holds
    what people asked and wrote. SQLite gives the -wal and -shm files it makes the database's mode, so
    they follow; a database (and its -wal and -shm) left readable by an earlier version is tightened."""
    with contextlib.suppress(FileExistsError):  # the mode applies only to a file this call creates
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if part.stat().st_mode & 0o077:
                part.chmod(0o600)
        except FileNotFoundError:
            continue
        except PermissionError:  # not ours (another user's server): it works as before, and we say so
            log.warning("cannot make %s readable by its owner only: it belongs to another user", part)


def feedback_path(data_dir: Path) -> Path:
    return data_dir / "feedback.sqlite3"


def eval_case(row: dict[str, Any]) -> dict[str, Any]:
    """A thumbs-down row as an evaluation-set line; the gold labels wait for a person."""
    return {
        "id": f"fb-{row['answer_id'][:12]}",
        "question": row["question"],
        "history": row["history"],
        "answerable": None,
        "reference_answer": "",
        "key_facts": [],
        "evidence": [],
        "tags": ["from-feedback"],
        "feedback": {
            "comment": row["comment"],
            "created": row["created"],
            "config": row["config"],
            "answer": row["answer"],
            "abstained": row["abstained"],
            "citations": [
                {k: c.get(k) for k in ("n", "source", "title", "quote", "start", "end", "footnote")} for c in row["citations"]
            ],
        },
    }


def export_thumbs_down(store: FeedbackStore) -> Iterator[str]:
    """JSONL lines, oldest first."""
    for row in store.rows("down"):
        yield json.dumps(eval_case(row), ensure_ascii=False)
