"""Assistants: a configuration name, a retriever and a way of answering.

Every assistant streams: `stream()` yields events as the answer is composed, and `ask()` is the
same run consumed to its end, so there is one code path for the CLI, the evals and the web chat.
Events: {"event": "passages", "passages": [...]}, {"event": "delta", "text": "..."} (one per cited
sentence), then {"event": "answer", "answer": Answer}.
"""

from __future__ import annotations

import time
from typing import Iterator, Protocol

from assistant.answer import Answer, Citation, Passage, check_history, check_question
from assistant.followup import retrieval_query
from assistant.grounded import ABSTAIN_TEXT, GroundedAnswerer
from assistant.hybrid import Filters, HybridRetriever
from assistant.retrieval import Retriever
from otsqa.errors import ConfigError


class Answerer(Protocol):
    def answer(self, question: str, passages: list[Passage]) -> tuple[str, list[Citation]]: ...


class BaseAssistant:
    """A configuration name, a retriever, an answerer and how many passages to keep."""

    def __init__(self, config: str, retriever, answerer, k: int = 10):
        self.config = config
        self.retriever = retriever
        self.answerer = answerer
        self.k = k

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Iterator[dict]:
        raise NotImplementedError

    def ask(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Answer:
        for event in self.stream(question, history, filters):
            if event["event"] == "answer":
                return event["answer"]
        raise RuntimeError(f"{type(self).__name__}.stream() ended without an answer event")


class Assistant(BaseAssistant):
    """The baselines: one retriever, one answer rule; they ask the question alone (no history)."""

    retriever: Retriever
    answerer: Answerer

    def retrieve(self, question: str, k: int = 10) -> list[Passage]:
        return self.retriever.search(check_question(question), k)

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Iterator[dict]:
        question = check_question(question)
        check_history(history)
        if filters is not None and filters.active():
            raise ConfigError(f"The {self.config!r} baseline cannot filter by article or date; use `grounded`.")
        started = time.perf_counter()
        passages = self.retriever.search(question, self.k)
        retrieved = time.perf_counter()
        yield {"event": "passages", "passages": passages}
        text, citations = self.answerer.answer(question, passages)
        done = time.perf_counter()
        text = text or ABSTAIN_TEXT
        yield {"event": "delta", "text": text}
        yield {
            "event": "answer",
            "answer": Answer(
                question=question,
                answer=text,
                abstained=not citations,
                citations=citations,
                passages=passages,
                config=self.config,
                timings_ms=_timings(started, retrieved, done),
            ),
        }


class GroundedAssistant(BaseAssistant):
    """Hybrid retrieval, follow-ups resolved from history, quoted sentences or an abstention."""

    retriever: HybridRetriever
    answerer: GroundedAnswerer

    def retrieve(self, question: str, k: int = 10, filters: Filters | None = None) -> list[Passage]:
        return self.retriever.retrieve(check_question(question), k, filters).passages

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Iterator[dict]:
        question = check_question(question)
        history = check_history(history)
        started = time.perf_counter()
        retrieval = self.retriever.retrieve(retrieval_query(question, history), self.k, filters)
        retrieved = time.perf_counter()
        yield {"event": "passages", "passages": retrieval.passages}  # shown while the answer is composed
        composition = self.answerer.compose(question, retrieval)
        citations = self.answerer.citations(composition.chosen)
        if composition.abstained:
            closest = citations[:2]
            text = ABSTAIN_TEXT
            if retrieval.doc_ids is not None and not retrieval.doc_ids:
                text += " No article matches the filters."
            elif closest:
                text += " The closest they come: " + " ".join(f"“{c.quote}” [{c.n}]" for c in closest)
            citations = closest
            yield {"event": "delta", "text": text}
        else:
            parts = []
            for citation in citations:
                parts.append(f"{citation.quote} [{citation.n}]")
                yield {"event": "delta", "text": parts[-1] if len(parts) == 1 else " " + parts[-1]}
            text = " ".join(parts)
        done = time.perf_counter()
        timings = _timings(started, retrieved, done) | {f"retrieve_{k}": v for k, v in retrieval.timings_ms.items()}
        answer = Answer(
            question=question,
            answer=text,
            abstained=composition.abstained,
            citations=citations,
            passages=composition.passages,
            config=self.config,
            timings_ms=timings,
            confidence=composition.confidence,
            features=composition.features,
        )
        yield {"event": "answer", "answer": answer}


def _timings(started: float, retrieved: float, done: float) -> dict[str, float]:
    return {
        "retrieve": (retrieved - started) * 1000,
        "answer": (done - retrieved) * 1000,
        "total": (done - started) * 1000,
    }
