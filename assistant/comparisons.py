"""Comparisons: what each article says on a topic, quoted side by side (issue 23, point 3).

"How do the articles differ on X?", "Compare what the articles say about X", "Compare what A and B say
about X" (A, B: authors or title words), "Do the articles agree on X?". Told from the question's whole
wording by patterns, never a language model; anything else returns None and the grounded answerer takes
it. Where A or B is not the name of an article ("Do Russia and China agree on X?") the question is about
the articles' content, and goes there too.

The answer is each article's position on X in its own words: its 1-2 sentences most relevant to X
(cosine of their stored vectors to the embedded topic plus the IDF-weighted share of X's words they
hold), grouped by article under its header line. An article addresses X when its best sentence is
relevant enough; whether the positions agree is left to the reader, who sees them side by side. The
answer says plainly when only one article addresses X, and abstains (the project's wording) when none does.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np

from assistant.answer import Citation
from assistant.extracts import (
    ARTICLE_WORDS,
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
    render,
    retrieved_pool,
)
from assistant.hybrid import HybridRetriever
from store.base import ArticleRecord, SentenceRecord, Store

_END = r"\s*[?.!]*\s*$"
_PLEASE = r"(?:(?:please|can you|could you|would you|kindly|now),?\s+)*"
_ON = r"(?:on|about|over|regarding|concerning|in (?:their|how they (?:see|view|treat|describe)) (?:views? (?:on|of) )?)"
_SAY = r"(?:say|said|write|wrote|argue|argued|claim|report|think|conclude|suggest)"
_VIEWS = r"(?:views?|positions?|perspectives?|takes?|accounts?|assessments?|stances?|arguments?)"

_PORTRAY = r"(?:portray|describe|present|depict|see|view|treat|frame|characteri[sz]e|assess|judge|cover|discuss)"
_COMPARED_ON = r"(?:on|about|regarding|concerning|in terms of)"
# "Compare A and B on X": a title may hold "on" too ("Brokers on the Bloc"), so unless the articles at
# large are compared ("Compare the articles on X"), A and B run to the last "on".
_COMPARE_TO_LAST = re.compile(rf"^{_PLEASE}compare (?P<s>.+) {_COMPARED_ON} (?P<t>.+?){_END}", re.I)

# Every pattern names the articles compared ("s") and the topic ("t").
_PATTERNS = [
    re.compile(rf"^how do (?P<s>.+?) (?:differ|disagree|vary|compare) {_ON} ?(?P<t>.+?){_END}", re.I),
    re.compile(rf"^how do (?P<s>.+?)['’]?s? {_VIEWS} (?:on|of|about|regarding) (?P<t>.+?) (?:differ|compare|vary){_END}", re.I),
    re.compile(rf"^{_PLEASE}compare what (?P<s>.+?) {_SAY} (?:about|on|regarding|concerning) (?P<t>.+?){_END}", re.I),
    re.compile(rf"^{_PLEASE}compare (?P<s>.+?)['’]?s? {_VIEWS} (?:on|of|about|regarding) (?P<t>.+?){_END}", re.I),
    _COMPARE_ON := re.compile(rf"^{_PLEASE}compare (?P<s>.+?) {_COMPARED_ON} (?P<t>.+?){_END}", re.I),
    re.compile(
        rf"^(?:do|did|does) (?P<s>.+?) (?:agree|disagree|differ|concur)(?: with each other)? {_ON} ?(?P<t>.+?){_END}", re.I
    ),
    re.compile(rf"^(?:where|how|on what) (?:do|did) (?P<s>.+?) (?:agree|disagree|differ) {_ON} ?(?P<t>.+?){_END}", re.I),
    re.compile(
        rf"^what are the (?:main )?(?:similarities and differences|differences and similarities|differences|disagreements) "
        rf"(?:between|among|across) (?P<s>.+?) (?:on|about|regarding|concerning|over) (?P<t>.+?){_END}",
        re.I,
    ),
    # "How does the brief's view of X compare with the commentary's?"
    re.compile(
        rf"^how (?:does|do) (?P<a>.+?)['’]s? {_VIEWS} (?:of|on|about) (?P<t>.+?) "
        rf"(?:compare|differ) (?:with|to|from) (?P<b>.+?)(?:['’]s?)?{_END}",
        re.I,
    ),
    # "How do different articles portray Hungary?", "Compare how the articles describe the CSTO."
    re.compile(
        rf"^(?:{_PLEASE}compare )?how (?:do|did) "
        rf"(?P<s>(?:the |different |various |the different |the various |all the |two |three )"
        rf"(?:{ARTICLE_WORDS}|authors|sources|writers|analysts)) {_PORTRAY} (?P<t>.+?){_END}",
        re.I,
    ),
    re.compile(rf"^{_PLEASE}compare how (?P<s>.+?) {_PORTRAY} (?P<t>.+?){_END}", re.I),
    # "What different perspectives do the articles offer on X?"
    re.compile(
        rf"^what (?:different |differing |contrasting |competing )(?:{_VIEWS}|views) (?:do|did) (?P<s>.+?) "
        rf"(?:offer|give|take|present|have|hold) {_ON} ?(?P<t>.+?){_END}",
        re.I,
    ),
    # "Is there a consensus among the articles on X?"
    re.compile(
        rf"^is there (?:a |any )?(?:agreement|disagreement|consensus) (?:among|between|across) (?P<s>.+?) "
        rf"(?:on|about|regarding|over) (?P<t>.+?){_END}",
        re.I,
    ),
    # "Contrast A and B on X"
    re.compile(rf"^{_PLEASE}contrast (?P<s>.+?) {_COMPARED_ON} (?P<t>.+?){_END}", re.I),
]

# "the articles", "all the sources", "they": every article addressing the topic is compared.
_COLLECTIVE = re.compile(
    rf"^(?:(?:the|all|these|those|our|your|different|various|two|three|four|several) )*(?:{ARTICLE_WORDS}|authors|sources|"
    r"writers|analysts|they)$",
    re.I,
)
# Where a list of named articles or authors may be split: "A and B", "A, B and C", "A vs B".
_SEPARATOR = re.compile(r",?\s+(?:and|vs\.?|versus)\s+|,\s+", re.I)
MAX_PARTIES = 4


@dataclass(frozen=True)
class ComparisonRequest:
    topic: str
    parties: str = ""  # what names the articles compared ("DiPirro and Samedov"); "" for all of them


def recognise(question: str) -> ComparisonRequest | None:
    """The comparison ``question`` asks for, or None when it asks anything else."""
    text = " ".join(question.split())
    for pattern in _PATTERNS:
        if match := pattern.match(text):
            if pattern is _COMPARE_ON and not _COLLECTIVE.match(_bare(match["s"])) and (last := _COMPARE_TO_LAST.match(text)):
                match = last
            if "a" in match.groupdict():  # "A's view of X compared with B's"
                return ComparisonRequest(match["t"].strip(" ,"), f"{match['a'].strip(' ,')} and {match['b'].strip(' ,')}")
            parties = match["s"].strip(" ,")  # quotes stay: they say a title is meant
            topic = match["t"].strip(" ,")
            if not topic or not parties:
                return None
            return ComparisonRequest(topic, "" if _COLLECTIVE.match(_bare(parties)) else parties)
    return None


def _bare(parties: str) -> str:
    return parties.strip(" \"“”'‘’,")


@dataclass(frozen=True)
class ComparisonParams:
    """The comparisons' numbers, chosen by reading their answers over the seed articles."""

    passages: int = 24  # passages retrieved for the topic when every article is compared
    min_words: int = 6  # a shorter sentence rarely states a position on its own
    addresses: float = 0.6  # relevance (cosine + word share) of a sentence that speaks to the topic
    near: float = 0.1  # how far below `addresses` a second quote may score
    per_article: int = 2
    margin: float = 0.1  # a second quote scores within this of the article's best
    redundant: float = 0.85  # cosine above which a second quote repeats the first


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
        self.finder = ArticleFinder(store, self.embed)
        self.scorer = TopicScorer(getattr(retriever, "lexical", None))

    def answer(self, question: str) -> tuple[str, list[Citation]] | None:
        """The comparison and its citations, or None when the question asks for none."""
        asked = recognise(question)
        if asked is None:
            return None
        if not asked.parties:
            return self._all(asked.topic)
        every = sorted(self.store.articles(), key=lambda a: a.source)
        parties = self._parties(asked.parties, every)
        if parties is None:
            return None  # "Do Russia and China agree on X?": about the articles' content
        complete = [a for a in every if a.status == "complete"]
        for named in parties:
            if not named.articles:
                return (no_author(named.author, complete) if named.author else no_match(named.phrase, complete)), []
        found = list({a.doc_id: a for named in parties for a in named.articles}.values())
        return self._named(found, asked.topic)

    def _parties(self, phrase: str, articles: list[ArticleRecord]) -> list[Named] | None:
        """The articles each party names, split where every part names an article ("Security,
        Corridors, and Cooperation and DiPirro" is a title and an author). When no split does, the
        finest split whose other parts name articles here says which part matches none ("DiPirro and
        Jane Doe"); None when no part names an article ("Russia and China": the articles' content)."""
        cuts = list(_SEPARATOR.finditer(phrase))
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
            named = [self.finder.named(part, articles) for part in parts]
            if all(n is not None and n.articles for n in named):
                return named
            if unmatched is None and any(n is not None and n.articles for n in named):
                unmatched = [n if n is not None else Named([], " ".join(part.split())) for n, part in zip(named, parts)]
        return unmatched

    # -- the answers --------------------------------------------------------------------------------

    def _all(self, topic: str) -> tuple[str, list[Citation]]:
        """Every article addressing ``topic``, the most relevant first."""
        p = self.params
        vector, pool = retrieved_pool(self.retriever, self.store, self.texts, topic, p.passages, p.min_words)
        scores = self.scorer.scores(topic, vector, pool)
        groups = by_article(pool)
        records = {a.doc_id: a for a in self.store.articles(doc_ids=sorted(groups))}
        ranked = sorted((d for d in groups if d in records), key=lambda d: (-float(scores[groups[d]].max()), d))
        speaking = [d for d in ranked if scores[groups[d]].max() >= p.addresses]
        if not speaking:
            return abstain(f"No article addresses {topic}.", "they come", self.store, pool, scores, records)
        quoted = [(records[d], self._positions([pool[i] for i in groups[d]], scores[groups[d]])) for d in speaking]
        if len(quoted) == 1:
            intro = f"Only {name(quoted[0][0])} addresses {topic}:"
        else:
            intro = f"{count_words(len(quoted), 'article')} address {topic}, each in its own words:"
        return render(self.store, intro, quoted)

    def _named(self, articles: list[ArticleRecord], topic: str) -> tuple[str, list[Citation]]:
        """The named articles on ``topic``, in the order named; those that do not address it are said."""
        p = self.params
        pending = [a for a in articles if a.status != "complete"]
        found = [a for a in articles if a.status == "complete"]
        waiting = f"{names(pending)} {'is' if len(pending) == 1 else 'are'} still being ingested." if pending else ""
        if not found:
            return f"{waiting[:-1]}; ask again when the ingest has finished.", []
        vector = self.embed([topic])[0]
        pools = {a.doc_id: body_sentences(self.store, self.texts(a.doc_id) or "", a.doc_id, p.min_words) for a in found}
        scored = {d: self.scorer.scores(topic, vector, pool) for d, pool in pools.items()}
        speaking = [a for a in found if len(scored[a.doc_id]) and scored[a.doc_id].max() >= p.addresses]
        silent = [a for a in found if a not in speaking]
        if not speaking:
            pool = [s for d in pools for s in pools[d]]
            scores = np.concatenate([scored[d] for d in pools])
            why = f"{names(found)} {'does' if len(found) == 1 else 'do'} not address {topic}."
            return abstain(
                " ".join(filter(None, [why, waiting])), "they come", self.store, pool, scores, {a.doc_id: a for a in found}
            )
        quoted = [(a, self._positions(pools[a.doc_id], scored[a.doc_id])) for a in speaking]
        if len(quoted) == 1:
            intro = f"Only {name(speaking[0])} addresses {topic}:"
        else:
            intro = f"{count_words(len(quoted), 'article')} address {topic}, each in its own words:"
        text, citations = render(self.store, intro, quoted)
        notes = [f"{names(silent)} {'does' if len(silent) == 1 else 'do'} not address {topic}."] if silent else []
        return "\n\n".join([text, *notes, *filter(None, [waiting])]), citations

    def _positions(self, pool: list[Sentence], scores: np.ndarray) -> list[SentenceRecord]:
        """An article's 1-2 sentences most relevant to the topic, in article order."""
        p = self.params
        chosen = pick(pool, scores, p.per_article, floor=p.addresses - p.near, margin=p.margin, redundant=p.redundant)
        return [pool[i][0] for i in sorted(chosen)]


__all__ = ["ComparisonAnswerer", "ComparisonParams", "ComparisonRequest", "recognise"]
