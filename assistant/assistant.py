"""Assistants: a configuration name, a retriever and a way of answering, behind one contract.

`Assistant` is what every configuration offers (naive, dense, grounded, grounded-no-rerank,
generative) and all that the CLI, the evals and the web layer rely on. Every assistant streams:
`stream()` yields events as the answer is composed, and `ask()` is the same run consumed to its end,
so there is one code path for the CLI, the evals and the web chat. Events: {"event": "passages",
"passages": [...]}, {"event": "delta", "text": "..."} (one per cited sentence), then
{"event": "answer", "answer": Answer}.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Iterator, Protocol, runtime_checkable

from assistant.answer import Answer, Citation, DirectPhrase, Passage, check_history, check_question
from assistant.collection_questions import CollectionAnswerer
from assistant.followup import resolve_followup, retrieval_query
from assistant.grounded import ABSTAIN_TEXT, GroundedAnswerer
from assistant.hybrid import HybridRetriever
from assistant.kinds import KindAnswerer, ModelRouter
from assistant.retrieval import Filters, Retrieval, Retriever
from assistant.watch import StoreWatch
from otsqa.errors import ConfigError
from otsqa.languages import ENGLISH, asks_for_articles, unreadable
from otsqa.languages import detect as detect_language
from otsqa.messages import say
from otsqa.request_words import subject_words
from otsqa.text import split_sentences
from otsqa.translit import russian_from_latin
from store.e5 import MULTILINGUAL_MODELS

log = logging.getLogger(__name__)


@runtime_checkable
class Assistant(Protocol):
    """The contract every configuration satisfies.

    ``watch`` is how a long-running server follows the store as other processes change it; None
    when the assistant answers from a copy made when it was built (the llama-index baseline).
    """

    config: str
    watch: StoreWatch | None

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Iterator[dict]:
        """Events as the answer is composed: passages, deltas, then the answer."""
        ...

    def ask(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Answer:
        """The answer `stream()` ends with."""
        ...

    def retrieve(self, question: str, k: int = 10, filters: Filters | None = None) -> list[Passage]:
        """The ``k`` passages this configuration would answer from, best first (no history)."""
        ...


class Answerer(Protocol):
    def answer(self, question: str, passages: list[Passage]) -> tuple[str, list[Citation]]: ...


class BaseAssistant:
    """A configuration name, a retriever, an answerer, how many passages to keep and a watch on the store."""

    def __init__(self, config: str, retriever: Retriever, answerer, k: int = 10, watch: StoreWatch | None = None):
        self.config = config
        self.retriever = retriever
        self.answerer = answerer
        self.k = k
        self.watch = watch

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Iterator[dict]:
        raise NotImplementedError

    def ask(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Answer:
        for event in self.stream(question, history, filters):
            if event["event"] == "answer":
                return event["answer"]
        raise RuntimeError(f"{type(self).__name__}.stream() ended without an answer event")

    def retrieve(self, question: str, k: int = 10, filters: Filters | None = None) -> list[Passage]:
        return self.retriever.retrieve(check_question(question), k, filters).passages


class BaselineAssistant(BaseAssistant):
    """The baselines: one retriever, one answer rule; they ask the question alone (no history) and
    cannot filter."""

    answerer: Answerer

    def retrieve(self, question: str, k: int = 10, filters: Filters | None = None) -> list[Passage]:
        self._refuse_filters(filters)
        return super().retrieve(question, k, filters)

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Iterator[dict]:
        question = check_question(question)
        check_history(history)
        self._refuse_filters(filters)
        started = time.perf_counter()
        retrieval = self.retriever.retrieve(question, self.k)
        passages = retrieval.passages
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
                timings_ms=_timings(started, retrieved, done, retrieval.timings_ms),
            ),
        }

    def _refuse_filters(self, filters: Filters | None) -> None:
        if filters is not None and filters.active():
            raise ConfigError(f"The {self.config!r} baseline cannot filter by article or date; use `grounded`.")


class GroundedAssistant(BaseAssistant):
    """Hybrid retrieval, follow-ups resolved from history, quoted sentences or an abstention."""

    retriever: HybridRetriever
    answerer: GroundedAnswerer
    # The answerers of questions beyond single facts (assistant/kinds.py), tried in order before
    # retrieval; each returns None for other questions. Empty: every question is a single fact.
    kinds: tuple[tuple[str, KindAnswerer], ...] = ()
    # Then the kind model's reading of what no pattern claimed (assistant/kinds.py); None: patterns only.
    router: ModelRouter | None = None
    # The questions' language when a deployment forces one (OTSQA_LANGUAGE); "": told from each question.
    language: str = ""

    def _english_only(self, question: str, language: str, started: float, key: str = "english_only") -> Iterator[dict]:
        """A question in another language, to a store only English questions can search: said plainly
        in that language, rather than answered with whatever English passage comes nearest. ``key``:
        the message (`languages_read` for a script no model here reads, said in English)."""
        log.info("a question in %r that the store's model cannot read (issue 24): %s", language, key)
        text = say(key, language)
        yield {"event": "passages", "passages": []}
        yield {"event": "delta", "text": text}
        elapsed = (time.perf_counter() - started) * 1000
        yield {
            "event": "answer",
            "answer": Answer(
                question=question,
                answer=text,
                abstained=True,
                citations=[],
                passages=[],
                config=self.config,
                timings_ms={"retrieve": 0.0, "answer": elapsed, "total": elapsed},
                language=language,
            ),
        }

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> Iterator[dict]:
        question = check_question(question)
        # "Kogda i gde proshel sammit?": Russian typed without Cyrillic is read, and answered, as Russian.
        question = russian_from_latin(question) or question
        history = check_history(history)
        started = time.perf_counter()
        language = self.question_language(question)
        if unreadable(question):
            # "第十二届峰会在哪里举行？": no model here reads it; the closest English passage would be a guess.
            key = "languages_read" if reads_languages(self.retriever.embedder) else "english_only"
            yield from self._english_only(question, ENGLISH, started, key)
            return
        if language != ENGLISH and not reads_languages(self.retriever.embedder):
            yield from self._english_only(question, language, started)
            return
        # "and azerbaijan?" after "When did the Kazakh government approve it?": that question, about Azerbaijan
        asked, context = resolve_followup(question, history, self.answerer.lexicon.same_name)
        if (routed := self.route(asked, language, filters)) is not None:
            kind, _, found = routed
            yield from _kind_events(self.config, question, found, started, kind)
            return
        retrieval = self.retriever.retrieve(retrieval_query(asked, context), self.k, filters)
        retrieved = time.perf_counter()
        yield {"event": "passages", "passages": retrieval.passages}  # shown while the answer is composed
        composition = self.answerer.compose(asked, retrieval)
        citations = self.answerer.citations(composition.chosen)
        if composition.abstained and (again := self._as_another_kind(asked, language, filters)) is not None:
            yield from _kind_events(self.config, question, again[1], started, again[0])
            return
        if composition.abstained:
            no_match = retrieval.doc_ids is not None and not retrieval.doc_ids
            text, citations = abstention(citations, no_match=no_match, language=language)
            yield {"event": "delta", "text": text}
        else:
            parts = []
            direct = direct_answer(composition.direct, citations)
            if direct:
                line = direct_line(direct)
                yield {"event": "delta", "text": line + "\n\n"}
            for citation in citations:
                parts.append(f"{citation.quote} [{citation.n}]")
                yield {"event": "delta", "text": parts[-1] if len(parts) == 1 else " " + parts[-1]}
            text = " ".join(parts)
            if direct:
                text = f"{line}\n\n{text}"
        done = time.perf_counter()
        timings = _timings(started, retrieved, done, retrieval.timings_ms)
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
            direct=[] if composition.abstained else direct,
            scope=_scope(retrieval, filters),
            language=language,
        )
        yield {"event": "answer", "answer": answer}

    def _as_another_kind(
        self, question: str, language: str, filters: Filters | None
    ) -> tuple[str, tuple[str, list[Citation]]] | None:
        """A question the single-fact answerer could not answer, answered as the kind the model leans to
        when it leans enough (`ModelRouter.fallback`); None otherwise."""
        if self.router is None or language != ENGLISH or (filters is not None and filters.active()):
            return None
        return self.router.answer(question, threshold=self.router.fallback)

    def question_language(self, question: str) -> str:
        """The language the question is answered as: the deployment's (OTSQA_LANGUAGE), else told from it."""
        return self.language or detect_language(question)

    def route(
        self, question: str, language: str, filters: Filters | None = None
    ) -> tuple[str, str, tuple[str, list[Citation]]] | None:
        """The kind beyond a single fact that answers ``question``, how it was told ("pattern" or
        "model") and its answer (text, citations); None for a single fact.

        Only a whole question worded as one kind; filters narrow articles, which those answers do not,
        so a filtered question is a single fact. The kinds' patterns and model read English only: a
        question in another language is answered as a single fact (issue 24), unless it asks which articles
        the collection holds (otsqa/requests.json): those are listed, in its language."""
        if filters is not None and filters.active():
            return None
        if language != ENGLISH:
            lister = next((a for _, a in self.kinds if isinstance(a, CollectionAnswerer)), None)
            if lister is not None and asks_for_articles(question, language):
                return "collection", "pattern", lister.articles_listed(language)
            return None
        # The whole question first; then, if no kind claims it, without the sentences that only frame it
        # ("Summarise X for me? Just the main argument."): a request may also come last ("X. Compare them.").
        missed = None  # "No article matches '… for me? Just the main argument'": the framing read as a name
        for asked in dict.fromkeys([question, without_trailing_framing(question)]):
            for kind, answerer in self.kinds:
                if (found := answerer.answer(asked)) is not None:
                    if not found[0].startswith(_NAMED_NOTHING):
                        return kind, "pattern", found
                    missed = missed or (kind, "pattern", found)
                    break
        if missed is not None:
            return missed
        if self.router is not None and (routed := self.router.answer(question)) is not None:
            return routed[0], "model", routed[1]
        return None


# How a kind's answer begins when the article or author the question names is not in the collection.
_NAMED_NOTHING = ("No article matches", "No article is by")


def without_trailing_framing(question: str) -> str:
    """``question`` without the sentences after its first that only frame the request ("Summarise X.
    Just the main argument.", "Who wrote it? Thanks!"): what is asked is told from the first. A later
    sentence with a subject of its own ("Compare A and B. Focus on Russia.") is kept."""
    sentences = [question[a:b] for a, b in split_sentences(question)]
    if len(sentences) < 2:
        return question
    kept = [sentences[0]] + [s for s in sentences[1:] if subject_words(s).strip()]
    return " ".join(kept) if len(kept) < len(sentences) else question


def reads_languages(embedder) -> bool:
    """Whether the store's embedding model finds passages for a question in another language (e5 does;
    MiniLM, the default, lands a Turkish or Russian question near nothing)."""
    return getattr(embedder, "model_id", "") in MULTILINGUAL_MODELS


def _scope(retrieval: Retrieval, filters: Filters | None) -> dict | None:
    """What the answer searched, when filters narrowed it (the Answer JSON's "scope")."""
    if filters is None or retrieval.doc_ids is None or retrieval.total_docs is None:
        return None
    return {"searched": len(retrieval.doc_ids), "total": retrieval.total_docs, "filters": filters.to_json()}


def _kind_events(config: str, question: str, found: tuple[str, list[Citation]], started: float, kind: str) -> Iterator[dict]:
    """The events of an answer of ``kind`` made before retrieval; one that says the articles do not
    answer is an abstention."""
    text, citations = found
    passages = [c.passage for c in citations]
    yield {"event": "passages", "passages": passages}
    yield {"event": "delta", "text": text}
    done = time.perf_counter()
    answer = Answer(
        question=question,
        answer=text,
        abstained=text.startswith(ABSTAIN_TEXT),
        citations=citations,
        passages=passages,
        config=config,
        timings_ms={"retrieve": 0.0, "answer": (done - started) * 1000, "total": (done - started) * 1000},
        confidence=1.0,  # from the metadata, dated sentences or stored sentences, not a score: no threshold applies
        features={kind: 1.0},
        kind=kind,
    )
    yield {"event": "answer", "answer": answer}


def direct_answer(found: list, citations: list[Citation]) -> list[DirectPhrase]:
    """The direct answer's phrases, each tied to the citation of the sentence it is a slice of."""
    out = []
    for candidate, phrase in found:
        for citation in citations:
            if citation.passage.doc_id == candidate.doc_id and citation.start == candidate.start:
                text = citation.quote[phrase.start : phrase.end]
                start = citation.start + phrase.start
                out.append(DirectPhrase(citation.n, text, start, start + len(text), phrase.kind))
                break
    return out


def direct_line(phrases: list[DirectPhrase]) -> str:
    """ "7 October 2025, in Gabala [1]": the phrases in the order asked, a marker after each citation's last."""
    pieces = []
    for i, phrase in enumerate(phrases):
        last = i + 1 == len(phrases) or phrases[i + 1].n != phrase.n
        pieces.append(f"{phrase.text} [{phrase.n}]" if last else phrase.text)
    return ", ".join(pieces) + "."


def abstention(citations: list[Citation], no_match: bool = False, language: str = ENGLISH) -> tuple[str, list[Citation]]:
    """What an abstention says, in the question's ``language`` (otsqa/messages.json), and the citations it
    keeps: its two closest quotes, as the articles wrote them."""
    closest = citations[:2]
    text = say("abstain", language)
    if no_match:
        text += " " + say("no_match", language)
    elif closest:
        text += f" {say('closest', language)} " + " ".join(f"“{c.quote}” [{c.n}]" for c in closest)
    return text, closest


def under_threshold(answer: Answer, threshold: float) -> Answer:
    """A grounded answer composed with abstention off, as it reads under ``threshold``: itself, or the
    abstention its confidence calls for. Composing never depends on the threshold, so this is the
    answer the assistant gives with that threshold (the evals use it to try thresholds without asking
    again)."""
    if answer.confidence is None or answer.abstained or answer.confidence >= threshold:
        return answer
    text, closest = abstention(answer.citations, language=answer.language)
    return replace(answer, answer=text, abstained=True, citations=closest)


def _timings(started: float, retrieved: float, done: float, retrieval: dict[str, float]) -> dict[str, float]:
    """The answer's timings, then the retriever's own steps as ``retrieve_<step>`` (the baselines report none)."""
    return {
        "retrieve": (retrieved - started) * 1000,
        "answer": (done - retrieved) * 1000,
        "total": (done - started) * 1000,
    } | {f"retrieve_{step}": ms for step, ms in retrieval.items()}
