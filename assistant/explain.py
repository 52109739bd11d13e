"""The retrieval trace of one question (issue 26): what each stage found and decided, the view a keeper
needs to understand a bad answer.

`explain(assistant, question, history, filters)` asks the question once, for the answer the assistant
gives, then takes the single-fact path again through the same objects, asking each stage what it
decided instead of working it out a second time:

- routing: `GroundedAssistant.route` (the kinds' patterns, then the kind model);
- retrieval: `HybridRetriever.rankings` (the dense, BM25 and sentence rankings, their fusion, the
  passages kept and why the others were passed over), for the query `followup.retrieval_query` makes;
- the answerer: `GroundedAnswerer.compose` (the candidates with their scores, the sentences chosen and
  their roles, the passages re-ranked by their best sentence, the features);
- confidence: `Confidence.contributions` (each feature's signed part of the confidence), and the
  names and words the features count (`question_names`, `unnamed`, `unknown_words`).

Every stage is deterministic, so the trace agrees with the answer (the tests check it). The result is
plain JSON: `POST /api/admin/explain` returns it and `otsqa explain` prints it. docs/answers.md
("Reading a trace") says how to read it.
"""

from __future__ import annotations

import re
import time
from typing import Any

from assistant.answer import Citation, check_history, check_question
from assistant.assistant import GroundedAssistant, abstention, reads_languages
from assistant.followup import resolve_followup, retrieval_query
from assistant.grounded import expected_type, question_parts
from assistant.grounded.answerer import Composition
from assistant.hybrid import Rankings
from assistant.retrieval import Filters
from otsqa.errors import ConfigError
from otsqa.languages import ENGLISH
from otsqa.languages import detect as detect_language
from otsqa.text import terms

PREVIEW_CHARS = 160  # of a passage's text
CANDIDATES_SHOWN = 15  # the best candidates listed (the chosen and weighed ones always are)

# What the evidence lacks when the question asks for a kind of thing (question_types.expected_type).
_ASKED_FOR = {
    "measure": "an amount with its unit",
    "number": "a number",
    "money": "a sum of money",
    "day": "a day",
    "date": "a date",
    "person": "a person's name",
    "actor": "an actor (a person, a country or an organisation)",
    "place": "a place",
    "name": "a name",
}


def explain(assistant, question: str, history: list[dict] | None = None, filters: Filters | None = None) -> dict[str, Any]:
    """The trace of ``question`` (after ``history``, within ``filters``): the answer the assistant gives
    and what each stage of the single-fact path found for it. Keys: question, asked_as, retrieval_query,
    follow_up, language, config, traced, kind, parts, passages, candidates, confidence, answer, agrees,
    timings_ms.
    A configuration without the grounded stages (the baselines) is a ConfigError."""
    grounded = _grounded(assistant)
    question = check_question(question)
    history = check_history(history)
    started = time.perf_counter()
    answer = assistant.ask(question, history, filters)
    asked = time.perf_counter()
    language = grounded.question_language(question)
    asked_as, context = resolve_followup(question, history, grounded.answerer.lexicon.same_name)
    routed = grounded.route(asked_as, language, filters)
    routed_at = time.perf_counter()
    query = retrieval_query(asked_as, context)
    rankings = grounded.retriever.rankings(query, grounded.k, filters)
    retrieval = rankings.retrieval()
    retrieved = time.perf_counter()
    answerer = grounded.answerer
    composition = answerer.compose(asked_as, retrieval)
    composed = time.perf_counter()

    no_match = retrieval.doc_ids is not None and not retrieval.doc_ids
    citations = answerer.citations(composition.chosen)
    if composition.abstained:
        _, citations = abstention(citations, no_match=no_match)
    parts = question_parts(asked_as)
    # The stages are deterministic, so the single-fact path cites what the answer cites; a store changed
    # between the two runs would show here. None when the answer came another way.
    agrees = None
    if routed is None and answer.config == grounded.config:
        agrees = [(c.passage.doc_id, c.start, c.end) for c in citations] == [
            (c.passage.doc_id, c.start, c.end) for c in answer.citations
        ]
    return {
        "question": question,
        "asked_as": asked_as,  # an elliptical turn ("and azerbaijan?") written out (assistant/followup.py)
        "retrieval_query": query,
        "follow_up": query != question,
        "language": language,
        "config": answer.config,
        "traced": grounded.config,
        "kind": _kind(grounded, asked_as, language, filters, routed),
        "parts": parts if len(parts) > 1 else [],
        "passages": _passages(grounded, rankings, composition),
        "candidates": _candidates(composition, citations),
        "confidence": _confidence(grounded, asked_as, composition, no_match, routed is None),
        "answer": answer.to_json(),
        "agrees": agrees,
        "timings_ms": {
            "answer": _ms(started, asked),
            "route": _ms(asked, routed_at),
            "retrieve": _ms(routed_at, retrieved),
        }
        | {f"retrieve_{step}": round(ms, 1) for step, ms in rankings.timings_ms.items()}
        | {"compose": _ms(retrieved, composed), "total": _ms(started, composed)},
    }


def _grounded(assistant) -> GroundedAssistant:
    """The grounded assistant whose stages are traced: the assistant itself, or the quoted one a
    generative assistant writes from and falls back on."""
    if isinstance(assistant, GroundedAssistant):
        return assistant
    quoted = getattr(assistant, "quoted", None)
    if isinstance(quoted, GroundedAssistant):
        return quoted
    raise ConfigError(
        f"The {assistant.config!r} configuration has no grounded stages to trace; explain with `grounded` "
        "or `grounded-no-rerank`."
    )


def _kind(grounded: GroundedAssistant, question: str, language: str, filters: Filters | None, routed) -> dict[str, Any]:
    """Which kind answered and how routing told it; the trace's passages and sentences are always the
    single-fact path."""
    reading = None
    if grounded.router is not None and language == ENGLISH and not (filters is not None and filters.active()):
        guess = grounded.router.model.kind(question)
        reading = {"kind": guess.kind, "probability": _num(guess.probability), "threshold": grounded.router.threshold}
    if routed is not None:
        kind, by, _ = routed
        why = f"the {kind} answerer's patterns claimed it" if by == "pattern" else f"the kind model read it as a {kind} question"
        trace = (
            f"the single-fact path the question would otherwise take; the answer came from the {kind} answerer, "
            "and the confidence below does not apply to it"
        )
        return {"kind": kind, "by": by, "why": why, "model": reading, "trace": trace}
    if language != ENGLISH and not reads_languages(grounded.retriever.embedder):
        why = (
            f"a question in {language!r} on a store only English questions can search: the answer says so in "
            "that language (OTSQA_EMBEDDING_MODEL=e5 reads it); below, the single-fact path it would take"
        )
    elif language != ENGLISH:
        why = (
            f"a question in {language!r} is answered as a single fact (the kinds read English only, but for a "
            "request for the list of articles: otsqa/requests.json)"
        )
    elif filters is not None and filters.active():
        why = "a filtered question is answered as a single fact (the other kinds do not filter)"
    elif reading is None:
        why = "no pattern claimed it"
    elif reading["kind"] == "fact":
        why = f"no pattern claimed it, and the kind model read it as a single fact with belief {reading['probability']:.2f}"
    elif reading["probability"] < reading["threshold"]:
        why = f"no pattern claimed it, and the kind model's {reading['kind']} reading is below its threshold"
    else:
        why = f"no pattern claimed it; the kind model read it as a {reading['kind']} question, but that reading found nothing"
    return {"kind": "fact", "by": "fact", "why": why, "model": reading, "trace": "the path the answer took"}


def _passages(grounded: GroundedAssistant, rankings: Rankings, composition: Composition) -> list[dict[str, Any]]:
    """The fused order down to the last passage kept: each chunk's place in every ranking, its fused score,
    its rank in the retrieval (None when passed over, with why) and after the answerer's re-ranking."""
    titles = {a.doc_id: a.title for a in grounded.retriever.store.articles()}
    dense = {h.id: (rank, h.score) for rank, h in enumerate(rankings.dense, 1)}
    lexical = {cid: (rank, score) for rank, (cid, score) in enumerate(rankings.lexical, 1)}
    sentences = {cid: rank for rank, cid in enumerate(rankings.sentence_chunks, 1)}
    kept = {p.chunk_id: p.rank for p in rankings.passages}
    answered = {p.chunk_id: p.rank for p in composition.passages}
    rows = []
    for fused_rank, chunk_id in enumerate(rankings.order, 1):
        if chunk_id not in kept and chunk_id not in rankings.passed_over:
            break  # retrieval stopped once it had k passages
        record = rankings.records.get(chunk_id)
        dense_rank, dense_score = dense.get(chunk_id, (None, None))
        lexical_rank, bm25 = lexical.get(chunk_id, (None, None))
        text = record.text if record is not None else ""
        doc_id = record.doc_id if record is not None else chunk_id.split("#")[0]
        rows.append(
            {
                "fused_rank": fused_rank,
                "rank": kept.get(chunk_id),
                "answer_rank": answered.get(chunk_id),
                "chunk_id": chunk_id,
                "doc_id": doc_id,
                "title": titles.get(doc_id) or (record.title if record is not None else ""),
                "kind": record.kind if record is not None else "",
                "start": record.start if record is not None else None,
                "end": record.end if record is not None else None,
                "text": text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1].rstrip() + "…",
                "dense_rank": dense_rank,
                "dense_score": _num(dense_score),
                "lexical_rank": lexical_rank,
                "bm25": _num(bm25),
                "sentence_rank": sentences.get(chunk_id),
                "lexical_bonus": chunk_id == rankings.lexical_lead,
                "fused": _num(rankings.fused[chunk_id]),
                "passed_over": rankings.passed_over.get(chunk_id),
            }
        )
    return rows


def _candidates(composition: Composition, citations: list[Citation]) -> dict[str, Any]:
    """The best candidate sentences with their scores, then any chosen or weighed sentence not among
    them (a run's next sentence, the footnote, the sentence the lead leans on), each with its role and
    its citation number in the answer."""
    chosen = {c.hit.id: c for c in composition.chosen}
    weighed = {c.hit.id: c for c in composition.evidence}
    cited = {(c.passage.doc_id, c.start): c.n for c in citations}
    ranked = {c.hit.id: rank for rank, c in enumerate(composition.candidates, 1)}
    shown = composition.candidates[:CANDIDATES_SHOWN]
    for cand in composition.chosen + composition.evidence:
        if all(cand.hit.id != c.hit.id for c in shown):
            shown.append(cand)
    rows = []
    for cand in shown:
        scored = cand.hit.id in ranked
        quoted = chosen.get(cand.hit.id)
        role = (quoted or weighed.get(cand.hit.id) or cand).role
        # A candidate's scores are the whole question's; a sentence only a run brought has none.
        source = composition.candidates[ranked[cand.hit.id] - 1] if scored else None
        rows.append(
            {
                "rank": ranked.get(cand.hit.id),
                "text": cand.hit.text,
                "doc_id": cand.doc_id,
                "chunk_id": (quoted or cand).passage.chunk_id,
                "kind": cand.hit.kind,
                "start": cand.start,
                "end": cand.end,
                "reads": source.reads if source is not None else "",
                "semantic": _num(source.semantic) if source else None,
                "lexical": _num(source.lexical) if source else None,
                "novelty": _num(source.novelty) if source else None,
                "prior": _num(source.prior) if source else None,
                "typed": _num(source.typed) if source else None,
                "relevance": _num(source.relevance) if source else None,
                "score": _num(source.score) if source else None,
                "chosen": quoted is not None,
                "weighed": cand.hit.id in weighed,
                "role": role,
                "cited": cited.get((cand.doc_id, cand.start)) if quoted is not None else None,
            }
        )
    return {"considered": len(composition.candidates), "shown": len(rows), "rows": rows}


def _confidence(
    grounded: GroundedAssistant, question: str, composition: Composition, no_match: bool, applies: bool
) -> dict[str, Any]:
    """The features, the threshold, each feature's part of the confidence, the names and words behind
    them, and a one-line reason for abstaining or not."""
    answerer = grounded.answerer
    judge = answerer.confidence
    features = composition.features
    # The threshold that decided: a question answered across languages has its own (confidence.py).
    threshold = judge.threshold(features) if "confidence" in features else answerer.params.threshold
    contributions = judge.contributions(features) if "semantic" in features else {}
    language = detect_language(question)
    weights, df = answerer.scorer.weights(terms(question, language), language)
    names = judge.question_names(question, weights, df)
    reading = language if features.get("same_language") == 1.0 else ENGLISH  # whose stems compared the words
    absent = judge.unnamed(question, names, composition.evidence, reading)
    unknown = sorted(judge.unknown_words(question, weights, df), key=lambda w: _position(w, question))
    expected = expected_type(question)
    gaps = {
        "names": [_as_said(w, question) for w in names],
        "absent_names": [_as_said(w, question) for w in absent],
        "unknown_words": [_as_said(w, question) for w in unknown],
        "expected": expected,
    }
    if no_match:
        why = "no article matches the filters"
    elif not contributions:
        why = "the passages retrieved hold no quotable sentence"
    else:
        why = _why(composition, threshold, contributions, gaps)
    return {
        "value": _num(composition.confidence),
        "threshold": _num(threshold),
        "abstained": composition.abstained,
        "applies": applies,
        "why": why,
        "features": {k: _num(v) for k, v in features.items()},
        "contributions": {k: _num(v) for k, v in contributions.items()},
        **gaps,
    }


def _why(composition: Composition, threshold: float, contributions: dict[str, float], gaps: dict[str, Any]) -> str:
    """ "confidence 0.41 below the threshold 0.66: the evidence does not name 'Japarov' (missing -0.75)",
    from the largest negative contributions."""
    value = composition.confidence
    negative = [k for _, k in sorted((v, k) for k, v in contributions.items() if v < 0)]
    if "missing" in negative and "subject_absent" in negative:
        negative.remove("subject_absent")  # said with the missing names
    if "subject_absent" in negative and "subject_unsaid" in negative:
        negative.remove("subject_unsaid")  # not named anywhere says more than not in the answering sentences
    reasons = [_reason(name, contributions, composition.features, gaps) for name in negative[:2]]
    if composition.abstained:
        if not reasons:
            f = composition.features
            reasons = [f"the best sentence is weak evidence (semantic {f['semantic']:.2f}, coverage {f['coverage']:.2f})"]
        return f"confidence {value:.2f} below the threshold {threshold:.2f}: " + "; ".join(reasons)
    said = f"confidence {value:.2f} clears the threshold {threshold:.2f}"
    return said + (f", despite: {'; '.join(reasons)}" if reasons else "")


def _reason(name: str, contributions: dict[str, float], features: dict[str, float], gaps: dict[str, Any]) -> str:
    """One negative contribution in words, with its part of the confidence."""
    shown = f"({name} {contributions[name]:+.2f})"
    absent = ", ".join(repr(w) for w in gaps["absent_names"])
    match name:
        case "missing" if contributions.get("subject_absent", 0.0) < 0:
            both = f"(missing {contributions['missing']:+.2f}, subject_absent {contributions['subject_absent']:+.2f})"
            first = gaps["names"][0]
            about = ", the party the question is about" if [first] == gaps["absent_names"] else f"; {first!r} is whom it is about"
            return f"the evidence does not name {absent}{about} {both}"
        case "missing":
            return f"the evidence does not name {absent} {shown}"
        case "subject_absent":
            return f"the question is about {gaps['names'][0]!r}, and the evidence does not name it {shown}"
        case "subject_unsaid":
            return f"the question is about {gaps['names'][0]!r}, and the sentences that answer do not say it {shown}"
        case "ordinal_unsaid":
            return f"the question names one of a series (an ordinal) that the sentences that answer do not say {shown}"
        case "other_party":
            return f"a country the question asks about is not said by the sentences that answer, which name another {shown}"
        case "other_stage":
            return (
                "the question asks about one stage of an event (signed, ratified, in force; begun, completed) and the "
                f"sentences that answer say another {shown}"
            )
        case "unknown":
            return f"the articles never use {', '.join(repr(w) for w in gaps['unknown_words'])} {shown}"
        case "unknown_numbers":
            numbers = [w for w in gaps["unknown_words"] if any(ch.isdigit() for ch in w)]
            return f"the articles never use the number {', '.join(map(repr, numbers)) or 'asked about'} {shown}"
        case "type_ok":
            wanted = _ASKED_FOR.get(gaps["expected"], gaps["expected"] or "what it asks for")
            return f"the question asks for {wanted} and the evidence holds none {shown}"
        case "relevance":
            return f"the cross-encoder reads the best sentence as of little relevance, {features['relevance']:.2f} {shown}"
    return f"{name} {contributions[name]:+.2f}"


def _position(word: str, question: str) -> int:
    found = re.search(rf"\b{re.escape(word)}", question, re.I)
    return found.start() if found else len(question)


def _as_said(word: str, question: str) -> str:
    """A question word (lower-cased by `terms`) as the question writes it: "japarov" -> "Japarov"."""
    start = _position(word, question)
    said = question[start : start + len(word)]
    return said if said.lower() == word else word


def _num(value) -> float | None:
    return None if value is None else round(float(value), 4) + 0.0  # + 0.0: no "-0.0" in the JSON


def _ms(start: float, end: float) -> float:
    return round((end - start) * 1000, 1)
