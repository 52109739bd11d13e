"""The answer contract shared by the CLI, the evals and the web API.

`Answer.to_json()` is the stable shape:
{"question", "answer", "abstained", "citations": [{"n", "doc_id", "source", "title", "title_source", "author",
"date", "quote", "start", "end", "chunk_id", "passage", "footnote", "role"}], "passages": [{"rank", "doc_id", "source",
"chunk_id", "text", "score"}], "timings_ms": {"retrieve", "answer", "total", ...}, "config"}
plus "confidence" for grounded answers and "sentences": [{"text", "citations", "verdict"}] for generated ones,
where each quote is verbatim from the cleaned article at [start, end). A citation's "title" is filled
for every article ingested since titles were derived; "title_source" says where it came from:
"header" or "file" (the article's own), "derived" (made from its opening words, so a reader may be
shown it as such), "override" (set by the deployment), "" (not known: a store from before).

A quoted (grounded) answer says why it quotes each sentence, in the citation's "role": "lead" (the
sentence that best answers, one per part of a compound question), "next" (what completes the lead's
thought or list), "context" (the sentence the lead points back to, "Its …", "This …"), "footnote" (the
note the lead cites, explaining it) or "extra" (more evidence scoring close to the lead). Other
answerers leave it "".

An answer asked with filters (some articles, a date range) adds "scope": {"searched", "total", "filters":
{"doc_ids", "date_from", "date_to"}}: how many of the collection's complete articles it searched, of how
many, and the filters as given. Without filters there is no "scope".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from otsqa.errors import QuestionError

MAX_QUESTION_CHARS = 2000


@dataclass
class Passage:
    rank: int
    doc_id: str
    source: str
    chunk_id: str
    text: str
    score: float
    start: int = -1  # offsets of the passage in the cleaned article (-1: unknown)
    end: int = -1
    title: str = ""
    author: str = ""
    date: str = ""
    title_source: str = ""
    kind: str = "body"
    marker: str = ""
    footnotes: str = ""  # markers of the footnotes this passage cites, "4,5"

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "doc_id": self.doc_id,
            "source": self.source,
            "chunk_id": self.chunk_id,
            "text": self.text,
            "score": round(float(self.score), 4),
        }


@dataclass
class Citation:
    n: int
    passage: Passage
    quote: str
    start: int
    end: int
    role: str = ""  # why a quoted answer quotes it (see the module docstring)

    def to_json(self) -> dict[str, Any]:
        p = self.passage
        return {
            "n": self.n,
            "doc_id": p.doc_id,
            "source": p.source,
            "title": p.title,
            "title_source": p.title_source,
            "author": p.author,
            "date": p.date,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "chunk_id": p.chunk_id,
            "passage": p.text,
            "footnote": p.marker if p.kind == "footnote" else "",
            "role": self.role,
        }


@dataclass(frozen=True)
class DirectPhrase:
    """A slice of citation ``n``'s quote that answers the question outright, with its offsets in the
    cleaned article (like a quote's), and what it is: a date, place, number or person."""

    n: int
    text: str
    start: int
    end: int
    kind: str


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    passages: list[Passage]
    config: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    confidence: float | None = None  # grounded answers: the score the abstention threshold applies to
    features: dict[str, float] = field(default_factory=dict)
    # Generated answers: each sentence with the passages it cites and its verdict (assistant/verify.py).
    sentences: list[dict[str, Any]] | None = None
    # Grounded answers to a date, place, number or person question: the answering phrases, stated first.
    direct: list[DirectPhrase] = field(default_factory=list)
    # What kind of question it answers (assistant/kinds.py): fact, collection, timeline, summary or comparison.
    kind: str = "fact"
    # With filters: {"searched", "total", "filters": {"doc_ids", "date_from", "date_to"}}, how much of the
    # collection the answer could come from ("Searched 1 of 4 articles"); None without filters.
    scope: dict[str, Any] | None = None
    # The question's language (otsqa/languages.py): "en", or tr, az, uz, ru, kk, uz-Cyrl. In the JSON only
    # when not English, so an English answer's JSON is as it always was.
    language: str = "en"

    def to_json(self) -> dict[str, Any]:
        data = {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "passages": [p.to_json() for p in self.passages],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "config": self.config,
            "kind": self.kind,
        }
        if self.confidence is not None:
            data["confidence"] = round(self.confidence, 4)
        if self.sentences is not None:
            data["sentences"] = self.sentences
        if self.direct:
            data["direct_answer"] = [asdict(p) for p in self.direct]
        if self.scope is not None:
            data["scope"] = self.scope
        if self.language != "en":
            data["language"] = self.language
        return data


def check_question(question: Any, what: str = "The question") -> str:
    """The question as it will be asked, or a QuestionError saying what to change."""
    if question is not None and not isinstance(question, str):
        raise QuestionError(f"{what} must be text, not {type(question).__name__}.")
    if not question or not question.strip():
        raise QuestionError(f"{what} is empty: type a question about the articles.")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"{what} is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}. Shorten it.")
    check_text(question, what)
    return " ".join(question.split())


def check_text(text: str, what: str) -> str:
    """``text`` if it is plain text (what a person typed), else a QuestionError: broken encoding or
    control characters would end up in stores, logs and terminals."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QuestionError(f"{what} contains characters that are not text (broken encoding).") from None
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise QuestionError(f"{what} contains control characters; send plain text.")
    return text


def check_history(history: Any) -> list[dict[str, str]]:
    """Earlier turns as [{"question", "answer"}]; anything else is a QuestionError."""
    if history is None:
        return []
    if not isinstance(history, list):
        raise QuestionError('history must be a list of {"question": ..., "answer": ...} turns')
    turns = []
    for i, turn in enumerate(history):
        if (
            not isinstance(turn, dict)
            or not isinstance(turn.get("question", ""), str)
            or not isinstance(turn.get("answer", ""), str)
        ):
            raise QuestionError(f'history[{i}] must be {{"question": str, "answer": str}}')
        earlier = turn.get("question", "")
        if earlier.strip():
            earlier = check_question(earlier, f"history[{i}].question")
        answer = turn.get("answer", "")[: MAX_QUESTION_CHARS * 4]  # only its words are used, and few
        turns.append({"question": earlier, "answer": answer})
    return turns
