"""Grounded answers: sentences quoted verbatim from the best passages, each cited, or an honest
abstention.

1. Candidates are the sentences inside the top passages, read with the vectors stored at ingest, so
   no text is embedded at question time beyond the question itself.
2. Each candidate is scored by meaning (cosine to the question) plus the IDF-weighted share of the
   question's words it contains (names and numbers are rare, so they weigh most).
3. The best sentence is the answer's core; a few more join it when they score close to it and add
   something (words of the question not yet covered, or another article).
4. Confidence comes from the best score, how much of the question the chosen evidence covers, and
   whether it holds the kind of thing asked for (a number for "how many", a date for "when", a name
   for "who"). Below a threshold calibrated on the evaluation set the assistant abstains: it says the
   articles do not answer, and shows what comes closest, with sources.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from assistant.answer import Citation, Passage
from assistant.hybrid import Retrieval
from assistant.quoting import cosine
from store.base import Hit, Store
from store.lexical import LexicalIndex, terms

ABSTAIN_TEXT = "The articles do not answer this question."

_NUMBER_Q = re.compile(
    r"\bhow (?:many|much|long|large|big|far|high|often)\b|\bwhat (?:percentage|percent|share|proportion|number|amount|size|value)\b",
    re.I,
)
_DATE_Q = re.compile(r"^\s*when\b|\bwhat (?:date|day|year|month)\b|\b(?:on|in) (?:which|what) (?:date|day|year|month)\b", re.I)
_PERSON_Q = re.compile(r"^\s*who\b|\bwhich (?:person|official|minister|leader|president|chairman)\b", re.I)
_PLACE_Q = re.compile(r"^\s*where\b|\b(?:which|what) (?:city|country|town|place|capital)\b", re.I)
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?)\b", re.I)
_DATE = re.compile(rf"\b{_MONTH}\b|\b(?:1[89]|20)\d\d\b")
_NAME = re.compile(r"\b[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+)+")
_CAPITAL = re.compile(r"\b[A-ZÀ-Ý][\w’'-]+")


@dataclass
class Candidate:
    hit: Hit  # a sentence record
    vector: list[float]
    passage: Passage
    semantic: float = 0.0
    lexical: float = 0.0
    score: float = 0.0

    @property
    def doc_id(self) -> str:
        return self.hit.metadata["doc_id"]

    @property
    def start(self) -> int:
        return self.hit.metadata["start"]


@dataclass
class Composition:
    chosen: list[Candidate]
    abstained: bool
    confidence: float
    features: dict[str, float] = field(default_factory=dict)


def expected_type(question: str) -> str:
    for name, pattern in (("number", _NUMBER_Q), ("date", _DATE_Q), ("person", _PERSON_Q), ("place", _PLACE_Q)):
        if pattern.search(question):
            return name
    return ""


def holds_type(kind: str, question: str, text: str) -> bool:
    """Does ``text`` hold a thing of the asked-for kind that the question does not already name?"""
    if not kind:
        return True
    asked = question.lower()
    if kind == "number":
        return any(m.group(0).lower() not in asked for m in _NUMBER.finditer(text) if not _in_name(text, m.start()))
    if kind == "date":
        return any(m.group(0).lower() not in asked for m in _DATE.finditer(text))
    pattern = _NAME if kind == "person" else _CAPITAL
    return any(
        m.group(0).lower() not in asked and m.start() > 0 for m in pattern.finditer(text)
    )


def _in_name(text: str, at: int) -> bool:
    # "Birlestik-2024", "C6+1", "12th": digits glued to a name are part of it, not a quantity.
    return at > 0 and (text[at - 1] in "-+" or text[at - 1].isalpha())


class GroundedAnswerer:
    def __init__(
        self,
        store: Store,
        lexical: LexicalIndex,
        threshold: float = 0.0,
        top_passages: int = 5,
        max_sentences: int = 3,
        margin: float = 0.12,
        lexical_weight: float = 0.35,
    ):
        self.store = store
        self.lexical = lexical
        self.threshold = threshold
        self.top_passages = top_passages
        self.max_sentences = max_sentences
        self.margin = margin
        self.lexical_weight = lexical_weight

    # -- scoring --------------------------------------------------------------------------------

    def _weights(self, words: list[str]) -> tuple[dict[str, float], dict[str, int]]:
        """IDF weight per question word (a word the collection never uses weighs most)."""
        df = self.lexical.document_frequency(words)
        n = max(self.store.count(), 1)
        return {w: math.log(1 + n / (1 + df[w])) for w in set(words)}, df

    def candidates(self, question: str, retrieval: Retrieval) -> tuple[list[Candidate], dict[str, float], dict[str, int]]:
        top = retrieval.passages[: self.top_passages]
        spans = [(p.doc_id, p.start, p.end) for p in top if p.start >= 0]
        found = self.store.sentences_within(spans)
        words = terms(question)
        weights, df = self._weights(words)
        total = sum(weights.values()) or 1.0
        seen: set[str] = set()
        out: list[Candidate] = []
        for hit, vector in found:
            if hit.id in seen or hit.metadata.get("heading") or len(hit.text.split()) < 4:
                continue
            seen.add(hit.id)
            passage = next(
                p for p in top
                if p.doc_id == hit.metadata["doc_id"] and p.start <= hit.metadata["start"] and hit.metadata["end"] <= p.end
            )
            present = set(terms(hit.text))
            lexical = sum(w for word, w in weights.items() if _stem(word) in {_stem(t) for t in present}) / total
            semantic = cosine(retrieval.vector, vector)
            prior = 1.0 / (passage.rank + 1)
            out.append(Candidate(hit, vector, passage, semantic, lexical,
                                 semantic + self.lexical_weight * lexical + 0.05 * prior))
        out.sort(key=lambda c: -c.score)
        return out, weights, df

    # -- composing ------------------------------------------------------------------------------

    def compose(self, question: str, retrieval: Retrieval) -> Composition:
        candidates, weights, df = self.candidates(question, retrieval)
        if not candidates:
            return Composition([], True, 0.0, {"candidates": 0})
        best = candidates[0]
        chosen = [best]
        covered = set(_stems(best.hit.text))
        kind = expected_type(question)
        for cand in candidates[1:]:
            if len(chosen) >= self.max_sentences or cand.score < best.score - self.margin:
                break
            if any(cosine(cand.vector, c.vector) > 0.92 for c in chosen):
                continue
            new_words = {_stem(w) for w in weights} & (set(_stems(cand.hit.text)) - covered)
            other_article = cand.doc_id not in {c.doc_id for c in chosen}
            if new_words or other_article:
                chosen.append(cand)
                covered |= set(_stems(cand.hit.text))
        features = self._features(question, kind, best, chosen, weights, df)
        confidence = features["confidence"]
        chosen = _reading_order(chosen)
        return Composition(chosen, confidence < self.threshold, confidence, features)

    def _features(self, question, kind, best, chosen, weights, df) -> dict[str, float]:
        total = sum(weights.values()) or 1.0
        evidence = set(_stems(" ".join(c.hit.text for c in chosen)))
        coverage = sum(w for word, w in weights.items() if _stem(word) in evidence) / total
        unknown = sum(w for word, w in weights.items() if df.get(word, 0) == 0) / total
        type_ok = float(holds_type(kind, question, " ".join(c.hit.text for c in chosen)))
        confidence = best.semantic + 0.5 * coverage - 0.5 * unknown - 0.25 * (1.0 - type_ok)
        return {
            "semantic": float(best.semantic),
            "coverage": float(coverage),
            "unknown": float(unknown),
            "type_ok": type_ok,
            "confidence": float(confidence),
            "sentences": float(len(chosen)),
        }

    # -- citations ------------------------------------------------------------------------------

    def citations(self, chosen: list[Candidate]) -> list[Citation]:
        return [
            Citation(n, c.passage, c.hit.text, c.hit.metadata["start"], c.hit.metadata["end"])
            for n, c in enumerate(chosen, 1)
        ]


def _reading_order(chosen: list[Candidate]) -> list[Candidate]:
    """Articles in the order of their best sentence; sentences of one article in text order."""
    rank = {}
    for cand in chosen:
        rank.setdefault(cand.doc_id, len(rank))
    return sorted(chosen, key=lambda c: (rank[c.doc_id], c.hit.metadata.get("kind") == "footnote", c.start))


def _stem(word: str) -> str:
    """A crude English stem, enough to match "exercises"/"exercise" and "reported"/"report"."""
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _stems(text: str) -> list[str]:
    return [_stem(t) for t in terms(text)]
