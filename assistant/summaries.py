# ruff: noqa: E501 (a question pattern reads best on one line)
"""Extractive summaries: an article's central sentences, or what the articles say about a topic, quoted
(issue 23, point 2; and point 7's second half, "What does <author> say about <topic>?").

Told from the question's whole wording by patterns, never a language model; anything else returns
None and the grounded answerer takes it, so single-fact questions are unaffected. Every sentence shown
is a stored sentence quoted exactly, with its offsets; nothing is embedded at question time but a topic.

- An article ("Summarise <article>", "What is <article> about?", "What are the main points of
  <article>?", "What does <author> argue?"): its central sentences in article order, 3-7 by its length.
  Central: closest to the mean of the article's sentence vectors, the opening favoured (analysis states
  its thesis early), one a paragraph and none repeating another, so the quotes spread over the article.
- A topic ("Summarise what the articles say about <topic>", "Give an overview of <topic>"): the passages
  retrieved for it, the articles with enough sentences on it, and each one's 1-3 most relevant
  sentences, grouped by article, the most relevant article first.
- An author (or an article) on a topic ("What does <author> say about <topic>?"): the best 1-3
  sentences of that article about the topic, or an abstention saying it does not address it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

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
    quotable_only,
    render,
    retrieved_pool,
    salience,
)
from assistant.hybrid import HybridRetriever
from assistant.lookup import sentences_in_passages
from assistant.retrieval import passage_from_record
from otsqa.text import IN_COLLECTION, PLEASE, QUESTION_END, stem, stemmed_terms, terms
from store.base import ArticleRecord, SentenceRecord, Store, chunk_doc_id

_SIZE = r"(?:(?:short|brief|quick|concise|general|broad|one-paragraph) )?"
_SUMMARISE = (
    r"(?:summari[sz]e|sum up|recap|give (?:me |us )?the gist of|(?:what is|what's) the (?:gist|summary|upshot) of|"
    rf"(?:(?:give|provide|write)(?: me| us)? )?(?:a |an )?{_SIZE}(?:summary|synopsis|recap|rundown|digest) of)"
)
_OVERVIEW = rf"(?:(?:give|provide|write)(?: me| us)? )?(?:a |an )?{_SIZE}overview of"
_SAYS = (
    r"(?:say|says|said|write|writes|wrote|argue|argues|argued|claim|claims|report|reports|think|thinks|conclude|concludes|"
    r"suggest|suggests|note|notes|tell us|have to say|has to say)"
)
_VIEWS = r"(?:describe|see|view|characteri[sz]e|assess|portray|explain|frame|treat|discuss|cover|present)"
_ON = r"(?:about|on|regarding|concerning|of)"

# Kinds, each with the whole-question patterns that ask it; "s" names the article(s), "t" the topic.
_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "on_topic": [  # routed by "s": the articles at large (a topic summary) or one author or article
        re.compile(rf"^{PLEASE}(?:{_SUMMARISE}|{_OVERVIEW}) what (?P<s>.+?) {_SAYS} {_ON} (?P<t>.+?){QUESTION_END}", re.I),
        re.compile(rf"^what (?:do|does|did) (?P<s>.+?) {_SAYS} {_ON} (?P<t>.+?){QUESTION_END}", re.I),
        re.compile(rf"^how (?:do|does|did) (?P<s>.+?) {_VIEWS} (?P<t>.+?){QUESTION_END}", re.I),
        re.compile(
            rf"^what (?:is|was|are|were) (?P<s>.+?)['’]s? (?:views?|position|take|stance|argument|opinion|assessment|verdict) "
            rf"(?:on|of|about|regarding) (?P<t>.+?){QUESTION_END}",
            re.I,
        ),
    ],
    "overview": [re.compile(rf"^{PLEASE}{_OVERVIEW} (?P<s>.+?){QUESTION_END}", re.I)],
    "summarise": [re.compile(rf"^{PLEASE}{_SUMMARISE} (?P<s>.+?)(?: for me)?{QUESTION_END}", re.I)],
    "about": [  # the subject must name an article: "What is the OTS about?" asks about the OTS
        re.compile(
            rf"^(?:what is|what's|what are|what was) (?P<s>.+?) (?:(?:mainly|really|basically|actually) )?(?:about|arguing)"
            rf"(?: exactly)?{QUESTION_END}",
            re.I,
        ),
        re.compile(
            r"^what (?:are|were) the (?:main|key|central|principal|major|core) (?:points|arguments|ideas|claims|findings|"
            rf"takeaways|conclusions|messages|themes) (?:of|in|from|made (?:in|by)) (?P<s>.+?){QUESTION_END}",
            re.I,
        ),
        re.compile(
            r"^what (?:is|was) the (?:main|key|central|principal|core) "
            rf"(?:point|argument|idea|claim|message|thesis|conclusion|theme) (?:of|in) (?P<s>.+?){QUESTION_END}",
            re.I,
        ),
        re.compile(
            r"^what (?:are|were) (?P<s>.+?)['’]s? (?:main|key|central) (?:points|arguments|ideas|claims|findings|takeaways|"
            rf"conclusions){QUESTION_END}",
            re.I,
        ),
    ],
    "author": [  # what someone argues, with no topic: a summary of their article, if they wrote one here
        re.compile(
            r"^what (?:does|did) (?P<s>.+?) (?:argue|say|write|claim|contend|conclude|propose|suggest|think)"
            rf"(?P<own> in (?:his|her|their|the|this|that|its) (?:own )?{ARTICLE_WORDS})?{QUESTION_END}",
            re.I,
        ),
    ],
}
# "Which articles discuss X?", "Are there any reports on X?": the articles on a topic, ranked.
_TREAT = (
    r"(?:discuss(?:es)?|mention(?:s)?|cover(?:s)?|address(?:es)?|treat(?:s)?|deal(?:s)? with|talk(?:s)? about|touch(?:es)? on|"
    r"refer(?:s)? to|write about|focus(?:es)? on|are about|is about|concern(?:s)?|say anything about)"
)
_WHICH_ARTICLES = [
    re.compile(
        rf"^(?:which|what) (?:of the )?(?:{ARTICLE_WORDS}|sources)(?: in {IN_COLLECTION})? {_TREAT} (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    re.compile(
        rf"^(?:are|is) there (?:any )?(?:{ARTICLE_WORDS}|sources|anything)(?: in {IN_COLLECTION})? "
        rf"(?:about|on|covering|discussing|concerning|that {_TREAT}) (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    re.compile(rf"^do (?:any|all) (?:of )?(?:the |your )?(?:{ARTICLE_WORDS}|sources) {_TREAT} (?P<t>.+?){QUESTION_END}", re.I),
    # "How many articles mention Hungary?": the answer counts them ("Nine articles treat Hungary, …")
    re.compile(
        rf"^how many (?:of the |of your )?(?:{ARTICLE_WORDS}|sources)(?: in {IN_COLLECTION})? {_TREAT} (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    re.compile(rf"^where (?:is|are) (?P<t>.+?) (?:discussed|mentioned|covered|addressed|treated){QUESTION_END}", re.I),
    # "Where can I read about X?", "Who writes about X?", "Which authors cover X?": the articles on X, whose
    # lines name their authors
    re.compile(
        rf"^{PLEASE}where (?:can|could|do|should|would) (?:i|we|one) (?:read|learn|find (?:something|anything|more|out)) (?:about|on) (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    re.compile(rf"^who (?:writes?|wrote|has written|have written) (?:about|on) (?P<t>.+?){QUESTION_END}", re.I),
    re.compile(
        rf"^which (?:authors?|writers?|analysts?) (?:(?:writes?|wrote|has written|have written) (?:about|on)|covers?|covered|discuss(?:es)?|discussed) (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    re.compile(
        rf"^{PLEASE}(?:list|show|find|name)(?: me)? (?:the |all )?(?:{ARTICLE_WORDS}|sources) "
        rf"(?:on|about|covering|discussing|that {_TREAT}|which {_TREAT}) (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
]
# "Briefly, what does the newsletter say?": how short, said first, is no part of what is asked.
_BRIEFLY = re.compile(
    r"^(?:briefly|in brief|in short|in a nutshell|quickly|in (?:a few|a couple of|two|three) (?:words|sentences|lines)),\s*", re.I
)
# "the articles", "all the sources", "they": the collection at large, not one article.
_COLLECTIVE = re.compile(
    rf"^(?:(?:the|all|these|those|our|your|different|various|other) )*(?:{ARTICLE_WORDS}|authors|sources|writers|analysts|"
    r"collection|corpus|they)$",
    re.I,
)
# "… in the articles", "… across the sources": where to look, not part of the topic.
_WHERE = re.compile(
    rf"\s+(?:in|across|according to|from) (?:(?:the|all|these|your) )*(?:{ARTICLE_WORDS}|sources|collection)$", re.I
)


# A sentence that states the author's judgement, which a summary should carry beside the facts.
_CLAIM = re.compile(
    r"\b(?:should|must|ought to|needs? to|in my view|i would argue|we argue|our reading|the (?:real )?test|"
    r"the question (?:now )?is|the lesson|weakness|strength|risk|matters? (?:most|more)|arguably|in (?:this|our) assessment)\b",
    re.I,
)
# A sentence that opens by pointing back at what came before it: "This cooperation …", "Such pragmatism …".
_LEANS_BACK = re.compile(r"\s*(?:this|these|those|such|it|its|they|their|them|he|she|his|her|that)\b", re.I)


@dataclass(frozen=True)
class SummaryRequest:
    # "summarise", "overview", "about", "author": the articles ``subject`` names ("summarise" and "overview"
    # fall back to a topic when it names none); "topic": the articles at large on ``topic``;
    # "on_topic": the subject's articles on ``topic``; "collection": every article.
    kind: str
    subject: str = ""  # what names the article(s): title words, an author, a description
    topic: str = ""


def recognise(question: str) -> SummaryRequest | None:
    """The summary ``question`` asks for, or None when it asks anything else: the strict whole-question
    patterns first, then the cue-based fallback (`loose`)."""
    return strict(question) or loose(question)


def strict(question: str) -> SummaryRequest | None:
    """The summary a whole-question pattern reads in ``question``, or None."""
    text = _BRIEFLY.sub("", " ".join(question.split()))
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            if match := pattern.match(text):
                found = match.groupdict()
                # quotes stay: they say a title is meant; "…, please" goes
                subject = _TRAILING.sub("", (found.get("s") or "").strip(" ,")).strip(" ,")
                topic = _WHERE.sub("", (found.get("t") or "").strip()).strip(" ,")
                subject = _WHERE.sub("", subject) if kind in ("overview", "summarise") else subject
                if _COLLECTIVE.match(subject.strip(" ’'")) or (kind == "summarise" and _EVERYTHING.match(subject)):
                    if kind == "on_topic":
                        return SummaryRequest("topic", "", topic) if topic else None
                    return SummaryRequest("collection") if kind in ("summarise", "overview") else None
                if not subject or (kind == "on_topic" and not topic):
                    return None
                if found.get("own"):  # "What does X argue in his article?": X is named as an author
                    subject = f"the article by {subject}"
                return SummaryRequest(kind, subject, topic)
    return None


# -- the fallback: a summary cue anywhere, the article or topic read around it ----------------------
#
# Analysts ask for summaries in more shapes than whole-question patterns list ("I need the key
# takeaways from the Baku piece", "brief me on civil protection", "the DiPirro article: main points").
# The fallback reads a cue and what it is about. Where the cue only says what an article is or argues
# ("what is X about", "what does X argue", "tell me about the article …", "X's thesis") X must name
# an article, which the answerer checks against the store, so "What is the OTS about?" still goes to the
# grounded answerer; where the cue asks for a summary or its points ("key points of X", "brief me on
# X") X may be a topic too.

_COURTESY = re.compile(
    r"^(?:(?:please|kindly|now|so|ok(?:ay)?|hi|hello|quick question|briefly|in brief|in short|"
    r"(?:can|could|would|will) you(?: please)?|i(?:'d| would) like(?: you)?(?: to)?|i (?:need|want)(?: you)?(?: to)?|"
    r"(?:can|could|may) i (?:get|have|see)|help me|let(?:'s| us)|give me|show me|get me|provide|send me|"
    r"i'm looking for|i am looking for|just)[,:]?\s+)+",
    re.I,
)
_TRAILING = re.compile(
    r"(?:[,;]?\s+(?:please|thanks|thank you|for me|if you can|if possible|briefly|quickly|in (?:brief|short|a nutshell)|"
    r"in (?:a few|a couple of|two|three|five) (?:words|sentences|lines|bullets|bullet points)|"
    r"in (?:plain|simple) (?:words|terms|english)))+$",
    re.I,
)
_WH_FACT = re.compile(r"^(?:when|where|who|whom|whose|why|how many|how much|which|what year|what date)\b", re.I)
_POINTS = (
    r"(?:(?:main|key|central|principal|core|major|chief|essential|headline|top) (?:points?|arguments?|ideas?|claims?|findings?|"
    r"messages?|themes?|conclusions?|takeaways?|lessons?|issues?)|take-?aways?|thesis|bottom line|upshot|highlights)"
)
_SUMMARY_NOUN = rf"(?:summar(?:y|ies)|overview|gist|synopsis|recap|rundown|digest|précis|precis|tl;?dr|{_POINTS})"
_OF = r"(?:of|on|for|from|in|about|regarding|concerning|covering)"
_WHAT_IS = r"what(?:'s| is| was| are| were)"
# Each reading: the kind it asks for and a pattern whose "s" names the article(s) or topic.
_LOOSE: list[tuple[str, re.Pattern[str]]] = [
    ("summarise", re.compile(rf"\b{_SUMMARY_NOUN}\s+{_OF}\s+(?P<s>.+)$", re.I)),
    (
        "summarise",
        re.compile(
            r"\b(?:summar(?:ise|ize|ising|izing)|sum up|summing up|recap|boil down|condense|brief me (?:on|about)|"
            r"brief us (?:on|about)|fill me in on|catch me up on|walk me through)\s+(?P<s>.+)$",
            re.I,
        ),
    ),
    # "The Baku piece: main points", "Brokers on the Bloc, in brief", "the civil protection brief summarised"
    (
        "summarise",
        re.compile(
            rf"^(?P<s>.+?)\s*(?::|,|—|–| - )\s*(?:an? |the |its |some )?(?:{_SUMMARY_NOUN}|in (?:brief|short|a nutshell))$", re.I
        ),
    ),
    ("summarise", re.compile(r"^(?P<s>.+?)\s+(?:summari[sz]ed|in (?:brief|short|a nutshell))$", re.I)),
    # "DiPirro's thesis", "what is the brief's main argument"
    ("about", re.compile(rf"^(?:{_WHAT_IS}\s+)?(?P<s>.+?)['’]s?\s+(?:{_POINTS}|argument|gist|summary)$", re.I)),
    ("about", re.compile(rf"\btell (?:me|us) (?:about|more about)\s+(?P<s>.*\b{ARTICLE_WORDS}\b.*)$", re.I)),
    ("about", re.compile(rf"^{_WHAT_IS}\s+(?P<s>.+?)\s+(?:(?:mainly|really|basically|actually)\s+)?about$", re.I)),
    ("about", re.compile(r"^what(?:'s| is| was)\s+(?P<s>.+?)\s+(?:arguing|saying|claiming|getting at|driving at)$", re.I)),
    (
        "author",
        re.compile(
            r"^what (?:exactly |really |actually |mainly )?(?:does|did) (?P<s>.+?) (?:(?:really|mainly|actually|basically) )?"
            r"(?:argue|say|write|claim|contend|"
            r"conclude|propose|suggest|think|recommend)$",
            re.I,
        ),
    ),
]
# "what the articles say about X" inside a cue's subject.
_WHAT_SAY = re.compile(rf"^what (?P<s>.+?) {_SAYS} {_ON} (?P<t>.+)$", re.I)
# "the articles on X", "the coverage of X": the articles at large on a topic.
_PLURAL_ON = re.compile(
    rf"^(?:(?:the|all|all the|these|your|our|different|various) )*(?:{ARTICLE_WORDS}|sources|coverage|material|writing) "
    rf"(?:on|about|regarding|concerning|covering|of|that (?:discuss|cover|treat|mention)) (?P<t>.+)$",
    re.I,
)
_BRIEF_AT_END = re.compile(r"(?:,\s*|\s+)(?:in (?:brief|short|a nutshell)|summari[sz]ed|briefly)$", re.I)
# A question of its own (a fact asked "in short"), not a name: "What did Aliyev propose, in short?"
_ASKS = re.compile(
    r"^(?:what|how|why|when|where|who|which|did|does|do|is|are|was|were|can|could|should|will|would|has|have|had)\b", re.I
)
# A cue of summary inside words that ask for a fact: "the main point of contention", "key issues raised".
_NOT_SUMMARY = re.compile(r"\b(?:point|points|issues?) of (?:contention|disagreement|friction)\b", re.I)


def loose(question: str) -> SummaryRequest | None:
    """The summary ``question`` asks for by its cue words, or None: no cue, a who/when/where question,
    or a subject left empty."""
    whole = _COURTESY.sub("", " ".join(question.split()).strip(" ?.!"))
    text = _TRAILING.sub("", whole).strip(" ?.!,")
    if _WH_FACT.match(text) or _NOT_SUMMARY.search(text):
        return None
    for kind, pattern in _LOOSE:
        if found := pattern.search(text):
            return _request(kind, found["s"])
    # "Brokers on the Bloc in brief": the whole question a name, the cue only at its end.
    if _BRIEF_AT_END.search(whole) and not _ASKS.match(text):
        return _request("summarise", text)
    return None


def _request(kind: str, subject: str) -> SummaryRequest | None:
    """The request a cue's subject makes: a topic over the articles at large, the whole collection,
    an article (or author) on a topic, or the article(s) named."""
    subject = _WHERE.sub("", _TRAILING.sub("", subject.strip(" ,;:?.!"))).strip(" ,;:?.!")
    subject = re.sub(r"^(?:the |a |an )?(?:articles?|pieces?)\s+(?=[\"“'‘])", "", subject, flags=re.I)  # the article 'X'
    if not subject:
        return None
    if said := _WHAT_SAY.match(subject):
        topic = _WHERE.sub("", said["t"]).strip(" ,")
        if _COLLECTIVE.match(said["s"].strip(" ’'")):
            return SummaryRequest("topic", "", topic)
        return SummaryRequest("on_topic", said["s"].strip(" ,"), topic)
    if _COLLECTIVE.match(subject.strip(" ’'")) or _EVERYTHING.match(subject):
        return SummaryRequest("collection") if kind == "summarise" else None
    if (plural := _PLURAL_ON.match(subject)) and _plural(subject):
        return SummaryRequest("topic", "", plural["t"].strip(" ,"))
    return SummaryRequest(kind, subject)


_EVERYTHING = re.compile(r"^(?:everything|all of (?:it|them)|all|the lot|the whole (?:collection|lot|corpus))$", re.I)


def _plural(phrase: str) -> bool:
    """Whether a phrase names articles in the plural ("the articles on X"), not one ("the article on X")."""
    noun = phrase.split()[1] if phrase.casefold().startswith(("the ", "all ", "these ", "your ", "our ")) else phrase.split()[0]
    return noun.casefold() in ("coverage", "material", "writing") or noun.casefold().endswith(("s", "ies"))


@dataclass(frozen=True)
class SummaryParams:
    """The summaries' numbers, chosen by reading their answers over the seed articles."""

    min_words: int = 7  # a shorter sentence is an aside or a fragment, not a central point
    sentences_per: int = 5  # an article gets one quote per this many quotable sentences, within:
    fewest: int = 3
    most: int = 7
    lead_weight: float = 0.08  # added to the opening sentence's centrality, fading over the next few
    lead_span: float = 3.0
    leans_back_penalty: float = 0.06  # taken from a sentence that opens by pointing back ("This …", "Such …")
    salience_weight: float = 0.06  # added per a sentence's names and numbers (extracts.salience): its facts
    claim_weight: float = 0.04  # added to a sentence that states a judgement ("should", "the test will be")
    redundant: float = 0.8  # cosine above which a sentence repeats one already quoted
    # Weight of what a sentence adds to the quotes already chosen: the share of the article's recurring
    # words and names (its themes) it brings that no chosen quote holds yet. 0 picks by centrality alone.
    coverage_weight: float = 0.1  # chosen on the tuning summaries: key-fact share 0.568 → 0.609 (0.2: 0.597)
    per_article_at_once: int = 2  # quotes per article when the whole collection is summarised
    collection_limit: int = 8  # more articles than this are listed, not summarised at once
    topic_passages: int = 24  # passages retrieved for a topic
    sentence_votes: int = 40  # stored sentences closest to a topic whose articles are read too
    topic_words: int = 6  # a shorter sentence rarely says anything about a topic on its own
    treats: float = 0.6  # relevance (cosine + word share) of a sentence that is about the topic
    treats_sentences: int = 2  # sentences near that relevance an article needs to treat the topic
    near: float = 0.1  # how far below `treats` a supporting sentence may score
    per_topic: int = 3  # quotes per article on a topic
    topic_margin: float = 0.12  # a further quote scores within this of the article's best
    mention_words: int = 4  # a topic of at most this many words may be mentioned in passing (a name, a term)
    mention_passages: int = 40  # BM25 passages searched for such mentions


class SummaryAnswerer:
    """Answers summary requests from ``store`` (stored sentences and vectors), ``texts`` (cleaned texts
    by doc_id) and ``retriever`` (the hybrid retriever, for topics; its embedder embeds topics and
    descriptions, its BM25 index weighs topic words)."""

    def __init__(
        self, store: Store, texts, retriever: HybridRetriever, params: SummaryParams | None = None, embed: Embed | None = None
    ):
        self.store = store
        self.texts = texts
        self.retriever = retriever
        self.params = params or SummaryParams()
        self.embed: Embed = embed or retriever.embedder.embed
        self.finder = ArticleFinder(store, self.embed)
        self.scorer = TopicScorer(getattr(retriever, "lexical", None))

    def answer(self, question: str) -> tuple[str, list[Citation]] | None:
        """The summary and its citations, or None when the question asks for no summary (or names
        no article where it must: "What is the OTS about?")."""
        return self.answer_to(recognise(question))

    def answer_to(self, asked: SummaryRequest | None) -> tuple[str, list[Citation]] | None:
        """The summary ``asked`` for (read by `recognise` or the kind model), or None without one."""
        if asked is None:
            return None
        every = sorted(self.store.articles(), key=lambda a: a.source)  # pending ones too: to say so
        complete = [a for a in every if a.status == "complete"]
        match asked.kind:
            case "topic":
                return self._topic(asked.topic)
            case "collection":
                return self._collection(complete)
            case "overview":
                named = self.finder.named(asked.subject, every, bare_titles=False)
                if named is None:
                    return self._topic(asked.subject)
            case "summarise":
                named = self.finder.named(asked.subject, every)
                if named is None:
                    return self._topic(asked.subject)
            case _:
                named = self.finder.named(asked.subject, every)
                if named is None:
                    return None  # a person or a thing the articles discuss: the grounded answerer's
        if not named.articles:
            return (no_author(named.author, complete) if named.author else no_match(named.phrase, complete)), []
        if asked.kind == "on_topic":
            return self._on_topic(named, asked.topic)
        return self._articles(named)

    # -- one or more named articles ---------------------------------------------------------------

    def _articles(self, named: Named) -> tuple[str, list[Citation]]:
        found = named.articles
        groups, notes = [], []
        for article in found:
            quotes, note = self._central(article, self._count)
            if quotes:
                groups.append((article, quotes))
            else:
                notes.append(note)
        intro = f"{count_words(len(found), 'article')} match '{named.phrase}':" if len(found) > 1 else ""
        text, citations = render(self.store, intro, groups)
        return "\n\n".join(part for part in [text, *notes] if part), citations

    def _collection(self, articles: list[ArticleRecord]) -> tuple[str, list[Citation]]:
        if not articles:
            return "The collection has no articles yet.", []
        if len(articles) > self.params.collection_limit:
            listed = "; ".join(name(a) for a in articles)
            return f"The collection has {len(articles)} articles, too many to summarise at once; name one: {listed}.", []
        groups = []
        for article in articles:
            quotes, _ = self._central(article, lambda _: self.params.per_article_at_once)
            if quotes:
                groups.append((article, quotes))
        intro = f"The collection has {len(articles)} article{'s' if len(articles) != 1 else ''}; the central sentences of each:"
        return render(self.store, intro, groups)

    def _count(self, quotable: int) -> int:
        """How many sentences summarise an article of ``quotable`` quotable sentences."""
        p = self.params
        return max(p.fewest, min(p.most, math.ceil(quotable / p.sentences_per)))

    def _central(self, article: ArticleRecord, count: Callable[[int], int]) -> tuple[list[SentenceRecord], str]:
        """The article's central sentences in article order, or none and what to say instead."""
        if article.status != "complete":
            return [], f"{name(article)} is still being ingested; ask again when the ingest has finished."
        text = self.texts(article.doc_id) or ""
        sentences = body_sentences(self.store, text, article.doc_id, self.params.min_words)
        if not sentences:
            return [], f"{name(article)} holds no sentences that can be quoted (its text is empty or has no prose)."
        chosen = central(sentences, text, count(len(sentences)), self.params)
        return [sentences[i][0] for i in chosen], ""

    # -- topics -----------------------------------------------------------------------------------

    def which_articles(self, question: str) -> tuple[str, list[Citation]] | None:
        """ "Which articles discuss X?": the articles that treat X, most relevant first, each with its
        best quote; None for any other question (issue 23, point 1)."""
        text = " ".join(question.split())
        match = next((m for pattern in _WHICH_ARTICLES if (m := pattern.match(text))), None)
        if match is None or not (topic := match["t"].strip(" ,")):
            return None
        return self.which_articles_on(topic)

    def which_articles_on(self, topic: str) -> tuple[str, list[Citation]]:
        """The articles that treat ``topic``, most relevant first, each with its best quote."""
        return self._topic(topic, per_article=1, ranked=True)

    def _topic(self, topic: str, per_article: int | None = None, ranked: bool = False) -> tuple[str, list[Citation]]:
        """The articles that treat ``topic``, each with its 1-3 (``per_article``) most relevant sentences;
        ``ranked``: introduced as a ranking of the articles rather than a summary."""
        p = self.params
        vector, pool = retrieved_pool(
            self.retriever, self.store, self.texts, topic, p.topic_passages, p.topic_words, sentence_votes=p.sentence_votes
        )
        scores = self.scorer.scores(topic, vector, pool)
        records = {a.doc_id: a for a in self.store.articles(doc_ids=sorted(by_article(pool)))}
        treating = []
        for doc_id, indices in by_article(pool).items():
            mine = scores[indices]
            if mine.max() >= p.treats and (mine >= p.treats - p.near).sum() >= p.treats_sentences and doc_id in records:
                treating.append((float(mine.max()), doc_id, indices))
        mentions = self._mentions(topic, {doc_id for _, doc_id, _ in treating}) if ranked else {}
        if not treating and not mentions:
            return abstain(f"No article treats {topic}.", "they come", self.store, pool, scores, records)
        treating.sort(key=lambda t: (-t[0], t[1]))
        groups = []
        for _, doc_id, indices in treating:
            local = [pool[i] for i in indices]
            chosen = pick(
                local,
                scores[indices],
                per_article or p.per_topic,
                floor=p.treats - p.near,
                margin=p.topic_margin,
                redundant=p.redundant,
            )
            groups.append((records[doc_id], [local[i][0] for i in sorted(chosen)]))
        if mentions:
            records |= {a.doc_id: a for a in self.store.articles(doc_ids=sorted(mentions))}
            groups += [(records[doc_id], [sentence]) for doc_id, sentence in mentions.items() if doc_id in records]
        verb = "treats" if len(groups) == 1 else "treat"
        intro = f"{count_words(len(groups), 'article')} {verb} {topic}: {names([a for a, _ in groups])}."
        if ranked:
            intro = f"{count_words(len(groups), 'article')} {verb} {topic}" + (", the closest first:" if len(groups) > 1 else ":")
        return render(self.store, intro, groups)

    def _mentions(self, topic: str, treating: set[str]) -> dict[str, SentenceRecord]:
        """The articles besides ``treating`` that name ``topic`` in passing, each with its first sentence
        that holds every word of it: "Which articles mention the Shusha Declaration?" asks for those too,
        though one sentence is not enough to treat a topic. Only a short topic (a name, a term) is
        looked for word by word; the BM25 index finds the passages."""
        wanted = set(stemmed_terms(topic))
        lexical = getattr(self.retriever, "lexical", None)
        if not wanted or len(wanted) > self.params.mention_words or lexical is None:
            return {}
        hits = [c for c, _ in lexical.search(topic, self.params.mention_passages) if chunk_doc_id(c) not in treating]
        passages = [passage_from_record(chunk, rank) for rank, chunk in enumerate(self.store.passages.get(hits), 1)]
        found: dict[str, SentenceRecord] = {}
        pairs = list(sentences_in_passages(self.store, passages))
        for record, _ in quotable_only(pairs, self.texts, self.params.topic_words, rows=True):
            if record.doc_id not in found and wanted <= set(stemmed_terms(record.text)):
                found[record.doc_id] = record
        # A name may be mentioned only in a heading or a short line ("### What is new about Türksat 6A?",
        # "[9 July 2024] Türksat 6A in orbit"): still a mention, quoted exactly where it stands.
        for record, _ in sorted(pairs, key=lambda pair: (pair[0].doc_id, pair[0].start)):
            if (
                record.doc_id not in found
                and record.kind == "body"
                and self.texts(record.doc_id)[record.start : record.end] == record.text
                and wanted <= set(stemmed_terms(record.text))
            ):
                found[record.doc_id] = record
        return found

    def _on_topic(self, named: Named, topic: str) -> tuple[str, list[Citation]]:
        """The best 1-3 sentences of the named article(s) about ``topic``, or an abstention."""
        p = self.params
        found = [a for a in named.articles if a.status == "complete"]
        if not found:
            return f"{names(named.articles)} is still being ingested; ask again when the ingest has finished.", []
        vector = self.embed([topic])[0]
        pool = [s for a in found for s in body_sentences(self.store, self.texts(a.doc_id) or "", a.doc_id, p.topic_words)]
        scores = self.scorer.scores(topic, vector, pool)
        records = {a.doc_id: a for a in found}
        if not pool or scores.max() < p.treats:
            one = len(found) == 1
            why = f"{names(found)} {'does' if one else 'do'} not address {topic}."
            return abstain(why, "it comes" if one else "they come", self.store, pool, scores, records)
        chosen = pick(pool, scores, p.per_topic, floor=p.treats - p.near, margin=p.topic_margin, redundant=p.redundant)
        groups = [
            (records[doc_id], [pool[i][0] for i in sorted(i for i in chosen if pool[i][0].doc_id == doc_id)])
            for doc_id in dict.fromkeys(pool[i][0].doc_id for i in sorted(chosen, key=lambda i: -scores[i]))
        ]
        return render(self.store, "", groups)


def central(sentences: list[Sentence], text: str, count: int, params: SummaryParams) -> list[int]:
    """Indices of an article's ``count`` central sentences, in article order.

    Centrality is the cosine to the mean of the article's sentence vectors (what most of it is about),
    plus a bonus for the opening sentences that fades over the next few, less a penalty for a sentence
    that opens by pointing back ("This cooperation …": out of its paragraph it reads as a loose end).
    The opening sentence comes first when it is at least as central as the median sentence (analysis
    states its thesis first; an opening anecdote is less central). Then the most central, one a
    paragraph (two from the opening one, which often states the thesis and its stakes) and none repeating
    one already taken (cosine above ``redundant``), so the summary spreads over the article; when
    paragraphs run out, a paragraph may give more. Names, numbers and judgements add to a sentence's
    score: they carry the article's main points (who did what, when, and what the author concludes)."""
    vectors = np.stack([v for _, v in sentences])
    mean = vectors.mean(axis=0)
    mean /= float(np.linalg.norm(mean)) or 1.0
    centrality = vectors @ mean
    lead = params.lead_weight * np.exp(-np.arange(len(sentences)) / params.lead_span)
    leans = np.array([params.leans_back_penalty if _LEANS_BACK.match(record.text) else 0.0 for record, _ in sentences])
    facts = np.array([params.salience_weight * salience(record.text) for record, _ in sentences])
    claims = np.array([params.claim_weight if _CLAIM.search(record.text) else 0.0 for record, _ in sentences])
    scores = centrality + lead - leans + facts + claims
    paragraph = [text.count("\n", 0, record.start) for record, _ in sentences]
    chosen: list[int] = [0] if centrality[0] >= float(np.median(centrality)) else []
    themes = _themes([record.text for record, _ in sentences]) if params.coverage_weight else None
    for one_a_paragraph in (True, False):
        while len(chosen) < count:
            gained = _gains(themes, chosen) if themes is not None else np.zeros(len(sentences))
            order = sorted(range(len(sentences)), key=lambda i: (-(scores[i] + params.coverage_weight * gained[i]), i))
            pick_next = None
            for i in order:
                taken = sum(1 for j in chosen if paragraph[j] == paragraph[i])
                if i in chosen or (one_a_paragraph and taken >= (2 if paragraph[i] == paragraph[0] else 1)):
                    continue
                if any(float(vectors[i] @ vectors[j]) > params.redundant for j in chosen):
                    continue
                pick_next = i
                break
            if pick_next is None:
                break
            chosen.append(pick_next)
    return sorted(chosen)


# A capitalised word inside a sentence (not its first): a name, for the themes of `_themes`.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-Þ][\w’'-]+")


def _themes(texts: list[str]) -> tuple[list[set[str]], dict[str, float]]:
    """Each sentence's theme words, and each theme's weight: the article's words (stems) and names said
    in at least two of its sentences, a name counting double (who and what the article is about)."""
    words = [{stem(w) for w in terms(t)} | {n.lower() for n in _NAME.findall(t)} for t in texts]
    seen: dict[str, int] = {}
    for found in words:
        for w in found:
            seen[w] = seen.get(w, 0) + 1
    names = {n.lower() for t in texts for n in _NAME.findall(t)}
    weight = {w: math.log(1 + c) * (2.0 if w in names else 1.0) for w, c in seen.items() if c >= 2}
    return [found & weight.keys() for found in words], weight


def _gains(themes: tuple[list[set[str]], dict[str, float]], chosen: list[int]) -> np.ndarray:
    """What each sentence adds to ``chosen``: the weight of its themes no chosen sentence holds, over the
    most any sentence adds (0..1)."""
    words, weight = themes
    covered = set().union(*(words[j] for j in chosen)) if chosen else set()
    gains = np.array([sum(weight[w] for w in found - covered) for found in words])
    top = float(gains.max()) if len(gains) else 0.0
    return gains / top if top > 0 else gains


__all__ = ["SummaryAnswerer", "SummaryParams", "SummaryRequest", "central", "loose", "recognise", "strict"]


class WhichArticlesAnswerer:
    """ "Which articles discuss X?" as an answerer of its own: a question about the collection (its
    kind is ``collection``), answered from the articles' sentences by the summaries' topic reading."""

    def __init__(self, summaries: SummaryAnswerer):
        self.summaries = summaries

    def answer(self, question: str) -> tuple[str, list[Citation]] | None:
        return self.summaries.which_articles(question)
