# ruff: noqa: E501 (a question pattern reads best on one line)
"""Comparisons: what each article says on a topic, quoted side by side (issue 23, point 3).

"How do the articles differ on X?", "Compare what the articles say about X", "Compare what A and B say
about X" (A, B: authors, title words, or a kind or publisher: "the fact sheet", "the Turkic Wire
report"; `extracts.ArticleFinder`), "Do the articles agree on X?", "A vs B: how does each frame X?".
What the question asks (the articles compared and the topic) is read in `comparison_questions.py`, never
by a language model; anything else returns None and the grounded answerer takes it. Where A or B is not the name of an article ("Do Russia and China agree on
X?") the question is about the articles' content, and goes there too.

The answer is each article's position on X in its own words: its 1-3 sentences most relevant to X
(cosine of their stored vectors to the embedded topic plus the IDF-weighted share of X's words they
hold, a longer topic word counting as the head of a compound), grouped by article under its header line.
A quote comes with the sentence it needs to be read (one that points back brings the one before it); a
table row is read under its section's heading, which the answer shows; an article the reader named also
shows what it says next about its best sentence. An article addresses X when its best sentence is
relevant enough (less so for an article the reader named); whether the positions agree is left to the
reader, who sees them side by side. The answer says plainly when only one article addresses X, quotes
once and says so the articles that only name X in passing, and abstains (the project's wording) when
none addresses or names it. Named articles compared on no topic ("Compare DiPirro and Samedov") show
their central points.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from assistant.answer import Citation
from assistant.comparison_questions import (
    CUE,
    MAX_PARTIES,
    PARTY_JOIN,
    SEPARATOR,
    ComparisonRequest,
    loose,
    named_pieces,
    strict,
)
from assistant.extracts import (
    ArticleFinder,
    Embed,
    Named,
    Sentence,
    TopicScorer,
    abstain,
    body_sentences,
    by_article,
    count_words,
    name,
    names,
    no_author,
    no_match,
    pick,
    quotable_only,
    render,
    retrieved_pool,
    row_heading,
    salience,
)
from assistant.grounded import ABSTAIN_TEXT
from assistant.hybrid import HybridRetriever
from assistant.lookup import sentences_in_passages
from assistant.retrieval import passage_from_record
from assistant.summaries import SummaryParams, central
from otsqa.request_words import subject_words
from otsqa.text import is_row, stemmed_terms
from store.base import ArticleRecord, SentenceRecord, Store
from store.records import sentence_id


@dataclass(frozen=True)
class ComparisonParams:
    """The comparisons' numbers, chosen by reading their answers over the seed articles."""

    passages: int = 24  # passages retrieved for the topic when every article is compared
    sentence_votes: int = 40  # stored sentences closest to the topic whose articles are read too
    # BM25 passages holding the topic's words (and compounds of them) whose articles are read too: an
    # article may treat a topic in words the vectors place far from it ("cybercrime" for "cyber threats").
    word_votes: int = 40
    min_words: int = 6  # a shorter sentence rarely states a position on its own
    addresses: float = 0.6  # relevance (cosine + word share) of a sentence that speaks to the topic
    # Less for an article the reader named: it was named for the topic, which a longer question words
    # less like the article does ("what the states should do about illegal migration in the years ahead").
    named_addresses: float = 0.5
    # An article holding every word of the topic in one sentence addresses it at this much less relevance:
    # a second article on a topic often says it in other words than the first, but names it.
    named_topic_relief: float = 0.08
    # An article that does not address the topic but has a sentence holding this share of its words (by
    # weight) names it in passing: quoted once after the others, said as such.
    mention_share: float = 0.5
    mentions: int = 4  # at most this many articles quoted as naming the topic in passing
    # An article's position is rarely one sentence: up to four quotes each, within a wider margin of its best.
    # Chosen on the tuning comparisons (the first set and the helpers' second): per_article 3 / margin 0.15 /
    # near 0.1 met 33/45 and 14/24 (key-fact share 0.548, 0.524); 4 / 0.35 / 0.3 met 33/45 and 16/24 (0.587,
    # 0.615); 5 met more still (34/45, 17/24) but makes a comparison of four articles twenty quotes long.
    near: float = 0.3  # how far below `addresses` a further quote may score
    per_article: int = 4
    central_points: int = 3  # quotes per article when named articles are compared on no topic
    salience_weight: float = 0.05  # added to a quote's relevance per its names and numbers (extracts.salience)
    # Added per word of judgement a quote holds (`_JUDGEMENT`, at most `judgements`): a position is what an
    # article makes of the topic ("useful, but symbolic", "not an alliance in the NATO sense"), not only what it reports.
    # Chosen on the tuning comparisons: 0 met 33/45 and 16/24 (key-fact share 0.587, 0.615); 0.06 a word, at most
    # four, met 35/45 and 17/24 (0.613, 0.653); 0.02-0.12 all gained on both sets.
    judgement_weight: float = 0.06
    judgements: int = 4
    margin: float = 0.35  # a further quote scores within this of the article's best
    redundant: float = 0.85  # cosine above which a second quote repeats the first


@dataclass(eq=False)  # one per article: told apart by identity
class _Read:
    """One article's sentences as a comparison reads them: the pool, their scores and word shares."""

    article: ArticleRecord
    pool: list[Sentence]
    scores: np.ndarray
    shares: np.ndarray


class ComparisonAnswerer:
    """Answers comparison questions from ``store``'s stored sentences and vectors, ``texts`` (cleaned
    texts by doc_id) and ``retriever`` (the hybrid retriever: its passages when every article is
    compared, its embedder for the topic, its BM25 index for the weights of the topic's words)."""

    def __init__(
        self,
        store: Store,
        texts,
        retriever: HybridRetriever,
        params: ComparisonParams | None = None,
        embed: Embed | None = None,
    ):
        self.store = store
        self.texts = texts
        self.retriever = retriever
        self.params = params or ComparisonParams()
        self.embed: Embed = embed or retriever.embedder.embed
        self.finder = ArticleFinder(store, self.embed, texts)
        self.scorer = TopicScorer(getattr(retriever, "lexical", None), compounds=True)
        self.summary = SummaryParams()  # what an article's central points are, when no topic is named

    def answer(self, question: str) -> tuple[str, list[Citation]] | None:
        """The comparison and its citations, or None when the question asks for none."""
        found = strict(question)
        readings = [found, *loose(question)] if found else loose(question)
        if (readings or CUE.search(question)) and (pieces := named_pieces(question)):
            # Pieces named by their kind are the articles compared, wherever they stand: "How does Karimova's news
            # story treat X compared with the fact sheet?", "Uzbekistan's place in X - compare the panel, the
            # newsletter and the FAQ", "Türksat 6A in the newsletter vs in the FAQ: …" (a reading by the
            # question's shape takes "Türksat 6A in the newsletter" for a party). A reading by the shape that
            # names the same pieces, and a topic, keeps its reading of the topic.
            first = readings[0] if readings else None
            if first is None or not first.topic or not _names_only(first.parties, pieces.parties.split(" and ")):
                readings = [pieces, *readings]
        return self.answer_to(readings)

    def answer_to(self, readings: Sequence[ComparisonRequest]) -> tuple[str, list[Citation]] | None:
        """The comparison of the first of ``readings`` (the likeliest first) whose parties are articles here."""
        for asked in dict.fromkeys(readings):
            if not asked.parties:
                if not asked.topic:
                    continue  # the articles at large on no topic: not a comparison this answerer makes
                return self._all(asked.topic)
            every = sorted(self.store.articles(), key=lambda a: a.source)
            parties = self._parties(asked.parties, every, asked.topic)
            if parties is None:
                continue  # "Do Russia and China agree on X?": about the articles' content
            complete = [a for a in every if a.status == "complete"]
            unnamed = [named for named in parties if not named.articles]
            if unnamed and not asked.topic:
                continue  # "How does the Gabala summit differ from the Astana one?": not surely about articles
            if unnamed:
                named = unnamed[0]
                return (no_author(named.author, complete) if named.author else no_match(named.phrase, complete)), []
            chosen = list({a.doc_id: a for named in parties for a in named.articles}.values())
            return self._named(chosen, asked.topic) if asked.topic else self._central(chosen)
        return None

    def _parties(self, phrase: str, articles: list[ArticleRecord], topic: str = "") -> list[Named] | None:
        """The articles each party names, split where every part names an article ("Security,
        Corridors, and Cooperation and DiPirro" is a title and an author). When no split does, the
        finest split whose other parts name articles here says which part matches none ("DiPirro and
        Jane Doe"); None when no part names an article ("Russia and China": the articles' content).
        ``topic`` tells apart articles a part names equally ("the fact sheet" of two fact sheets)."""
        # "A and B", "A vs B", and "A with B" ("Contrast the Baku report with the fact sheet on X")
        cuts = sorted([*SEPARATOR.finditer(phrase), *PARTY_JOIN.finditer(phrase)], key=lambda m: m.start())
        splits = []
        for n in range(min(len(cuts), MAX_PARTIES - 1), 0, -1):  # more parties first: "A and B" is two
            splits += list(itertools.combinations(cuts, n))
        unmatched: list[Named] | None = None
        for chosen in splits:
            parts, at = [], 0
            for cut in chosen:
                parts.append(phrase[at : cut.start()])
                at = cut.end()
            parts.append(phrase[at:])
            named = [self.finder.named(part, articles, context=topic) for part in parts]
            if all(n is not None and n.articles for n in named):
                return named
            if unmatched is None and any(n is not None and n.articles for n in named):
                if all(n is not None or _names_someone(part) for n, part in zip(named, parts)):
                    unmatched = [n if n is not None else Named([], " ".join(part.split())) for n, part in zip(named, parts)]
        return unmatched

    # -- the answers --------------------------------------------------------------------------------

    def _all(self, topic: str) -> tuple[str, list[Citation]]:
        """Every article addressing ``topic``, the most relevant first; then those naming it in passing."""
        p = self.params
        vector, pool = retrieved_pool(
            self.retriever,
            self.store,
            self.texts,
            topic,
            p.passages,
            p.min_words,
            sentence_votes=p.sentence_votes,
            rows=True,
        )
        pool = sorted(pool + self._holding_words(topic, pool), key=lambda pair: (pair[0].doc_id, pair[0].start))
        groups = by_article(pool)
        records = {a.doc_id: a for a in self.store.articles(doc_ids=sorted(groups))}
        reads = [self._read(topic, vector, records[d], [pool[i] for i in groups[d]]) for d in groups if d in records]
        reads.sort(key=lambda r: (-float(r.scores.max()), r.article.doc_id))
        speaking = [r for r in reads if self._addresses(r)]
        passing = [r for r in reads if r not in speaking and self._mention(r) is not None][: p.mentions]
        if not speaking and passing:
            return self._render(_only_mentioned(topic, passing), [], passing, topic)
        if not speaking:
            scores = np.concatenate([r.scores for r in reads]) if reads else np.zeros(0)
            flat = [s for r in reads for s in r.pool]
            return abstain(f"No article addresses {topic}.", "they come", self.store, flat, scores, records)
        intro = (
            f"Only {name(speaking[0].article)} addresses {topic}:"
            if len(speaking) == 1
            else f"{count_words(len(speaking), 'article')} address {topic}, each in its own words:"
        )
        return self._render(intro, speaking, passing, topic)

    def _named(self, articles: list[ArticleRecord], topic: str) -> tuple[str, list[Citation]]:
        """The named articles on ``topic``, in the order named; those that do not address it are said."""
        p = self.params
        pending = [a for a in articles if a.status != "complete"]
        found = [a for a in articles if a.status == "complete"]
        waiting = f"{names(pending)} {'is' if len(pending) == 1 else 'are'} still being ingested." if pending else ""
        if not found:
            return f"{waiting[:-1]}; ask again when the ingest has finished.", []
        vector = self.embed([topic])[0]
        reads = [
            self._read(topic, vector, a, body_sentences(self.store, self.texts(a.doc_id) or "", a.doc_id, p.min_words, rows=True))
            for a in found
        ]
        speaking = [r for r in reads if self._addresses(r, p.named_addresses)]
        passing = [r for r in reads if r not in speaking and self._mention(r) is not None]
        silent = [r.article for r in reads if r not in speaking and r not in passing]
        if not speaking and passing:
            closest = [r for r in reads if r.article in silent and len(r.scores)]
            text, citations = self._render(_only_mentioned(topic, passing), [], passing, topic, closest)
            notes = [f"{names(silent)} {'does' if len(silent) == 1 else 'do'} not address {topic}."] if silent else []
            return "\n\n".join([text, *notes, *filter(None, [waiting])]), citations
        if not speaking:
            pool = [s for r in reads for s in r.pool]
            scores = np.concatenate([r.scores for r in reads])
            why = f"{names(found)} {'does' if len(found) == 1 else 'do'} not address {topic}."
            return abstain(
                " ".join(filter(None, [why, waiting])), "they come", self.store, pool, scores, {a.doc_id: a for a in found}
            )
        if len(speaking) == 1:
            intro = f"Only {name(speaking[0].article)} addresses {topic}:"
        else:
            intro = f"{count_words(len(speaking), 'article')} address {topic}, each in its own words:"
        # An article named but silent on the topic still shows the sentence closest to it, said as such: the
        # reader asked for it, and may have named the topic in other words than it does.
        closest = [r for r in reads if r.article in silent and len(r.scores)]
        text, citations = self._render(intro, speaking, passing, topic, closest, follow=True)
        notes = [f"{names(silent)} {'does' if len(silent) == 1 else 'do'} not address {topic}."] if silent else []
        return "\n\n".join([text, *notes, *filter(None, [waiting])]), citations

    def _central(self, articles: list[ArticleRecord]) -> tuple[str, list[Citation]]:
        """Named articles compared on no topic ("Compare DiPirro and Samedov"): each one's central points
        (`summaries.central`), in the order named."""
        found = [a for a in articles if a.status == "complete"]
        pending = [a for a in articles if a.status != "complete"]
        waiting = f"{names(pending)} {'is' if len(pending) == 1 else 'are'} still being ingested." if pending else ""
        groups = []
        for article in found:
            text = self.texts(article.doc_id) or ""
            pool = body_sentences(self.store, text, article.doc_id, self.summary.min_words)
            if pool:
                chosen = central(pool, text, self.params.central_points, self.summary)
                groups.append((article, self._in_context(article.doc_id, [pool[i][0] for i in chosen], extend=False)))
        if not groups:
            if waiting:
                return f"{waiting[:-1]}; ask again when the ingest has finished.", []
            return f"{ABSTAIN_TEXT} {names(found)} {'has' if len(found) == 1 else 'have'} no text to quote.", []
        intro = f"No topic was named, so here are the central points of {names([a for a, _ in groups])}, side by side:"
        text, citations = render(self.store, intro, groups)
        return "\n\n".join([text, *filter(None, [waiting])]), citations

    def _render(
        self,
        intro: str,
        speaking: list[_Read],
        passing: list[_Read],
        topic: str,
        closest: Sequence[_Read] = (),
        follow: bool = False,
    ) -> tuple[str, list[Citation]]:
        """The addressing articles' positions, then each passing mention under a line that says so, then
        the sentence of each of ``closest`` (named, but silent on the topic) that comes closest to it."""
        groups = [(r.article, self._positions(r, follow=follow)) for r in speaking]
        groups += [(r.article, self._in_context(r.article.doc_id, [r.pool[self._mention(r)][0]], extend=False)) for r in passing]
        groups += [
            (r.article, self._in_context(r.article.doc_id, [r.pool[int(np.argmax(r.scores))][0]], extend=False)) for r in closest
        ]
        breaks = {}
        if passing and speaking:
            verb = "mentions" if len(passing) == 1 else "mention"
            breaks[len(speaking)] = f"{count_words(len(passing), 'more article')} {verb} {topic} only in passing:"
        if closest:
            whose = "the article that does not address it" if len(closest) == 1 else "the articles that do not address it"
            breaks[len(speaking) + len(passing)] = f"Closest to {topic} in {whose}:"
        sections = {}
        for article, quotes in groups:
            text = self.texts(article.doc_id) or ""
            for quote in quotes:
                if heading := row_heading(quote, text):
                    sections[(quote.doc_id, quote.start)] = heading
        return render(self.store, intro, groups, sections=sections, breaks=breaks)

    def _read(self, topic: str, vector, article: ArticleRecord, pool: list[Sentence]) -> _Read:
        """An article's sentences scored on ``topic``; a table row is read with its section's heading."""
        text = self.texts(article.doc_id) or ""
        reads = [f"{heading} — {record.text}" if (heading := row_heading(record, text)) else record.text for record, _ in pool]
        return _Read(article, pool, self.scorer.scores(topic, vector, pool, reads), self.scorer.shares(topic, pool, reads))

    def _holding_words(self, topic: str, pool: list[Sentence]) -> list[Sentence]:
        """The quotable sentences outside ``pool`` of the passages the BM25 index finds for the topic's
        words and the compounds of them that ``pool`` holds ("cybercrime" for "cyber threats")."""
        lexical = getattr(self.retriever, "lexical", None)
        if lexical is None or not self.params.word_votes:
            return []
        words = [topic, *sorted(self.scorer.compounds_of(topic, (record.text for record, _ in pool)))]
        hits = [c for c, _ in lexical.search(" ".join(words), self.params.word_votes)]
        passages = [passage_from_record(chunk, rank) for rank, chunk in enumerate(self.store.passages.get(hits), 1)]
        seen = {(record.doc_id, record.start) for record, _ in pool}
        found = quotable_only(sentences_in_passages(self.store, passages), self.texts, self.params.min_words, rows=True)
        return [pair for pair in found if (pair[0].doc_id, pair[0].start) not in seen]

    def _addresses(self, read: _Read, bar: float | None = None) -> bool:
        """Whether an article addresses the topic: a sentence relevant enough (``bar``, else
        `addresses`), or one that names the whole topic and is nearly so (`named_topic_relief`)."""
        p = self.params
        bar = p.addresses if bar is None else bar
        if not len(read.scores):
            return False
        if read.scores.max() >= bar:
            return True
        return bool(np.any((read.shares >= 0.999) & (read.scores >= bar - p.named_topic_relief)))

    def _mention(self, read: _Read) -> int | None:
        """The index of an article's best sentence naming the topic (`mention_share` of its words), if any."""
        named = np.flatnonzero(read.shares >= self.params.mention_share)
        return int(named[np.argmax(read.scores[named])]) if len(named) else None

    def _positions(self, read: _Read, *, follow: bool = False) -> list[SentenceRecord]:
        """An article's 1-3 sentences most relevant to the topic, in article order, each with the
        sentence it needs to be read (`_in_context`); among equally relevant ones, those with names
        and numbers (its position's facts) first. With ``follow`` (an article the reader named), a
        quote to spare goes to what the article says next about its best sentence (`_next_said`)."""
        p = self.params
        pool = read.pool
        scores = read.scores + p.salience_weight * np.array([salience(record.text) for record, _ in pool])
        if p.judgement_weight:
            scores = scores + p.judgement_weight * np.array(
                [min(len(_JUDGEMENT.findall(record.text)), p.judgements) for record, _ in pool]
            )
        floor = p.addresses - p.named_topic_relief - p.near
        chosen = [pool[i][0] for i in pick(pool, scores, p.per_article, floor=floor, margin=p.margin, redundant=p.redundant)]
        if not chosen:
            return []
        doc_id, best = read.article.doc_id, chosen[0]
        quotes = self._in_context(doc_id, chosen, extend=True, anchors=[best])
        if follow and len(quotes) < p.per_article:
            lead = next(q for q in quotes if q.start <= best.start < q.end)
            after = self._next_said(doc_id, lead.end, {record.start for record, _ in pool})
            if after is not None and _carries_on(lead.text, after.text):
                quotes = self._in_context(doc_id, [*chosen, after], extend=True, anchors=[best, after])
        return quotes

    def _next_said(self, doc_id: str, end: int, quotable: set[int]) -> SentenceRecord | None:
        """The first quotable sentence after offset ``end`` in the same section (no heading between):
        where a narrative says what came of what it just said ("The third meeting did take place in
        Kazakhstan, but not in the capital."). None at a section's end, or for an aside in brackets."""
        for record in self._body(doc_id):
            if record.start < end:
                continue
            if record.heading or is_row(record.text):
                return None
            if record.start in quotable:
                return None if record.text.lstrip().startswith(("(", "[")) else record
        return None

    def _body(self, doc_id: str) -> list[SentenceRecord]:
        """An article's stored body sentences that are still its text at their offsets, in text order."""
        text = self.texts(doc_id) or ""
        return sorted(
            (r for r, _ in self.store.sentences.vectors_of(doc_id) if r.kind == "body" and text[r.start : r.end] == r.text),
            key=lambda r: r.start,
        )

    def _in_context(
        self, doc_id: str, chosen: list[SentenceRecord], *, extend: bool, anchors: Sequence[SentenceRecord] = ()
    ) -> list[SentenceRecord]:
        """``chosen`` as they can be read out of their article: a sentence that points back ("It was
        held …", "such rules") or follows a fragment ("The first is duplication.") is quoted with the
        sentence before it; with ``extend``, the ``anchors`` (an article's best) with the sentence after
        it that carries its thought on ("In this desk's assessment, whether such a text …": often the
        article's verdict). Within a paragraph only; quotes that come to overlap are joined."""
        text = self.texts(doc_id) or ""
        body = self._body(doc_id)
        starts = {a.start for a in anchors}
        at = {r.start: i for i, r in enumerate(body)}
        spans: list[tuple[int, int, SentenceRecord]] = []
        for record in chosen:
            start, end = record.start, record.end
            i = at.get(record.start)
            if i is not None and not is_row(record.text):
                before = body[i - 1] if i > 0 else None
                if (
                    before is not None
                    and _joined(text, before, record)
                    and (_points_back(record.text) or len(before.text.split()) < self.params.min_words)
                ):
                    start = before.start
                after = body[i + 1] if i + 1 < len(body) else None
                if (
                    extend
                    and record.start in starts
                    and after is not None
                    and _joined(text, record, after)
                    and _points_back(after.text)
                ):
                    end = after.end
            spans.append((start, end, record))
        return _joined_spans(spans, text)


# Content words a next sentence shares with the one before it when it carries on its subject ("… proposed
# that the third meeting be held in Astana" → "The third meeting did take place in Kazakhstan, …").
CARRIED_WORDS = 3


def _carries_on(said: str, after: str) -> bool:
    return len(set(stemmed_terms(said)) & set(stemmed_terms(after))) >= CARRIED_WORDS


# Words by which a sentence judges rather than reports: negation and contrast, hedges and modals, verdicts.
_JUDGEMENT = re.compile(
    r"\b(?:not|no|nor|never|rather than|but|yet|however|although|though|only|may|might|could|should|must|would|seems?|"
    r"likely|unlikely|arguably|modest|symbolic|real|limited|useful|cheap\w*|visible|weak\w*|strong\w*|risk\w*|test|"
    r"matters?|important|enough|little|more than|less than|too|remains?|still)\b",
    re.I,
)


def _names_only(parties: str, pieces: Sequence[str]) -> bool:
    """Whether ``parties`` (a reading's) names ``pieces`` and nothing else: "the wire and Alimov's commentary",
    not "Türksat 6A in the newsletter vs in the FAQ"."""
    rest = parties.casefold()
    for piece in pieces:
        if piece.casefold() not in rest:
            return False
        rest = rest.replace(piece.casefold(), " ")
    return not subject_words(SEPARATOR.sub(" ", rest), keep_years=True).strip()


def _only_mentioned(topic: str, passing: list[_Read]) -> str:
    """The intro when no article addresses the topic, but some name it."""
    verb = "mentions" if len(passing) == 1 else "mention"
    return f"No article addresses {topic} at length; {count_words(len(passing), 'article').lower()} {verb} it in passing:"


def _names_someone(part: str) -> bool:
    """Whether a party that names no article here still reads as a name ("Jane Doe", a quoted title):
    then "No article matches …" is worth saying; "the Gabala summit" is a subject, not a party."""
    part = " ".join(part.split()).strip(" ,")
    return bool(re.match(r"^[\"“”'‘’]", part)) or bool(part) and all(w[:1].isupper() for w in part.split())


def _joined(text: str, first: SentenceRecord, second: SentenceRecord) -> bool:
    """Whether two sentences run on in one paragraph: nothing but spaces between them, neither a heading
    nor a table row."""
    between = text[first.end : second.start]
    return (
        first.end <= second.start
        and not between.strip()
        and "\n" not in between
        and not (first.heading or second.heading or is_row(first.text) or is_row(second.text))
    )


# A sentence that cannot be read without the one before it: it opens with a pronoun or a connective that
# points back, or speaks of "such" a thing.
_POINTS_BACK = re.compile(
    r"^(?:this|that|these|those|it|its|they|their|them|he|his|she|her|such|both|neither|the latter|the former|"
    r"but|yet|however|still|instead|even so|nevertheless|hence|thus|so|there)\b|\bsuch (?!as\b)",
    re.I,
)


def _points_back(sentence: str) -> bool:
    return bool(_POINTS_BACK.search(sentence.lstrip("\"“‘'([")))


def _joined_spans(spans: list[tuple[int, int, SentenceRecord]], text: str) -> list[SentenceRecord]:
    """One quote per span, in text order, spans that overlap or touch joined; a span wider than its
    sentence is quoted as the text it covers (an exact slice still)."""
    merged: list[list] = []
    for start, end, record in sorted(spans, key=lambda s: s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end, record])
    out = []
    for start, end, record in merged:
        if (start, end) == (record.start, record.end):
            out.append(record)
        else:
            out.append(replace(record, id=sentence_id(record.doc_id, start), text=text[start:end], start=start, end=end))
    return out


__all__ = ["ComparisonAnswerer", "ComparisonParams"]
