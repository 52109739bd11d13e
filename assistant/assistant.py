"""The Assistant: a retriever and an answerer under one configuration name."""

from __future__ import annotations

import time
from typing import Protocol

from assistant.answer import Answer, Citation, Passage, check_history, check_question
from assistant.retrieval import Retriever


class Answerer(Protocol):
    def answer(self, question: str, passages: list[Passage]) -> tuple[str, list[Citation]]: ...


class Assistant:
    def __init__(self, config: str, retriever: Retriever, answerer: Answerer, k: int = 10):
        self.config = config
        self.retriever = retriever
        self.answerer = answerer
        self.k = k

    def retrieve(self, question: str, k: int = 10) -> list[Passage]:
        return self.retriever.search(check_question(question), k)

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer from the articles. The baselines ignore ``history``; they ask the question alone."""
        question = check_question(question)
        check_history(history)
        started = time.perf_counter()
        passages = self.retriever.search(question, self.k)
        retrieved = time.perf_counter()
        text, citations = self.answerer.answer(question, passages)
        done = time.perf_counter()
        return Answer(
            question=question,
            answer=text,
            abstained=not citations,
            citations=citations,
            passages=passages,
            config=self.config,
            timings_ms={
                "retrieve": (retrieved - started) * 1000,
                "answer": (done - retrieved) * 1000,
                "total": (done - started) * 1000,
            },
        )
