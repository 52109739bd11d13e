"""Candidates: the sentences that may answer, and their scores.

The candidates are the sentences inside the top passages, plus the footnotes those passages cite
(footnote-only facts are reached through the sentence that cites them). Their vectors were stored at
ingest, so nothing but the question is embedded at question time. Each is scored by meaning (cosine
to the question), the IDF-weighted share of the question's words it contains (names and numbers are
rare, so they weigh most) and its novelty (the share of its words the question does not already say:
a sentence that only restates the question is a heading in disguise, not an answer); an optional
cross-encoder re-scores the leaders. Scoring is its own stage so that the answerer can score the
same pool once per part of a compound question.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np

from assistant.answer import Passage
from assistant.crosslang import says_name
from assistant.grounded.params import GroundedParams
from assistant.grounded.question_types import YEAR, expected_type, holds_type, ordinals, says_other_stage
from assistant.grounded.quotable import Candidate, quotable
from assistant.grounded.runs import SentenceRuns, points_back
from assistant.lexicon import Lexicon
from assistant.lookup import sentences_in_passages
from assistant.quoting import ArticleTexts
from assistant.retrieval import Retrieval, passage_from_record
from otsqa.languages import ENGLISH
from otsqa.languages import detect as detect_language
from otsqa.text import PREFIX_STEM, is_row, section_heading, stem, stemmed_terms, terms
from store.base import SentenceRecord, Store, cosine
from store.lexical import LexicalIndex

Pool = list[tuple[SentenceRecord, np.ndarray, Passage]]  # a sentence, its stored vector, the passage to cite


def reading_language(language: str, across: bool) -> str:
    """Whose stems a question's words are compared with a sentence's by: the question's ``language`` when
    its evidence is in that language too, else English's (across languages only numbers and the names the
    lexicon gives in every script are shared, and those are compared whole)."""
    return ENGLISH if across else language


class CandidateScorer:
    """Finds the candidate sentences of a retrieval and scores them against a question."""

    def __init__(
        self,
        store: Store,
        lexical: LexicalIndex,
        texts: ArticleTexts,
        lexicon: Lexicon,
        runs: SentenceRuns,
        params: GroundedParams,
        reranker=None,
    ):
        self.store = store
        self.lexical = lexical
        self.texts = texts
        self.lexicon = lexicon
        self.runs = runs  # a list's opening is judged with the list it opens
        self.params = params
        self.reranker = reranker

    def weights(self, words: list[str], language: str = ENGLISH) -> tuple[dict[str, float], dict[str, int]]:
        """IDF weight per question word (a word the collection never uses weighs most); in another language
        than English, a word is counted by its stem (what begins with its first letters: otsqa.text.stem)."""
        df = self.lexical.document_frequency(words, prefix=None if language == ENGLISH else PREFIX_STEM)
        n = max(self.lexical.passage_count(), 1)
        # Sorted: sums over these weights must not depend on the process's string hashing (a set's order moved
        # the last digits of a confidence from one run to the next, and with them a close call).
        return {w: math.log(1 + n / (1 + df[w])) for w in sorted(set(words))}, df

    def sentences(self, top: list[Passage]) -> Pool:
        """Sentences inside the top passages, and the footnotes those passages cite."""
        found = sentences_in_passages(self.store, top, notes=True)
        homes = {p.chunk_id: p for p in top}
        missing = sorted({h.chunk_id for h, _ in found} - set(homes) - {""})
        for rank, hit in enumerate(self.store.passages.get(missing), len(top) + 1):
            homes[hit.id] = passage_from_record(hit, rank)
        out = []
        for hit, vector in found:
            passage = next(
                (p for p in top if p.doc_id == hit.doc_id and p.start <= hit.start and hit.end <= p.end),
                homes.get(hit.chunk_id),
            )
            if passage is not None:
                out.append((hit, vector, passage))
        return out

    def candidates(
        self, question: str, retrieval: Retrieval, sentences: Pool | None = None
    ) -> tuple[list[Candidate], dict[str, float], dict[str, int]]:
        """The quotable sentences of ``sentences`` (default: those of the top passages), best first,
        with the question's word weights and document frequencies."""
        p = self.params
        if sentences is None:
            sentences = self.sentences(retrieval.passages[: p.top_passages])
        language = detect_language(question)
        words = terms(question, language)
        weights, df = self.weights(words, language)
        # When the leading passage is in another language than the question's, only the question's numbers and
        # the countries the lexicon names in the region's languages can be shared with it: a sentence's share of
        # the question's words would favour any sentence in the question's language over the one that answers.
        across = bool(retrieval.passages) and retrieval.passages[0].doc_id in retrieval.offsets
        reading = reading_language(language, across)
        shared = weights
        if across:
            shared = {w: v for w, v in weights.items() if w.isdigit() or w in self.lexicon.multilingual}
        total = sum(shared.values()) or 1.0
        asked = {stem(w, reading) for w in words} | {stem(w, reading) for w in terms(retrieval.query, language)}
        # "Who …?": a sentence that names someone who could have done it is worth more than one that does not.
        kind = expected_type(question)
        # (the other kinds only for an English question about English evidence: the weight was fitted on those,
        # and in the region's languages it cost the abstention of the languages' sets: 0.455 → 0.316 held out)
        typed = (
            p.actor_weight
            if kind in ("person", "actor")
            else (p.kind_weight if kind and language == ENGLISH and not across else 0.0)
        )
        years = set(YEAR.findall(question))  # "… held in 2024?": a sentence of another year is of another event
        # "When was the 11th summit held?": a sentence naming another ordinal (and not this one) is of another event
        series = ordinals(question, self.lexicon.series_nouns) - {1} if p.series_weight and language == ENGLISH else set()
        # "When did parliament ratify it?": a sentence saying another stage of the event, and not this one, is of another
        staged = p.stage_score_weight and language == ENGLISH and not across
        seen: set[str] = set()
        out: list[Candidate] = []
        following = self._next_in_paragraph(sentences)
        before = {b.id: a for a, b in self._neighbours(sentences)}  # the sentence each one follows in its paragraph
        answered = self._answers_to_questions(sentences)
        # A sentence in another language than the question's gets back what a translation loses (crosslang.py).
        offsets = retrieval.offsets
        records = {hit.id: (hit, vector) for hit, vector, _ in sentences}
        asked_by = {answer.id: records[question] for question, answers in answered.items() for answer in answers}
        for hit, vector, passage in sentences:
            if hit.id in seen or hit.id in answered or not quotable(hit, p.min_words):
                continue  # a question the article asks answers nothing: the sentence after it does
            seen.add(hit.id)
            semantic = cosine(retrieval.vector, vector)
            pointed_at = before.get(hit.id) if points_back(hit.text) else None
            reads = ""
            if (asking := asked_by.get(hit.id)) is not None:
                # "How many people did Zhusan bring back?" heads a FAQ's answer ("Kazakhstan's five phases
                # returned 607 people …"): the answer is found by its question's words and meaning too.
                semantic = max(semantic, cosine(retrieval.vector, asking[1]))
                after = following.get(hit.id, "")
                reads = f"{asking[0].text} {hit.text} {' '.join(after.split()[: p.next_words])}".rstrip()
            elif hit.text.rstrip().endswith(":"):
                # "Several recent summits illustrate the momentum:" says little; the list it opens is
                # the answer, so it is judged together with that list.
                items = self.runs.continuation(Candidate(hit, vector, passage), [], self.texts(hit.doc_id))
                if items:
                    reads = " ".join([hit.text] + [c.hit.text for c in items])
            elif is_row(hit.text) and (heading := section_heading(self.texts(hit.doc_id), hit.start)):
                # "Established: 11 December 2022" under "B. TURKIC JUDICIAL TRAINING NETWORK": the row
                # answers only when read with the heading of its table.
                reads = f"{heading} — {hit.text}"
            elif hit.id in following:
                # Its opening words are enough to tell whether it carries the thought on, at a fraction
                # of the cross-encoder's cost (which grows with what it reads).
                reads = f"{hit.text} {' '.join(following[hit.id].split()[: p.next_words])}"
            # What the sentence itself says: a row with its table's heading, a FAQ's answer with its question; not
            # the next sentence's opening words the cross-encoder reads with it.
            says = reads if (is_row(hit.text) or asking is not None) and reads else hit.text
            present = set(stemmed_terms(says, reading))
            if across:
                said = [w for word, w in shared.items() if says_name(word, present, self.lexicon.same_name)]
                lexical = sum(said) / total
            else:
                lexical = sum(w for word, w in shared.items() if stem(word, reading) in present) / total
                if p.context_weight and pointed_at is not None:
                    # "It was handed over in May." answers a question about what the sentence before names:
                    # the words it points back at count for it (`context_weight`: as its own at 1.0).
                    context = set(stemmed_terms(pointed_at.text, reading)) - present
                    lexical += p.context_weight * sum(w for word, w in shared.items() if stem(word, reading) in context) / total
            opens_list = hit.text.rstrip().endswith(":") and bool(reads)
            told = set(stemmed_terms(reads, reading)) if opens_list else present  # a list's opening tells what its items tell
            novelty = len(told - asked) / (len(told) or 1)
            prior = 1.0 / (passage.rank + 1)
            score = semantic + p.lexical_weight * lexical + p.novelty_weight * novelty + p.rank_prior_weight * prior
            score += offsets.get(hit.doc_id, 0.0)
            if years and (its_years := set(YEAR.findall(reads or hit.text))) and not years & its_years:
                score -= p.year_weight  # another year's event
            if series and (named := ordinals(reads or hit.text)) and not series & named:
                score -= p.series_weight  # another event of the series
            if staged and says_other_stage(question, says, self.lexicon):
                score -= p.stage_score_weight  # "ratified?" against the day it was signed
            bonus = typed if typed and holds_type(kind, question, hit.text, self.lexicon) else 0.0
            if bonus:
                score += bonus
            its_question = asking[0].text if asking is not None else ""
            found = Candidate(hit, vector, passage, semantic, lexical, novelty, score, reads=reads, prior=prior, typed=bonus)
            out.append(replace(found, asked=its_question) if its_question else found)
        out.sort(key=lambda c: (-c.score, c.hit.id))
        # The ms-marco cross-encoder reads English only (0.17 top-1 on translated questions, shared/NOTES.md):
        # it must not reorder the candidates of a question in another language.
        if self.reranker is not None and out and detect_language(question) == ENGLISH and not across:
            self._rerank(question, out, retrieval.offsets)
        return out, weights, df

    def _answers_to_questions(self, sentences: Pool) -> dict[str, list[SentenceRecord]]:
        """Question sentence id → the opening sentences of the paragraph after it (``answer_sentences`` of
        them, those in the pool): a FAQ's question heading, an interviewer's question, a moderator's. Only a
        question standing alone (its own paragraph, or a speaker's whole turn) is one the text goes on to
        answer; its answer often opens with a hedge ("It depends on when you count.") before the figures."""
        ordered = sorted({h.id: h for h, _, _ in sentences}.values(), key=lambda h: (h.doc_id, h.start))
        out: dict[str, list[SentenceRecord]] = {}
        for i, a in enumerate(ordered):
            if not a.text.rstrip().endswith("?") or i + 1 >= len(ordered):
                continue
            text = self.texts(a.doc_id) or ""
            alone = text[max(0, a.start - 1) : a.start] in ("", "\n") or _SPEAKER.search(text[max(0, a.start - 40) : a.start])
            b = ordered[i + 1]
            if not alone or b.doc_id != a.doc_id or b.text.rstrip().endswith("?") or "\n" not in text[a.end : b.start]:
                continue
            answer = [b]
            for c in ordered[i + 2 : i + 1 + self.params.answer_sentences]:
                if c.doc_id != b.doc_id or "\n" in text[answer[-1].end : c.start]:
                    break
                answer.append(c)
            out[a.id] = [s for s in answer if quotable(s, self.params.min_words)]
        return out

    def _next_in_paragraph(self, sentences: Pool) -> dict[str, str]:
        """Sentence id → the text of the sentence after it, when both are in the pool and one paragraph."""
        return {a.id: b.text for a, b in self._neighbours(sentences)}

    def _neighbours(self, sentences: Pool) -> list[tuple[SentenceRecord, SentenceRecord]]:
        """Sentences of the pool that follow each other in one paragraph, the second quotable."""
        ordered = sorted({h.id: h for h, _, _ in sentences}.values(), key=lambda h: (h.doc_id, h.start))
        out = []
        for a, b in zip(ordered, ordered[1:]):
            same = a.doc_id == b.doc_id and a.kind == b.kind
            if same and a.marker == b.marker and quotable(b, self.params.min_words):
                if "\n" not in self.texts(a.doc_id)[a.end : b.start]:
                    out.append((a, b))
        return out

    def _rerank(self, question: str, candidates: list[Candidate], offsets: dict[str, float]) -> None:
        """Let the cross-encoder reorder the leaders (it reads question and sentence together), when they
        are English: a Russian article's sentences scored by an English-only model would lose to any
        English sentence, whatever they say. When the store mixes languages (``offsets`` names the articles
        in another language than the question's) and the leading passage is in the question's language,
        the English leaders are re-scored and the others keep their place; without it, any leader that is
        not English leaves the order as it is."""
        head = candidates[: self.params.rerank_top]
        if offsets:
            read = [c for c in head if c.doc_id not in offsets]
        elif any(detect_language(c.reads or c.hit.text) != ENGLISH for c in head):
            return
        else:
            read = head
        if not read:
            return
        scores = self.reranker.score(question, [c.reads or c.hit.text for c in read])
        for cand, relevance in zip(read, scores):
            cand.relevance = relevance
            cand.score = cand.score + self.params.rerank_weight * relevance
        candidates[: len(head)] = sorted(head, key=lambda c: (-c.score, c.hit.id))


# A speaker's label just before a question: "Q: ", "MODERATOR: ", "SADYKOVA: ".
_SPEAKER = re.compile(r"(?:^|\n)[A-ZА-ЯЁ][\w .’'-]{0,30}:\s*$")


def rerank_passages(passages: list[Passage], candidates: list[Candidate], depth: int, rank_weight: float) -> list[Passage]:
    """The top ``depth`` passages ordered by their best sentence's score plus ``rank_weight`` / their
    retrieval rank (the rest keep their place): the passage holding the answer's evidence should come
    first, but a close call goes to what retrieval, which read the whole passage, ranked higher."""
    best: dict[str, float] = {}
    for cand in candidates:
        best[cand.passage.chunk_id] = max(best.get(cand.passage.chunk_id, float("-inf")), cand.score)

    def order(p: Passage) -> tuple[float, int]:
        return (-(best.get(p.chunk_id, float("-inf")) + rank_weight / p.rank), p.rank)

    head = sorted(passages[:depth], key=order)
    reordered = head + passages[depth:]
    return [replace(p, rank=i) for i, p in enumerate(reordered, 1)]
