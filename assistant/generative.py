"""Generated answers: a language model writes from the numbered passages, and every sentence it writes
is checked against the passages it cites before the answer is final.

1. The quoted (`grounded`) assistant runs first: hybrid retrieval, its calibrated decision whether the
   articles answer at all, and the passages re-ranked by their best sentence. When it abstains, so
   does this one (no model call: the small model refuses and answers less reliably than that
   calibrated decision, and an abstention should be fast). A question about the collection is
   answered from the article records, exactly, with no model call; for a summary, a comparison or a
   timeline the model writes from the quotes the quoted answer chose, told what to make of them.
2. The passages holding the quoted answer's evidence go first into the prompt, then the next best,
   as many as fit a token budget (`OTSQA_LLM_CONTEXT_TOKENS`): reading the prompt is what the first
   token waits for. The instructions ask for short sentences, each ending in [n], or a fixed refusal.
3. Tokens stream out as `delta` events as they are written (a refusal is held back, not shown).
4. Each sentence is checked (`assistant/verify.py`); unsupported ones are marked "(unverified)".
   When most of the answer fails, or the model refuses, errs or cannot be reached, the quoted answer
   is given instead, opened by a note that says why. The `answer` event always carries the final text.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Iterator, Sequence

from assistant.answer import Answer, Citation, Passage, check_history, check_question
from assistant.assistant import BaseAssistant, GroundedAssistant
from assistant.llm import Generator, Message
from assistant.retrieval import Filters
from assistant.verify import Sentence, Verifier, share_supported, split_answer
from otsqa.errors import GeneratorError

log = logging.getLogger(__name__)

REFUSAL = "NOT IN THE ARTICLES"
UNVERIFIED = "(unverified)"
SYSTEM_PROMPT = (
    "You answer questions about the Organization of Turkic States using only the numbered passages "
    "from articles that the user gives you.\n"
    "Rules:\n"
    "- Answer in one to three short, complete sentences.\n"
    "- End every sentence with the number of the passage it comes from in square brackets, like [1] or [2][3].\n"
    "- Use only facts stated in the passages. Copy names, numbers and dates exactly as the passages write them.\n"
    f"- If the passages do not contain the answer, reply exactly: {REFUSAL}\n\n"
    # A worked example (made up, not from the articles): without one the small local model left out
    # the [n] markers in 55 of 79 sentences on the evaluation set. It sits in the fixed head of the
    # prompt, which llama.cpp keeps cached, so it costs no time per question.
    "Example:\nPassages:\n\n[1] (Article A) The council met in Baku in March. It agreed on three drills.\n\n"
    "[2] (Article B) Drills began in May.\n\nQuestion: What did the council agree on, and when did it start?\n"
    "Answer: The council agreed on three drills [1]. The drills began in May [2]."
)
ANSWER_CUE = "Answer (end each sentence with its passage number, like [1]):"


def format_passage(n: int, passage: Passage) -> str:
    label = passage.title or passage.source
    if passage.date:
        label += f", {passage.date}"
    if passage.kind == "footnote":
        label += f", footnote {passage.marker}"
    return f"[{n}] ({label}) {passage.text}"


# Questions beyond single facts (assistant/kinds.py): the quotes the quoted answer chose are the
# passages, and the model is told what to make of them. A collection question is answered from the
# article records exactly; there is nothing for a model to write.
KIND_TASKS = {
    "summary": "Write a summary of the passages in three to six sentences, in the order the passages come.",
    "comparison": "Say in two to six sentences how the articles' positions compare, naming each article by its title.",
    "timeline": "Write one sentence per event in date order, each starting with its date as the passage gives it.",
}
MAX_KIND_QUOTES = 12


def build_messages(question: str, passages: Sequence[Passage], history: Sequence[dict] = (), task: str = "") -> list[Message]:
    """Instructions first (a fixed head the local model keeps cached), then passages, then the question
    (with ``task``, what to make of the passages when the question is more than a single fact)."""
    earlier = ""
    if history and history[-1].get("question"):
        earlier = f"Earlier question in this conversation: {history[-1]['question']}\n"
    body = "\n\n".join(format_passage(n, p) for n, p in enumerate(passages, 1))
    task = f"Task: {task}\n" if task else ""
    user = f"Passages:\n\n{body}\n\n{earlier}{task}Question: {question}\n{ANSWER_CUE}"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def quote_passages(citations: Sequence[Citation]) -> list[Passage]:
    """Each quote as a passage of its own (its article's title and date kept): the model writes from
    exactly the sentences the quoted answer chose, and each of its sentences is checked against them."""
    return [replace(c.passage, text=c.quote, start=c.start, end=c.end, rank=n) for n, c in enumerate(citations, 1)]


def is_refusal(text: str) -> bool:
    words = " ".join(text.replace("*", "").split()).upper().rstrip(".")
    return words.startswith(REFUSAL) or words.startswith("THE ARTICLES DO NOT") or words.startswith("THE PASSAGES DO NOT")


def _maybe_refusal(text: str) -> bool:
    """Whether what was written so far could still turn out to be the refusal (so it is held back)."""
    words = " ".join(text.replace("*", "").split()).upper()
    return any(r.startswith(words) or words.startswith(r) for r in (REFUSAL, "THE ARTICLES DO NOT", "THE PASSAGES DO NOT"))


class GenerativeAssistant(BaseAssistant):
    """Written answers from ``generator``, checked by ``verifier``; the quoted assistant is the fallback."""

    def __init__(
        self,
        config: str,
        quoted: GroundedAssistant,
        generator: Generator,
        verifier: Verifier,
        budget_tokens: int = 200,
        max_passages: int = 5,
        min_supported: float = 0.5,
    ):
        super().__init__(config, quoted.retriever, quoted.answerer, quoted.k, quoted.watch)
        self.quoted = quoted
        self.generator = generator
        self.verifier = verifier
        self.budget_tokens = budget_tokens
        self.max_passages = max_passages
        self.min_supported = min_supported

    def prompt_passages(self, quoted: Answer) -> list[Passage]:
        """The quoted answer's passages first, then the best of the rest, within the token budget
        (the first passage always goes in, even when it alone is over the budget)."""
        order: list[Passage] = []
        for p in [c.passage for c in quoted.citations] + list(quoted.passages):
            if all(p.chunk_id != q.chunk_id for q in order):
                order.append(p)
        chosen: list[Passage] = []
        used = 0
        for p in order:
            cost = self.generator.count_tokens(format_passage(len(chosen) + 1, p))
            if chosen and (used + cost > self.budget_tokens or len(chosen) >= self.max_passages):
                continue  # a shorter one further down may still fit
            chosen.append(p)
            used += cost
        return chosen

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Iterator[dict]:
        question = check_question(question)
        history = check_history(history)
        started = time.perf_counter()
        quoted: Answer | None = None
        for event in self.quoted.stream(question, history, filters):
            if event["event"] == "passages":
                yield event
            elif event["event"] == "answer":
                quoted = event["answer"]
        if quoted is None:
            raise RuntimeError("the quoted assistant's stream ended without an answer event")
        timings = dict(quoted.timings_ms) | {"quoted": quoted.timings_ms.get("total", 0.0)}
        if quoted.abstained or quoted.kind == "collection":
            yield {"event": "delta", "text": quoted.answer}
            yield {"event": "answer", "answer": self._final(quoted, quoted.answer, timings, started)}
            return

        if quoted.kind in KIND_TASKS:
            passages = quote_passages(quoted.citations[:MAX_KIND_QUOTES])
            messages = build_messages(question, passages, history, KIND_TASKS[quoted.kind])
        else:
            passages = self.prompt_passages(quoted)
            messages = build_messages(question, passages, history)
        written, held, note = [], True, ""
        asked = time.perf_counter()
        try:
            for piece in self.generator.stream(messages):
                if not written:
                    timings["first_token"] = (time.perf_counter() - started) * 1000
                    timings["prompt"] = (time.perf_counter() - asked) * 1000
                written.append(piece)
                if held and not _maybe_refusal("".join(written)):
                    held = False
                    yield {"event": "delta", "text": "".join(written).lstrip()}
                elif not held:
                    yield {"event": "delta", "text": piece}
        except GeneratorError as exc:
            log.warning("generation failed, giving the quoted answer: %s", exc)
            note = f"(The language model could not answer: {exc} The quoted answer follows.)"
        generated = time.perf_counter()
        timings["generate"] = (generated - asked) * 1000
        text = "".join(written).strip()

        sentences: list[Sentence] = []
        if not note and is_refusal(text):
            note = "(The language model found no answer in the passages it was given; the quoted answer follows.)"
        elif not note:
            sentences = self.verifier.verify(split_answer(text), passages, question)
            timings["verify"] = (time.perf_counter() - generated) * 1000
            if share_supported(sentences) < self.min_supported or not sentences:
                note = (
                    f"(Only {sum(s.supported for s in sentences)} of {len(sentences)} generated sentences could be "
                    "checked against the articles; the quoted answer follows.)"
                )
        if note:
            answer = self._final(quoted, f"{note} {quoted.answer}", timings, started)
            answer.sentences = [s.to_json() for s in sentences]
            yield {"event": "answer", "answer": answer}
            return

        final_text, citations = self._compose(sentences, passages)
        answer = replace(
            self._final(quoted, final_text, timings, started),
            citations=citations,
            sentences=[s.to_json() for s in sentences],
        )
        yield {"event": "answer", "answer": answer}

    def _compose(self, sentences: list[Sentence], passages: list[Passage]) -> tuple[str, list[Citation]]:
        """The checked text ([n] kept as the model wrote them, unsupported sentences marked) and one
        citation per cited passage: the stretch of it between the sentences that matched best."""
        parts, spans = [], {}
        for s in sentences:
            valid = [n for n in s.citations if 1 <= n <= len(passages) and n in s.matches]
            for n in valid:
                q = s.matches[n]
                start, end = spans.get(n, (q.start, q.end))
                spans[n] = (min(start, q.start), max(end, q.end))
            marks = "".join(f"[{n}]" for n in valid)
            parts.append(" ".join(x for x in (s.text, marks, "" if s.supported else UNVERIFIED) if x))
        citations = []
        for n in sorted(spans):
            p = passages[n - 1]
            article = self.verifier.texts(p.doc_id)
            start, end = spans[n]
            if end - start > 600:  # matches far apart in a long passage: quote the best one alone
                best = max((s for s in sentences if n in s.matches), key=lambda s: s.score)
                start, end = best.matches[n].start, best.matches[n].end
            if start >= 0 and article[start:end]:
                citations.append(Citation(n, p, article[start:end], start, end))
        return " ".join(parts), citations

    def _final(self, quoted: Answer, text: str, timings: dict[str, float], started: float) -> Answer:
        timings = dict(timings)
        timings["total"] = (time.perf_counter() - started) * 1000
        timings["answer"] = timings["total"] - timings.get("retrieve", 0.0)
        return replace(quoted, answer=text, config=self.config, timings_ms=timings)
