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
from assistant.grounded.candidates import CandidateScorer, reading_language, rerank_passages
from assistant.grounded.confidence import Confidence
from assistant.grounded.direct import Phrase, scored_phrases, words_said
from assistant.grounded.params import GroundedParams
from assistant.grounded.question_types import asked_kinds, holds_type, question_parts
from assistant.grounded.quotable import Candidate
from assistant.grounded.runs import SentenceRuns, opens_with_date, points_back, reading_order
from assistant.lexicon import Lexicon, load_lexicon
from assistant.quoting import ArticleTexts
from assistant.retrieval import Retrieval
from otsqa.languages import detect as detect_language
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
        # A lead from an article in another language than the question's: its words cannot be the question's.
        across = best.doc_id in retrieval.offsets
        reading = reading_language(detect_language(question), across)
        covered = set(stemmed_terms(" ".join(c.hit.text for c in chosen), reading))
        kinds = asked_kinds(question)
        completing: list[Candidate] = []  # what holds a second thing asked, for the direct answer
        for cand in candidates[1:]:
            if len(chosen) >= limit or cand.score < best.score - p.margin:
                break
            if any(c.hit.id == cand.hit.id or cosine(cand.vector, c.vector) > p.duplicate_cosine for c in chosen):
                continue
            if cand.hit.text.rstrip().endswith(":"):
                continue  # a list's opening without its list answers nothing
            new_words = {stem(w, reading) for w in weights} & (set(stemmed_terms(cand.hit.text, reading)) - covered)
            other_article = cand.doc_id not in {c.doc_id for c in chosen}
            # "Venue of second meeting: Tbilisi" says no word "Second meeting: 22 May 2024" does not, but
            # holds the place a "where and when" question asks for and the chosen sentences lack.
            fills = self._fills(question, kinds, chosen, cand)
            if other_article or new_words or fills:
                chosen.append(replace(cand, role="extra"))
                completing += [chosen[-1]] if fills else []
                covered |= set(stemmed_terms(cand.hit.text, reading))
        # Confidence weighs all the evidence found close to the best sentence (as calibrated), but not
        # all of it is quoted.
        features = self.confidence.features(
            question, best, chosen, weights, df, across=across, evidence_language=retrieval.languages.get(best.doc_id)
        )
        abstained = self.confidence.abstains(features)
        evidence = chosen
        if not abstained:
            chosen = chosen + self.runs.rest_of_run(best, candidates, chosen)
            added = self._completing(question, best, chosen, candidates)
            chosen, completing = chosen + added, completing + added
        quoted = reading_order(self._quoted(chosen))
        # The direct answer says what completes the lead too: "22 May 2024, Istanbul".
        asked = (leads[1:] if len(leads) > 1 else leads) + [(question, c) for c in completing]
        direct = [] if abstained else self._direct(asked, quoted)
        return Composition(quoted, abstained, features["confidence"], features, ranked, direct, candidates, evidence)

    def _fills(self, question: str, kinds: list[str], chosen: list[Candidate], cand: Candidate) -> bool:
        """Whether ``cand`` holds one of two things the question asks for ("where and when") that ``chosen``
        lacks while it holds the other. A question asking one thing is not helped to its type this way: a
        sentence naming someone near one that does not is how a near miss ("Who chairs …?") gets answered."""
        if len(kinds) < 2:
            return False
        text = " ".join(c.hit.text for c in chosen)
        held = {k for k in kinds if holds_type(k, question, text, self.lexicon)}
        return bool(held) and any(k not in held and holds_type(k, question, cand.hit.text, self.lexicon) for k in kinds)

    def _completing(
        self, question: str, best: Candidate, chosen: list[Candidate], candidates: list[Candidate]
    ) -> list[Candidate]:
        """For each kind of thing the question asks for that the answer does not hold, the sentence that
        holds it. "Where and when …?" answered by "Venue of second meeting: Istanbul" takes the date from
        the best sentence's paragraph, else from the best candidate close to it in score, its article first
        ("Second meeting: 22 May 2024"), if it holds one of the things asked; if none, only from the date
        its dated entry opens with. An extra from elsewhere does not count as holding it: its date is
        another event's. Added after the confidence is weighed: it completes an answer, it does not decide one."""
        p = self.params
        answer = [c for c in chosen if c.role != "extra"]
        out: list[Candidate] = []
        taken = {c.hit.id for c in chosen}
        kinds = asked_kinds(question)
        held = [k for k in kinds if holds_type(k, question, " ".join(c.hit.text for c in answer), self.lexicon)]
        for kind in kinds:
            if kind in held or holds_type(kind, question, " ".join(c.hit.text for c in answer + out), self.lexicon):
                continue
            # A best sentence holding nothing asked for is a doubtful choice, not half an answer: only the
            # date its entry opens with may complete it. One holding one of two things asked ("where and
            # when") may be completed from its paragraph or a sentence near it in score.
            before = self.runs.same_paragraph_before(best, candidates)
            near = [c for c in candidates if c.score >= best.score - p.completion_margin] if held else []
            if not held:
                before = before[-1:] if before and opens_with_date(before[-1].hit.text) else []
            near.sort(key=lambda c: c.doc_id != best.doc_id)  # stable: by score within each group
            for cand in before + near:
                if cand.hit.id in taken or cand.hit.text.rstrip().endswith(":"):
                    continue
                if holds_type(kind, question, cand.hit.text, self.lexicon):
                    out.append(replace(cand, role="extra"))
                    taken.add(cand.hit.id)
                    break
        return out

    def _direct(self, leads: list[tuple[str, Candidate]], quoted: list[Candidate]) -> list[tuple[Candidate, Phrase]]:
        """Each (part of the) question's answering phrase in its leading sentence, once per kind; or in the
        quoted sentence after the lead that points back at it, when that one's phrase is closer to what is
        asked ("When did the accord enter into force?": "… signed the Tbilisi accord in 2019. It entered
        into force in May 2021.")."""
        out: list[tuple[Candidate, Phrase]] = []
        ids = {c.hit.id for c in quoted}
        for asked, lead in leads:
            if lead.hit.id not in ids or lead.hit.text.rstrip().endswith(":"):
                continue  # not quoted, or a list's opening: the list answers, not a phrase of it
            found = {p.kind: (lead, p) for p, _ in scored_phrases(asked, lead.hit.text, self.lexicon)}
            if (after := self._pointing_back_at(lead, quoted)) is not None:
                # Its phrase replaces the lead's when its clause says a word of the question the whole lead does
                # not ("enter into force"); the words the lead says count for both, as its pronoun stands for
                # them. Only a phrase the lead has: where the lead has none (none of the kind, or two alike) the
                # sentence after it is no likelier to hold the answer than to hold the figure before the one asked.
                said_by_lead = words_said(asked, lead.hit.text)
                for phrase, (said, _) in scored_phrases(asked, after.hit.text, self.lexicon, context=lead.hit.text):
                    if phrase.kind in found and said > said_by_lead:
                        found[phrase.kind] = (after, phrase)
            for source, phrase in found.values():
                if all(phrase.kind != p.kind for _, p in out):
                    out.append((source, phrase))
        return out

    def _pointing_back_at(self, lead: Candidate, quoted: list[Candidate]) -> Candidate | None:
        """The quoted sentence right after ``lead`` in its paragraph when it points back at it."""
        after = [c for c in quoted if c.doc_id == lead.doc_id and c.start >= lead.hit.end]
        nearest = min(after, key=lambda c: c.start, default=None)
        if nearest is None or not points_back(nearest.hit.text):
            return None
        between = (self.texts(lead.doc_id) or "")[lead.hit.end : nearest.start]
        return nearest if between.strip() == "" and "\n" not in between else None

    def _quoted(self, chosen: list[Candidate]) -> list[Candidate]:
        """The chosen sentences less the extras that the cross-encoder read with the question and found
        irrelevant."""
        return [c for c in chosen if c.role != "extra" or c.relevance is None or c.relevance >= self.params.extra_relevance]

    def citations(self, chosen: list[Candidate]) -> list[Citation]:
        return [Citation(n, c.passage, c.hit.text, c.start, c.end, c.role) for n, c in enumerate(chosen, 1)]
