"""Grounded answers: sentences quoted verbatim from the best passages, each cited, or an honest
abstention.

1. Candidates are the sentences inside the top passages, plus the footnotes those passages cite
   (footnote-only facts are reached through the sentence that cites them). Their vectors were stored
   at ingest, so nothing but the question is embedded at question time.
2. Each candidate is scored by meaning (cosine to the question), the IDF-weighted share of the
   question's words it contains (names and numbers are rare, so they weigh most) and its novelty (the
   share of its words the question does not already say: a sentence that only restates the question
   is a heading in disguise, not an answer). An optional cross-encoder re-scores the leaders.
3. The best sentence is the answer's core. A sentence ending in ":" brings the list that follows; a
   short sentence that restates the question brings the next one; a footnote that spells the
   sentence out comes instead of the sentences after it. A few more join when they score
   close to the best and add something (words of the question not yet covered, or another article).
4. Confidence comes from the best score, how much of the question the chosen evidence covers, words
   and numbers the collection never uses, and whether the evidence holds the kind of thing asked for
   (a number for "how many", a day for "on which day", a name for "who"). Below a threshold
   calibrated on the evaluation set the assistant abstains and shows what comes closest, with sources.

Steps 1-2 are `candidates.py`, 3 is `runs.py` (what completes a sentence), 4 is `confidence.py`;
what kind of thing a question asks for is `question_types.py`, and every tuned number is a field of
`GroundedParams` (`params.py`). This module composes them: which sentences are chosen, for each part
of a compound question, and which extras join them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from assistant.answer import Citation, Passage
from assistant.followup import leans_on_context
from assistant.grounded.candidates import CandidateScorer, rerank_passages
from assistant.grounded.confidence import Confidence
from assistant.grounded.direct import Phrase, direct_phrases
from assistant.grounded.params import GroundedParams
from assistant.grounded.question_types import question_parts
from assistant.grounded.quotable import Candidate
from assistant.grounded.runs import SentenceRuns, reading_order
from assistant.lexicon import Lexicon, load_lexicon
from assistant.quoting import ArticleTexts
from assistant.retrieval import Retrieval
from otsqa.text import stem, stemmed_terms
from store.base import Store, cosine
from store.lexical import LexicalIndex


@dataclass
class Composition:
    chosen: list[Candidate]
    abstained: bool
    confidence: float
    features: dict[str, float] = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list)  # re-ranked by their best sentence
    # The phrases of the leading sentences that answer a date, place, number or person question (direct.py).
    direct: list[tuple[Candidate, Phrase]] = field(default_factory=list)
    # The whole question's candidates, best first, as scored (and re-scored by the cross-encoder), and
    # the evidence the confidence weighed: the chosen sentences before irrelevant extras were dropped.
    candidates: list[Candidate] = field(default_factory=list)
    evidence: list[Candidate] = field(default_factory=list)


class GroundedAnswerer:
    """Chooses the sentences to quote for a question from a retrieval, and whether to abstain.

    ``params`` holds every tuned number (default: `GroundedParams()`); ``embed`` embeds the parts of a
    compound question; ``reranker`` (a cross-encoder, or None) re-scores the leading candidates;
    ``lexicon`` (default: the shipped one) is what the answerer knows of countries, organisations and
    names.
    """

    def __init__(
        self,
        store: Store,
        lexical: LexicalIndex,
        params: GroundedParams | None = None,
        *,
        embed: Callable[[list[str]], list[list[float]]],
        reranker=None,
        lexicon: Lexicon | None = None,
    ):
        self.params = params = params or GroundedParams()
        self._store, self._lexical = store, lexical
        self.embed = embed
        self.reranker = reranker
        # Countries, organisations, institutions and names of one country: data, extendable per deployment.
        self.lexicon = lexicon or load_lexicon()
        self.texts = ArticleTexts(store)
        self.runs = SentenceRuns(store, self.texts, params)
        self.scorer = CandidateScorer(store, lexical, self.texts, self.lexicon, self.runs, params, reranker)
        self.confidence = Confidence(store, self.texts, self.lexicon, params)

    def with_params(self, **changes) -> GroundedAnswerer:
        """The same answerer with some parameters changed (the evals try thresholds this way)."""
        params = replace(self.params, **changes)
        return GroundedAnswerer(
            self._store, self._lexical, params, embed=self.embed, reranker=self.reranker, lexicon=self.lexicon
        )

    def compose(self, question: str, retrieval: Retrieval) -> Composition:
        p = self.params
        sentences = self.scorer.sentences(retrieval.passages[: p.top_passages])
        candidates, weights, df = self.scorer.candidates(question, retrieval, sentences)
        if not candidates:
            return Composition([], True, 0.0, {"sentences": 0.0}, retrieval.passages)
        ranked = rerank_passages(retrieval.passages, candidates, p.top_passages, p.passage_rank_weight)
        best = candidates[0]
        chosen = self.runs.lead_and_run(best, candidates, retrieval.passages)
        # The sentence the lead leans on is context, not one more answer: it takes no extra's place.
        leaned_on = sum(1 for c in chosen if c.doc_id == best.doc_id and c.start < best.start)
        limit = p.max_sentences + p.follow + leaned_on
        parts = question_parts(question)
        leads = [(question, best)]
        if len(parts) > 1:
            # Each part of a compound question gets its own best sentence (and what completes it):
            # the whole question's best usually answers only one of them.
            chosen = []
            # A later part that leans on the first ("what did he report?") is read together with it.
            parts = [parts[0]] + [f"{part} {parts[0]}" if leans_on_context(part) else part for part in parts[1:]]
            vectors = self.embed(parts)
            shared = 0  # parts whose best sentence another part already brought
            for part, vector in zip(parts, vectors):
                own, _, _ = self.scorer.candidates(part, replace(retrieval, query=part, vector=vector), sentences)
                lead = own[0] if own else None
                if lead is not None:
                    leads.append((part, lead))
                if lead is not None and all(lead.hit.id != k.hit.id for k in chosen):
                    run = self.runs.lead_and_run(lead, own, retrieval.passages)
                    chosen += [c for c in run if all(c.hit.id != k.hit.id for k in chosen)]
                else:
                    shared += 1
            # Each part has its answer and more sentences would only dilute them; but when two parts
            # share one best sentence, the whole question's next best may answer what it leaves out.
            limit = len(chosen) + shared
        covered = set(stemmed_terms(" ".join(c.hit.text for c in chosen)))
        for cand in candidates[1:]:
            if len(chosen) >= limit or cand.score < best.score - p.margin:
                break
            if any(c.hit.id == cand.hit.id or cosine(cand.vector, c.vector) > p.duplicate_cosine for c in chosen):
                continue
            if cand.hit.text.rstrip().endswith(":"):
                continue  # a list's opening without its list answers nothing
            new_words = {stem(w) for w in weights} & (set(stemmed_terms(cand.hit.text)) - covered)
            other_article = cand.doc_id not in {c.doc_id for c in chosen}
            if other_article or new_words:
                chosen.append(replace(cand, role="extra"))
                covered |= set(stemmed_terms(cand.hit.text))
        # Confidence weighs all the evidence found close to the best sentence (as calibrated), but not
        # all of it is quoted.
        # A lead from an article in another language than the question's: its words cannot be the question's.
        across = best.doc_id in retrieval.offsets
        features = self.confidence.features(question, best, chosen, weights, df, across=across)
        abstained = self.confidence.abstains(features)
        quoted = reading_order(self._quoted(chosen))
        direct = [] if abstained else self._direct(leads[1:] if len(leads) > 1 else leads, quoted)
        return Composition(quoted, abstained, features["confidence"], features, ranked, direct, candidates, chosen)

    def _direct(self, leads: list[tuple[str, Candidate]], quoted: list[Candidate]) -> list[tuple[Candidate, Phrase]]:
        """Each (part of the) question's answering phrase in its leading sentence, once per kind."""
        out: list[tuple[Candidate, Phrase]] = []
        ids = {c.hit.id for c in quoted}
        for asked, lead in leads:
            if lead.hit.id not in ids or lead.hit.text.rstrip().endswith(":"):
                continue  # not quoted, or a list's opening: the list answers, not a phrase of it
            for phrase in direct_phrases(asked, lead.hit.text, self.lexicon):
                if all(phrase.kind != p.kind for _, p in out):
                    out.append((lead, phrase))
        return out

    def _quoted(self, chosen: list[Candidate]) -> list[Candidate]:
        """The chosen sentences less the extras that the cross-encoder read with the question and found
        irrelevant."""
        return [c for c in chosen if c.role != "extra" or c.relevance is None or c.relevance >= self.params.extra_relevance]

    def citations(self, chosen: list[Candidate]) -> list[Citation]:
        return [Citation(n, c.passage, c.hit.text, c.start, c.end, c.role) for n, c in enumerate(chosen, 1)]
