"""What the answerer can quote: a `Candidate` (one stored sentence, where it is cited and how it
scored) and the test of prose that can answer (not a heading, a fragment or a bibliography entry).

Every stage handles candidates, and the candidates stage and the sentence-runs stage both ask what is
quotable; kept apart from both, neither has to import the other for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.answer import Passage
from otsqa.text import is_row
from store.base import SentenceRecord

LIST_ITEM = ("- ", "• ", "* ")  # how a list item opens

_URL = re.compile(r"https?://|www\.")  # bibliography, not an answer
_REFERENCE = re.compile(r"[\"“][^\"”]{8,}[\"”].*\b(?:1[89]|20)\d\d\b")  # '“Title,” Outlet, May 2, 2025.'


def quotable(hit: SentenceRecord, min_words: int) -> bool:
    """Prose that can answer: not a heading, not a bare fragment (fewer than ``min_words`` words), not
    a bibliography entry."""
    text = hit.text
    if is_heading(hit) or (len(text.split()) < min_words and not is_row(text)) or _URL.search(text):
        return False
    return not (hit.kind == "footnote" and _REFERENCE.search(text))


def is_heading(hit: SentenceRecord) -> bool:
    return bool(hit.heading) and not hit.text.startswith(LIST_ITEM)


@dataclass
class Candidate:
    hit: SentenceRecord
    vector: np.ndarray
    passage: Passage
    semantic: float = 0.0
    lexical: float = 0.0
    novelty: float = 0.0
    score: float = 0.0
    relevance: float | None = None  # the cross-encoder's 0..1, when it read this sentence
    reads: str = ""  # what the sentence is judged by when it is more than itself (a list's opening)
    role: str = ""  # why it is quoted: lead, next, context, footnote or extra (set when chosen)
    prior: float = 0.0  # 1 / (its passage's retrieval rank + 1), weighed into the score
    typed: float = 0.0  # the bonus for naming what the question asks for (an actor for "who"), 0 without
    asked: str = ""  # the question the article asks just before it (a FAQ's heading), which it answers

    @property
    def doc_id(self) -> str:
        return self.hit.doc_id

    @property
    def start(self) -> int:
        return self.hit.start

    @property
    def end(self) -> int:
        return self.hit.end
