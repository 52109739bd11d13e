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
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable

import numpy as np

from assistant.answer import Citation, Passage
from assistant.followup import leans_on_context
from assistant.lexicon import Lexicon, load_lexicon
from assistant.lookup import chunks_holding, sentences_after, sentences_before, sentences_in_passages
from assistant.quoting import ArticleTexts
from assistant.retrieval import Retrieval, passage_from_record
from otsqa.text import MONTH, STOPWORDS, capitalised_runs, capitalised_words, proper_names, stem, stemmed_terms, terms
from store.base import SentenceRecord, Store, cosine
from store.lexical import LexicalIndex

ABSTAIN_TEXT = "The articles do not answer this question."

_NUMBER_Q = re.compile(
    r"\bhow (?:many|much|long|large|big|far|high|often)\b"
    r"|\bwhat (?:percentage|percent|share|proportion|number|amount|size|value)\b"
    r"|\bwhat (?:is|was|are|were) (?:the )?(?:\w+ ){0,3}(?:population|budget|cost|price|rate|salary|revenue|turnover|total)\b",
    re.I,
)
_COUNTED = re.compile(r"\bhow many ((?:[\w-]+ ){0,1}[\w-]+)", re.I)  # "how many joint exercises" → the counted thing
_WHO_IS_NAME = re.compile(r"^\s*(?i:who) (?:is|was) [A-ZÀ-Ý]")
_DAY_Q = re.compile(r"\b(?:exact|precise) date\b|\b(?:which|what) (?:day|date)\b|\bon what date\b", re.I)
_DATE_Q = re.compile(r"^\s*when\b|\bwhat (?:year|month)\b|\b(?:in|by) (?:which|what) (?:year|month)\b", re.I)
_PERSON_Q = re.compile(r"^\s*who\b|\bwhich (?:person|official|minister|leader|president|chairman)\b", re.I)
# "Who plans to host …?" can be answered by a country or an organisation; "Who is the current
# Secretary-General …?" asks about an office, and only a person holds one.
_OFFICE = re.compile(
    r"\b(?:chair(?:man|woman|person)|secretary[- ]general|president|prime minister|minister|director|"
    r"commander|chief|governor|ambassador|spokes(?:man|woman|person))\b",
    re.I,
)
_PLACE_Q = re.compile(r"^\s*where\b|\b(?:which|what) (?:city|country|town|place|capital)\b", re.I)
# "Which drone models / formal agreements / partners …": the answer is a name the question lacks.
_NAME_Q = re.compile(
    r"\bwhich (?!(?:kinds?|types?|sorts?|forms?|aspects?|parts?) )(?:[\w-]+ ){0,3}"
    r"(?:models?|brands?|makes?|names?|countries|members?|partners?|states|agreements?|treaties|treaty|"
    r"exercises?|summits?|cities|companies|company|firms?|manufacturers?|organi[sz]ations?)\b",
    re.I,
)
# "From what earlier body did the OTS evolve, and which country initiated it?": two questions in one.
_PART_BREAK = re.compile(
    r"(?:,? and |; |\? )(?=(?:what|which|who|whom|whose|when|where|why|how|did|does|do|is|are|was|were|has|have|can)\b)",
    re.I,
)
# "How long is Uzbekistan's border …": a length (or duration) of that very thing, not any number.
_MEASURE_Q = re.compile(
    r"\bhow (long|far|high|tall|wide|deep) (?:is|are|was|were|will) (?:the |its |their )?([\w’'-]+(?: [\w’'-]+){0,3}?)"
    r"(?= in\b| overall\b|,|\?|$)",
    re.I,
)
_UNITS = {
    "long": r"km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|foot|days?|weeks?|months?|years?|hours?",
    "far": r"km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?",
    "high": r"met(?:er|re)s?|m|feet|foot",
    "tall": r"met(?:er|re)s?|m|feet|foot",
    "wide": r"km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?",
    "deep": r"met(?:er|re)s?|m|feet|foot",
}
_DAY = re.compile(rf"\b{MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_QUANTITY = re.compile(
    r"(?<![\w+-])\d+(?:[.,]\d+)*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
    r"hundreds?|thousands?|millions?|billions?)\b",
    re.I,
)
# A sentence that opens by pointing back at the one before it (within its first three words).
_LEANS_BACK = re.compile(
    r"\s*(?:\S+\s+){0,2}?(?:it|its|this|these|those|such|they|their|subsequently|thereafter|then|"
    r"however|but|yet|also|moreover|furthermore|therefore|thus|hence|instead|likewise|similarly)\b",
    re.I,
)
# "It is worth noting that …", "It should be noted …": an "it" that points at nothing.
_EXPLETIVE_IT = re.compile(
    r"\s*it\s+(?:is|was|has been|should|would|may|might|seems|appears|remains)\s+(?:also\s+|not\s+|now\s+)?(?:be\s+)?"
    r"(?:worth|clear|unclear|likely|unlikely|important|notable|noteworthy|possible|true|evident|noted|said|argued)\b",
    re.I,
)
_SPELLS_OUT = re.compile(r"\s*(?:namely|specifically|in particular|that is|i\.e\.|refers to|meaning)\b", re.I)
_URL = re.compile(r"https?://|www\.")  # bibliography, not an answer
_REFERENCE = re.compile(r"[\"“][^\"”]{8,}[\"”].*\b(?:1[89]|20)\d\d\b")  # '“Title,” Outlet, May 2, 2025.'


def _quotable(hit: SentenceRecord) -> bool:
    """Prose that can answer: not a heading, not a bare fragment, not a bibliography entry."""
    text = hit.text
    if _is_heading(hit) or len(text.split()) < 4 or _URL.search(text):
        return False
    return not (hit.kind == "footnote" and _REFERENCE.search(text))


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

    @property
    def doc_id(self) -> str:
        return self.hit.doc_id

    @property
    def start(self) -> int:
        return self.hit.start

    @property
    def end(self) -> int:
        return self.hit.end


@dataclass
class Composition:
    chosen: list[Candidate]
    abstained: bool
    confidence: float
    features: dict[str, float] = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list)  # re-ranked by their best sentence


def expected_type(question: str) -> str:
    if _WHO_IS_NAME.search(question):
        return ""  # "Who is Bakhodir Kurbanov?" asks for a role, not for another name
    kinds = (
        ("measure", _MEASURE_Q),
        ("number", _NUMBER_Q),
        ("day", _DAY_Q),
        ("date", _DATE_Q),
        ("person", _PERSON_Q),  # narrowed to "actor" below unless an office is asked about
        ("place", _PLACE_Q),
        ("name", _NAME_Q),
    )
    for name, pattern in kinds:
        if pattern.search(question):
            if name == "person" and re.match(r"\s*who\b", question, re.I) and not _OFFICE.search(question):
                return "actor"
            return name
    return ""


def question_parts(question: str) -> list[str]:
    """The questions inside a compound question, each with words enough to search for; else [question].

    "When and where was it held?" stays whole (its first part names nothing), and so does a trailing
    "…, and when?": the answer to the main part usually carries its date.
    """
    parts = [p.strip() for p in _PART_BREAK.split(question)]
    parts = [p for p in parts if len(terms(p)) >= 2]
    return parts if len(parts) > 1 else [question]


def holds_type(kind: str, question: str, text: str, lexicon: Lexicon | None = None) -> bool:
    """Does ``text`` hold a thing of the asked-for kind that the question does not already name?"""
    lexicon = lexicon or load_lexicon()
    asked = question.lower()

    def new(found: str) -> bool:
        return found.lower() not in asked

    if kind == "measure":
        # A number with a unit of the asked dimension, in a sentence that names the measured thing.
        asked_for = _MEASURE_Q.search(question)
        if not asked_for:
            return True
        dimension, thing = asked_for.group(1).lower(), terms(asked_for.group(2))
        head = stem(thing[-1]) if thing else ""
        unit = re.compile(rf"(?<![\w+-])\d+(?:[.,]\d+)*\s*(?:{_UNITS[dimension]})\b", re.I)
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if unit.search(sentence) and (not head or head in {stem(w) for w in terms(sentence)}):
                return True
        return False
    if kind == "number":
        numbers = [m for m in _QUANTITY.finditer(text) if new(m.group(0)) and not _YEAR.fullmatch(m.group(0))]
        counted = _COUNTED.search(question)
        if counted and numbers:
            # "How many troops…" wants a number of troops: the counted word shortly after a number.
            nouns = {stem(w) for w in terms(counted.group(1))}
            return any(nouns & {stem(w) for w in terms(text[m.end() : m.end() + 40])} for m in numbers)
        return bool(numbers)
    if kind == "day":
        return any(new(m.group(0)) for m in _DAY.finditer(text))
    if kind == "date":
        return any(new(m.group(0)) for m in _YEAR.finditer(text)) or any(new(m.group(0)) for m in _DAY.finditer(text))
    if kind == "person":
        return any(new(name) for name in proper_names(text, runs=True, openers=False, ignore=lexicon.institutional))
    if kind == "actor":
        return any(new(name) for name in _actors(text, lexicon))
    if kind in ("place", "name"):
        return any(
            new(word)
            and word.lower() not in lexicon.institutional
            and word.lower() not in STOPWORDS
            and not lexicon.is_adjective(word)
            for word in capitalised_words(text)
        )
    return True


def _actors(text: str, lexicon: Lexicon) -> list[str]:
    """People, countries and organisations named in ``text``: who can do something."""
    found = proper_names(text, runs=True, openers=False, ignore=lexicon.institutional)
    for run in capitalised_runs(text):
        words = [w.lower().removesuffix("’s").removesuffix("'s") for w in run.split()]
        found += lexicon.countries_in(words)
        if len(words) >= 2 and lexicon.organisation_heads & set(words):
            found.append(run)
    return found


class GroundedAnswerer:
    def __init__(
        self,
        store: Store,
        lexical: LexicalIndex,
        threshold: float = 0.0,
        reranker=None,
        top_passages: int = 5,
        max_sentences: int = 2,
        margin: float = 0.12,
        lexical_weight: float = 0.35,
        novelty_weight: float = 0.25,
        rerank_top: int = 6,
        follow: int = 2,
        rerank_weight: float = 0.5,
        relevance_weight: float = 0.2,
        unknown_mode: str = "names",
        extras_from_other_articles_only: bool = False,
        actor_weight: float = 0.1,
        read_with_next: bool = True,
        next_words: int = 12,
        extra_relevance: float = 0.05,
        missing_weight: float = 0.75,
        subject_weight: float = 0.2,
        acronym_share: float = 0.25,
        embed: Callable[[list[str]], list[list[float]]] | None = None,
        lexicon: Lexicon | None = None,
    ):
        self.store = store
        self.lexical = lexical
        self.threshold = threshold
        self.reranker = reranker
        self.top_passages = top_passages
        self.max_sentences = max_sentences
        self.margin = margin
        self.lexical_weight = lexical_weight
        self.novelty_weight = novelty_weight
        self.rerank_top = rerank_top
        self.follow = follow
        self.rerank_weight = rerank_weight
        self.relevance_weight = relevance_weight
        self.unknown_mode = unknown_mode
        self.extras_from_other_articles_only = extras_from_other_articles_only
        self.actor_weight = actor_weight
        self.read_with_next = read_with_next
        self.next_words = next_words
        self.extra_relevance = extra_relevance
        # Chosen with the threshold by leave-one-out F1 on the evaluation set (docs/evaluation.md).
        self.missing_weight = missing_weight
        # The question's first name is whom it is about; its absence costs this much more (any of 0.1-0.35
        # gave the same leave-one-out F1). An acronym in more than ``acronym_share`` of the passages (the
        # collection's own subject, "OTS") is no name: it says nothing of whom a question is about.
        self.subject_weight = subject_weight
        self.acronym_share = acronym_share
        # Embeds the parts of a compound question (None: each part is judged by the whole question's vector).
        self.embed = embed
        # Countries, organisations, institutions and names of one country: data, extendable per deployment.
        self.lexicon = lexicon or load_lexicon()
        self.texts = ArticleTexts(store)
        # Word counts of an article, for `_absent_names` (kept as long as the cached text they count).
        self._words = lru_cache(maxsize=64)(lambda doc_id, seen: Counter(stemmed_terms(self.texts(doc_id))))

    # -- candidates -----------------------------------------------------------------------------

    def _weights(self, words: list[str]) -> tuple[dict[str, float], dict[str, int]]:
        """IDF weight per question word (a word the collection never uses weighs most)."""
        df = self.lexical.document_frequency(words)
        n = max(self.lexical.passage_count(), 1)
        return {w: math.log(1 + n / (1 + df[w])) for w in set(words)}, df

    def _sentences(self, top: list[Passage]) -> list[tuple[SentenceRecord, np.ndarray, Passage]]:
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
        self, question: str, retrieval: Retrieval, sentences: list[tuple[SentenceRecord, np.ndarray, Passage]] | None = None
    ) -> tuple[list[Candidate], dict[str, float], dict[str, int]]:
        if sentences is None:
            sentences = self._sentences(retrieval.passages[: self.top_passages])
        words = terms(question)
        weights, df = self._weights(words)
        total = sum(weights.values()) or 1.0
        asked = {stem(w) for w in words} | {stem(w) for w in terms(retrieval.query)}
        # "Who …?": a sentence that names someone who could have done it is worth more than one that does not.
        kind = expected_type(question)
        typed = self.actor_weight if kind in ("person", "actor") else 0.0
        seen: set[str] = set()
        out: list[Candidate] = []
        following = self._next_in_paragraph(sentences) if self.read_with_next else {}
        for hit, vector, passage in sentences:
            if hit.id in seen or not _quotable(hit):
                continue
            seen.add(hit.id)
            semantic = cosine(retrieval.vector, vector)
            reads = ""
            if hit.text.rstrip().endswith(":"):
                # "Several recent summits illustrate the momentum:" says little; the list it opens is
                # the answer, so it is judged together with that list.
                items = self._continuation(Candidate(hit, vector, passage), [], self.texts(hit.doc_id))
                if items:
                    reads = " ".join([hit.text] + [c.hit.text for c in items])
            elif hit.id in following:
                # Its opening words are enough to tell whether it carries the thought on, at a fraction
                # of the cross-encoder's cost (which grows with what it reads).
                reads = f"{hit.text} {' '.join(following[hit.id].split()[: self.next_words])}"
            present = set(stemmed_terms(hit.text))
            lexical = sum(w for word, w in weights.items() if stem(word) in present) / total
            opens_list = hit.text.rstrip().endswith(":") and bool(reads)
            told = set(stemmed_terms(reads)) if opens_list else present  # a list's opening tells what its items tell
            novelty = len(told - asked) / (len(told) or 1)
            prior = 1.0 / (passage.rank + 1)
            score = semantic + self.lexical_weight * lexical + self.novelty_weight * novelty + 0.05 * prior
            if typed and holds_type(kind, question, hit.text, self.lexicon):
                score += typed
            out.append(Candidate(hit, vector, passage, semantic, lexical, novelty, score, reads=reads))
        out.sort(key=lambda c: (-c.score, c.hit.id))
        if self.reranker is not None and out:
            self._rerank(question, out)
        return out, weights, df

    def _next_in_paragraph(self, sentences: list[tuple[SentenceRecord, np.ndarray, Passage]]) -> dict[str, str]:
        """Sentence id → the text of the sentence after it, when both are in the pool and one paragraph."""
        ordered = sorted({h.id: h for h, _, _ in sentences}.values(), key=lambda h: (h.doc_id, h.start))
        out = {}
        for a, b in zip(ordered, ordered[1:]):
            same = a.doc_id == b.doc_id and a.kind == b.kind
            if same and a.marker == b.marker and _quotable(b):
                if "\n" not in self.texts(a.doc_id)[a.end : b.start]:
                    out[a.id] = b.text
        return out

    def _rerank(self, question: str, candidates: list[Candidate]) -> None:
        """Let the cross-encoder reorder the leaders (it reads question and sentence together)."""
        head = candidates[: self.rerank_top]
        scores = self.reranker.score(question, [c.reads or c.hit.text for c in head])
        for cand, relevance in zip(head, scores):
            cand.relevance = relevance
            cand.score = cand.score + self.rerank_weight * relevance
        candidates[: len(head)] = sorted(head, key=lambda c: (-c.score, c.hit.id))

    # -- composing ------------------------------------------------------------------------------

    def compose(self, question: str, retrieval: Retrieval) -> Composition:
        sentences = self._sentences(retrieval.passages[: self.top_passages])
        candidates, weights, df = self.candidates(question, retrieval, sentences)
        if not candidates:
            return Composition([], True, 0.0, {"sentences": 0.0}, retrieval.passages)
        ranked = _rerank_passages(retrieval.passages, candidates, self.top_passages)
        best = candidates[0]
        chosen = self._lead_and_run(best, candidates, retrieval.passages)
        # The sentence the lead leans on is context, not one more answer: it takes no extra's place.
        leaned_on = sum(1 for c in chosen if c.doc_id == best.doc_id and c.start < best.start)
        limit = self.max_sentences + self.follow + leaned_on
        parts = question_parts(question)
        if len(parts) > 1:
            # Each part of a compound question gets its own best sentence (and what completes it):
            # the whole question's best usually answers only one of them.
            chosen = []
            # A later part that leans on the first ("what did he report?") is read together with it.
            parts = [parts[0]] + [f"{p} {parts[0]}" if leans_on_context(p) else p for p in parts[1:]]
            vectors = self.embed(parts) if self.embed else [retrieval.vector] * len(parts)
            shared = 0  # parts whose best sentence another part already brought
            for part, vector in zip(parts, vectors):
                own, _, _ = self.candidates(part, replace(retrieval, query=part, vector=vector), sentences)
                lead = own[0] if own else None
                if lead is not None and all(lead.hit.id != k.hit.id for k in chosen):
                    run = self._lead_and_run(lead, own, retrieval.passages)
                    chosen += [c for c in run if all(c.hit.id != k.hit.id for k in chosen)]
                else:
                    shared += 1
            # Each part has its answer and more sentences would only dilute them; but when two parts
            # share one best sentence, the whole question's next best may answer what it leaves out.
            limit = len(chosen) + shared
        covered = set(stemmed_terms(" ".join(c.hit.text for c in chosen)))
        for cand in candidates[1:]:
            if len(chosen) >= limit or cand.score < best.score - self.margin:
                break
            if any(c.hit.id == cand.hit.id or cosine(cand.vector, c.vector) > 0.92 for c in chosen):
                continue
            if cand.hit.text.rstrip().endswith(":"):
                continue  # a list's opening without its list answers nothing
            new_words = {stem(w) for w in weights} & (set(stemmed_terms(cand.hit.text)) - covered)
            other_article = cand.doc_id not in {c.doc_id for c in chosen}
            if other_article or (new_words and not self.extras_from_other_articles_only):
                chosen.append(replace(cand, role="extra"))
                covered |= set(stemmed_terms(cand.hit.text))
        # Confidence weighs all the evidence found close to the best sentence (as calibrated), but not
        # all of it is quoted.
        features = self._features(question, best, chosen, weights, df)
        abstained = features["confidence"] < self.threshold
        return Composition(_reading_order(self._quoted(chosen)), abstained, features["confidence"], features, ranked)

    def _quoted(self, chosen: list[Candidate]) -> list[Candidate]:
        """The chosen sentences less the extras that the cross-encoder read with the question and found
        irrelevant."""
        return [c for c in chosen if c.role != "extra" or c.relevance is None or c.relevance >= self.extra_relevance]

    def _lead_and_run(self, lead: Candidate, candidates: list[Candidate], passages: list[Passage]) -> list[Candidate]:
        """The lead sentence (after the one it leans on) and what completes it: the footnote that
        explains it, else the next sentences of its passage."""
        article = self.texts(lead.doc_id)
        run = [replace(lead, role="lead")] + [replace(c, role="next") for c in self._continuation(lead, candidates, article)]
        held = self._one_passage(run, passages)
        before = self._leans_on(lead, candidates, article)
        if before is not None:
            with_before = self._one_passage([replace(before, role="context")] + run, passages)
            if len(with_before) > len(held):  # only when one passage holds it with all the rest
                held = with_before
        notes = [replace(c, role="footnote") for c in self._explained_by(lead, candidates, passages)]
        if notes and not lead.hit.text.rstrip().endswith(":"):
            # The author's note completes the lead's thought; the sentences after the lead move on to
            # the paragraph's next point (measured: dropping them only removes citations of no evidence).
            # A list the lead opens stays: it is the answer.
            held = [c for c in held if c.role != "next"]
        return held + notes

    def _leans_on(self, lead: Candidate, candidates: list[Candidate], article: str) -> Candidate | None:
        """The sentence just before the lead in its paragraph, when the lead opens by pointing back at it
        ("Türkiye subsequently eased …", "Its drone platforms, in particular, …"): without it the
        reader does not know what "subsequently" or "its" refers to."""
        if not _LEANS_BACK.match(lead.hit.text) or _EXPLETIVE_IT.match(lead.hit.text):
            return None
        found = sentences_before(self.store, lead.hit, 1500)
        if not found:
            return None
        hit, vector = max(found, key=lambda pair: pair[0].end)
        same_note = hit.marker == lead.hit.marker
        if hit.kind != lead.hit.kind or not same_note or not _quotable(hit) or "\n" in article[hit.end : lead.start]:
            return None  # a heading, a fragment, another footnote, or the end of another paragraph
        by_id = {c.hit.id: c for c in candidates}
        return by_id.get(hit.id) or Candidate(hit, vector, self._home(hit, lead.passage))

    def _explained_by(self, lead: Candidate, candidates: list[Candidate], passages: list[Passage]) -> list[Candidate]:
        """The opening sentences of the footnote the lead sentence cites, when they explain it rather
        than name a source ("¹⁴ This roadmap emphasizes interoperability in mountain warfare …"): the
        author put there what the sentence leaves out."""
        if lead.hit.kind != "body" or not lead.passage.footnotes:
            return []
        citing = self.store.passages.get([lead.passage.chunk_id])
        notes = [h for h in self.store.passages.get(citing[0].note_chunk_ids() if citing else []) if h.cited_start == lead.start]
        if not notes:
            return []
        note = next((p for p in passages if p.chunk_id == notes[0].id), None) or passage_from_record(notes[0], lead.passage.rank)
        found = sentences_in_passages(self.store, [note])
        by_id = {c.hit.id: c for c in candidates}
        out: list[Candidate] = []
        for hit, vector in sorted(found, key=lambda pair: pair[0].start):
            if hit.kind != "footnote" or not _quotable(hit) or len(out) == 2:
                break  # the source it names follows the explanation
            out.append(replace(by_id[hit.id], passage=note) if hit.id in by_id else Candidate(hit, vector, note))
        # A marker often closes a paragraph and the note may explain an earlier sentence of it: the note
        # must take up the lead's own words or say that it spells the lead out ("Namely, …").
        lead_words = {w for w in stemmed_terms(lead.hit.text) if w.isalpha()}  # a shared year links nothing
        if out and not (_SPELLS_OUT.match(out[0].hit.text) or lead_words & set(stemmed_terms(out[0].hit.text))):
            return []
        return out

    def _continuation(self, best: Candidate, candidates: list[Candidate], article: str) -> list[Candidate]:
        """What completes the best sentence: the list after a ":", else the rest of its thought.

        Analysis prose often states the topic in one sentence and the substance in the next ("This
        explains Ankara's preference for formats." → "Formats endure leadership transitions, …"),
        so the next sentences of the same paragraph come along, up to ``self.follow``.
        """
        footnote = best.hit.kind == "footnote"  # what follows in a note is mostly sources
        wants = 6 if best.hit.text.rstrip().endswith(":") else (0 if footnote else self.follow)
        if not wants:
            return []
        following = sentences_after(self.store, best.hit, 2000)
        by_id = {c.hit.id: c for c in candidates}
        out: list[Candidate] = []
        previous, previous_end = best.hit.text.rstrip(), best.end
        counted = 0
        for hit, vector in following:
            # "That is true." between two sentences of one thought is part of it, but adds nothing to count.
            aside = not _is_heading(hit) and len(hit.text.split()) < 4 and hit.text.rstrip()[-1:] in ".!?"
            if hit.kind != best.hit.kind or not _quotable(hit) and not hit.text.startswith(("- ", "• ", "* ")) and not aside:
                break
            item = hit.text.startswith(("- ", "• ", "* "))
            in_list = previous.endswith(":") or (item and out and out[-1].hit.text.startswith(("- ", "• ", "* ")))
            if not in_list and "\n" in article[previous_end : hit.start]:
                break  # the paragraph ended and no list continues it
            out.append(by_id.get(hit.id) or Candidate(hit, vector, self._home(hit, best.passage)))
            previous, previous_end = hit.text.rstrip(), hit.end
            counted += not aside
            if previous.endswith(":"):
                wants = counted + 6  # a list follows: take its items
            if counted >= wants:
                break
        while out and len(out[-1].hit.text.split()) < 4 and not out[-1].hit.text.startswith(("- ", "• ", "* ")):
            out.pop()  # an aside does not end an answer
        return out

    def _absent_names(self, names: list[str], chosen: list[Candidate]) -> list[str]:
        """The question's ``names`` (names and numbers the collection has) that the evidence does not: neither its
        passages say them nor are they a subject of its articles (said three times or more). "What did
        Iran say about the Gabala summit?" finds the summit, in an article that never names Iran: the
        quote would answer a question about someone else."""
        if not names:
            return []
        passages = [Counter(stemmed_terms(text)) for text in {c.passage.text for c in chosen}]
        articles = [self._words(doc_id, self.store.seen) for doc_id in {c.doc_id for c in chosen}]

        def mentions(word: str, counts: Counter) -> int:
            stems = {stem(form) for form in self.lexicon.same_name.get(word, (word,))}

            def same(w: str, stem: str) -> bool:
                # "Kazakh" names Kazakhstan and "Azerbaijani" Azerbaijan: a long stem that begins the other counts.
                return w == stem or (len(stem) >= 5 and len(w) >= 5 and (w.startswith(stem) or stem.startswith(w)))

            return sum(n for w, n in counts.items() if any(same(w, stem) for stem in stems))

        return [w for w in names if not any(mentions(w, p) for p in passages) and all(mentions(w, a) < 3 for a in articles)]

    def _question_names(self, question: str, weights: dict[str, float], df: dict[str, int]) -> list[str]:
        """The question's names that the collection has, in the order the question says them: words
        capitalised inside the sentence, numbers, and acronyms ("NATO", "CSTO") that are not in more than
        ``acronym_share`` of the passages."""
        # A weight is log(1 + passages / (1 + df)), so this bound is 1 + df <= share * passages, read off
        # the weight the question already has (no second count of the passages per question).
        least = math.log(1 + 1 / self.acronym_share)

        def acronym(word: str) -> bool:
            return (
                len(word) >= 2
                and word.isalpha()
                and re.search(rf"\b{re.escape(word.upper())}\b", question) is not None
                and weights[word] >= least
            )

        def position(word: str) -> int:
            found = re.search(rf"\b{re.escape(word)}", question, re.I)
            return found.start() if found else len(question)

        names = [w for w in weights if df.get(w, 0) > 0 and (self._specific(w, question, names_only=True) or acronym(w))]
        return sorted(names, key=position)

    def _specific(self, word: str, question: str, names_only: bool = False) -> bool:
        """Whether an unknown word counts against answering (``unknown_mode``): every word, or only
        names and numbers (ordinary words a paraphrase brings are not evidence of a missing answer)."""
        if self.unknown_mode == "all" and not names_only:
            return True
        return any(ch.isdigit() for ch in word) or bool(
            re.search(rf"\b{re.escape(word)}\b", question, re.I)
            and re.search(rf"(?<!^)(?<![.?!] )\b{re.escape(word[0].upper() + word[1:])}", question)
        )

    def _one_passage(self, run: list[Candidate], passages: list[Passage]) -> list[Candidate]:
        """Cite a quoted run of consecutive sentences to one passage, cut to what that passage holds.

        Chunks overlap, so some passage holding the first sentence usually holds the next ones too:
        the reader then sees the whole run in context, under one citation of the passage that holds the
        best sentence. Sentences past the end of every such passage are left out: they drift away from
        the sentence that answers, and would need a citation of their own.
        """
        if len(run) < 2:
            return run
        first = run[0]

        def held(p: Passage) -> int:
            if p.doc_id != first.doc_id or not (p.start <= first.start and first.end <= p.end):
                return 0
            count = 0
            for c in run:
                if c.start < p.start or c.end > p.end:
                    break
                count += 1
            return count

        # The passage holding most of the run; a retrieved one (in rank order) before one from the store.
        holder = max((p for p in passages if held(p)), key=held, default=first.passage)
        if held(holder) < len(run):
            found = chunks_holding(self.store, first.doc_id, first.start, first.end, first.hit.chunk_id)
            stored = [passage_from_record(h, first.passage.rank) for h in sorted(found, key=lambda h: h.start)]
            holder = max([holder] + stored, key=held)
        kept = max(held(holder), 1)
        if first.hit.text.rstrip().endswith(":"):
            # A list is the answer whole: the items past this passage are cited to their own.
            rest = [replace(c, passage=self._home(c.hit, holder)) for c in run[kept:]]
            return [replace(c, passage=holder) for c in run[:kept]] + rest
        return [replace(c, passage=holder) for c in run[:kept]]

    def _home(self, hit: SentenceRecord, near: Passage) -> Passage:
        """The passage to cite for a sentence: ``near`` if it holds the sentence, else its own chunk."""
        if near.doc_id == hit.doc_id and near.start <= hit.start and hit.end <= near.end:
            return near
        found = self.store.passages.get([hit.chunk_id])
        return passage_from_record(found[0], near.rank) if found else near

    def _features(self, question, best, chosen, weights, df) -> dict[str, float]:
        total = sum(weights.values()) or 1.0
        evidence_text = " ".join(c.hit.text for c in chosen)
        evidence = set(stemmed_terms(evidence_text))
        coverage = sum(w for word, w in weights.items() if stem(word) in evidence) / total
        unknown = sum(w for word, w in weights.items() if df.get(word, 0) == 0 and self._specific(word, question)) / total
        unknown_numbers = float(any(df.get(w, 0) == 0 and any(ch.isdigit() for ch in w) for w in weights))
        # Weighed among the question's names only: a long question does not dilute the one name it is about.
        names = self._question_names(question, weights, df)
        absent = self._absent_names(names, chosen)
        missing = sum(weights[w] for w in absent) / (sum(weights[w] for w in names) or 1.0)
        # "What did NATO say about the Gabala Declaration?": quoting the Declaration answers about someone else.
        subject_absent = float(bool(names) and names[0] in absent)
        kind = expected_type(question)
        type_ok = float(holds_type(kind, question, evidence_text, self.lexicon)) if kind else 1.0
        confidence = (
            best.semantic
            + 0.5 * coverage
            - 0.5 * unknown
            - 0.4 * unknown_numbers
            - 0.5 * (1.0 - type_ok)
            - self.missing_weight * missing
            - self.subject_weight * subject_absent
        )
        if best.relevance is not None:
            confidence += self.relevance_weight * (best.relevance - 0.5)
        return {
            "semantic": float(best.semantic),
            "coverage": float(coverage),
            "unknown": float(unknown),
            "unknown_numbers": unknown_numbers,
            "missing": float(missing),
            "subject_absent": subject_absent,
            "type_ok": type_ok,
            "relevance": float(best.relevance) if best.relevance is not None else -1.0,
            "confidence": float(confidence),
            "sentences": float(len(chosen)),
        }

    # -- citations ------------------------------------------------------------------------------

    def citations(self, chosen: list[Candidate]) -> list[Citation]:
        return [Citation(n, c.passage, c.hit.text, c.start, c.end, c.role) for n, c in enumerate(chosen, 1)]


def _rerank_passages(
    passages: list[Passage], candidates: list[Candidate], depth: int, rank_weight: float = 0.15
) -> list[Passage]:
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


def _is_heading(hit: SentenceRecord) -> bool:
    return bool(hit.heading) and not hit.text.startswith(("- ", "• ", "* "))


def _reading_order(chosen: list[Candidate]) -> list[Candidate]:
    """Articles in the order of their best sentence; sentences of one article in text order."""
    rank: dict[str, int] = {}
    for cand in chosen:
        rank.setdefault(cand.doc_id, len(rank))
    return sorted(chosen, key=lambda c: (rank[c.doc_id], c.hit.kind == "footnote", c.start))
