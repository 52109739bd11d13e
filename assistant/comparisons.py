# ruff: noqa: E501 (a question pattern reads best on one line)
"""Comparisons: what each article says on a topic, quoted side by side (issue 23, point 3).

"How do the articles differ on X?", "Compare what the articles say about X", "Compare what A and B say
about X" (A, B: authors, title words, or a kind or publisher: "the fact sheet", "the Turkic Wire
report"; `extracts.ArticleFinder`), "Do the articles agree on X?", "A vs B: how does each frame X?".
Told from the question's whole wording by patterns (`strict`), then by a comparing word and the
articles and topic read around it (`loose`), never a language model; anything else returns None and the
grounded answerer takes it. Where A or B is not the name of an article ("Do Russia and China agree on
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
from assistant.extracts import (
    ARTICLE_WORDS,
    NAMING_WORDS,
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
from otsqa.text import PLEASE, QUESTION_END, is_row, stemmed_terms
from store.base import ArticleRecord, SentenceRecord, Store
from store.records import sentence_id

_SAY = r"(?:say|said|write|wrote|argue|argued|claim|report|think|conclude|suggest)"
_VIEWS = r"(?:views?|positions?|perspectives?|takes?|accounts?|assessments?|stances?|arguments?|interpretations?|readings?|narratives?)"

_PORTRAY = r"(?:portray|describe|present|depict|see|view|treat|frame|characteri[sz]e|assess|judge|cover|discuss|handle|approach)"
_PORTRAYING = r"(?:portray|describ|present|depict|see|view|treat|fram|characteri[sz]|assess|judg|cover|discuss|handl|approach)ing"
_PORTRAYED = (
    r"(?:covered|treated|portrayed|described|framed|presented|depicted|characteri[sz]ed|discussed|handled|seen|viewed|"
    r"assessed|reported)"
)
# Who does the viewing once the articles are named: "in how they see X", "the way each one treats X".
_VIEWER = rf"(?:they|each(?: one| of them| {ARTICLE_WORDS})?|both(?: of them)?)"
_ON = (
    rf"(?:on|about|over|regarding|concerning|towards?|in (?:their (?:{_VIEWS} (?:on|of|about) |treatment of |coverage of |approach to )?|"
    rf"(?:how|the ways? (?:that )?|what) {_VIEWER} (?:{_PORTRAY}|say|said|write|wrote)s? (?:about )?|"
    r"(?:explaining|describing|portraying|treating|covering|framing|assessing|presenting|discussing|handling|judging|"
    r"viewing|seeing|reporting|depicting|characteri[sz]ing)(?: on| about)? ))"
)
# The topic word, then the topic: a word ends there ("the older ones on X" is not "…ones" + "on").
_ON_T = rf"{_ON}(?:(?<=\s)|\b\s?)"
_COMPARED_ON = r"(?:on|about|regarding|concerning|in terms of|towards?)"
_LABEL_WORDS = r"(?:side[- ]by[- ]side|comparison|compare|contrast|versus|vs\.?)(?: please)?"
_COMPARE = r"(?:compare and contrast|compare|contrast|juxtapose)"
_DIFFER = r"(?:differ|disagree|vary|compare|diverge|part ways)"
_AGREE = (
    r"(?:agree or disagree|disagree or agree|converge or diverge|diverge or converge|agree|disagree|differ|concur|"
    r"see eye to eye|part ways|diverge|converge)"
)
# "A is consistent with B", "A is at odds with B": two parties joined by a verb of agreeing.
_AGREES_WITH = r"(?:consistent|inconsistent|in line|at odds|in agreement|in step)"
# "Compare A and B on X": a title may hold "on" too ("Brokers on the Bloc"), so unless the articles at
# large are compared ("Compare the articles on X"), A and B run to the last "on".
_COMPARE_TO_LAST = re.compile(rf"^{PLEASE}{_COMPARE} (?P<s>.+) {_COMPARED_ON} (?P<t>.+?){QUESTION_END}", re.I)

# Every pattern names the topic ("t") and the articles compared ("s", or two of them, "a" and "b"; none: all).
_PATTERNS = [
    # "Compare Aliyeva's view of NATO with Hoffmann's."
    re.compile(
        rf"^{PLEASE}{_COMPARE} (?P<a>.+?)['’]s? {_VIEWS} (?:of|on|about) (?P<t>.+?) (?:with|to|and|against) (?P<b>.+?)['’]s?{QUESTION_END}",
        re.I,
    ),
    re.compile(rf"^(?:how|where) do (?P<s>.+?) {_DIFFER} {_ON_T}(?P<t>.+?){QUESTION_END}", re.I),
    # "How does the brief compare with the commentary on X?"
    re.compile(
        rf"^how (?:does|do) (?P<a>.+?) (?:compare|differ) (?:with|to|from|against) (?P<b>.+?) {_ON_T}(?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    # "Is the wire story's account of X different from Kemaloglu's?"
    re.compile(
        rf"^(?:is|are|was|were) (?P<a>.+?)['’]s? {_VIEWS} (?:of|on|about) (?P<t>.+?) (?:any )?(?:different|{_AGREES_WITH}) "
        rf"(?:from|to|with|than) (?P<b>.+?)(?:['’]s?)?{QUESTION_END}",
        re.I,
    ),
    # "Is the fact sheet consistent with Rakhimova on X?"
    re.compile(rf"^(?:is|are|was|were) (?P<a>.+?) {_AGREES_WITH} with (?P<b>.+?) {_ON_T}(?P<t>.+?){QUESTION_END}", re.I),
    re.compile(
        rf"^how do (?P<s>.+?)['’]?s? {_VIEWS} (?:on|of|about|regarding) (?P<t>.+?) (?:differ|compare|vary){QUESTION_END}", re.I
    ),
    re.compile(rf"^{PLEASE}{_COMPARE} what (?P<s>.+?) {_SAY} (?:about|on|regarding|concerning) (?P<t>.+?){QUESTION_END}", re.I),
    re.compile(rf"^{PLEASE}{_COMPARE} (?P<s>.+?)['’]?s? {_VIEWS} (?:on|of|about|regarding) (?P<t>.+?){QUESTION_END}", re.I),
    _COMPARE_ON := re.compile(rf"^{PLEASE}{_COMPARE} (?P<s>.+?) {_COMPARED_ON} (?P<t>.+?){QUESTION_END}", re.I),
    re.compile(
        rf"^(?:do|did|does) (?P<s>.+?) {_AGREE}(?: with each other)? {_ON_T}(?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    re.compile(
        rf"^(?:where|how|on what|in what (?:ways?|respects?)) (?:do|did) (?P<s>.+?) {_AGREE} {_ON_T}(?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    # "Is DiPirro more critical of Türkiye than Karimova is?", "Is A more optimistic than B about X?"
    re.compile(
        rf"^(?:is|was|are|were) (?P<a>.+?) (?:more|less) [\w-]+ (?:of|about|on|towards?|regarding) (?P<t>.+?) than "
        rf"(?P<b>.+?)(?: is| was| are| were)?{QUESTION_END}",
        re.I,
    ),
    re.compile(
        rf"^(?:is|was|are|were) (?P<a>.+?) (?:more|less) [\w-]+ than (?P<b>.+?)(?: is| was| are| were)? "
        rf"(?:about|on|regarding|towards?|when it comes to|over) (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    # "Karimova on drones vs Samedov on drones": one topic, said of each
    re.compile(
        rf"^(?:{_LABEL_WORDS}[:—–-]\s*)?(?P<a>.+?) on (?P<t>.+?),? (?:vs\.?|versus|and|against) (?P<b>.+?) on (?P=t){QUESTION_END}",
        re.I,
    ),
    re.compile(
        rf"^what are the (?:main )?(?:similarities and differences|differences and similarities|differences|disagreements) "
        rf"(?:between|among|across) (?P<s>.+?) (?:on|about|regarding|concerning|over) (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    # "How does the brief's view of X compare with the commentary's?"
    re.compile(
        rf"^how (?:does|do) (?P<a>.+?)['’]s? {_VIEWS} (?:of|on|about) (?P<t>.+?) "
        rf"(?:compare|differ) (?:with|to|from) (?P<b>.+?)(?:['’]s?)?{QUESTION_END}",
        re.I,
    ),
    # "How do different articles portray Hungary?", "Compare how the articles describe the CSTO."
    re.compile(
        rf"^(?:{PLEASE}{_COMPARE} )?how (?:do|did) "
        rf"(?P<s>(?:the |different |various |the different |the various |all the |two |three )"
        rf"(?:{ARTICLE_WORDS}|authors|sources|writers|analysts)) {_PORTRAY} (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    re.compile(rf"^{PLEASE}{_COMPARE} how (?P<s>.+?) {_PORTRAY} (?P<t>.+?){QUESTION_END}", re.I),
    # "What different perspectives do the articles offer on X?"
    re.compile(
        rf"^what (?:different |differing |contrasting |competing )(?:{_VIEWS}|views) (?:do|did) (?P<s>.+?) "
        rf"(?:offer|give|take|present|have|hold) {_ON_T}(?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    # "Is there a consensus among the articles on X?"
    re.compile(
        rf"^is there (?:a |any )?(?:agreement|disagreement|consensus) (?:among|between|across) (?P<s>.+?) "
        rf"(?:on|about|regarding|over) (?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    # "How is X covered in the different articles?": the articles at large, said to differ by a plural
    re.compile(
        rf"^how (?:is|are|was|were) (?P<t>.+?) (?:covered|treated|portrayed|described|framed|presented|depicted|"
        rf"characteri[sz]ed|discussed|handled|seen|viewed|assessed|reported) (?:in|by|across) "
        rf"(?P<s>(?:the |all )?(?:different|various|each of the|both|two|three|several|all the) "
        rf"(?:{ARTICLE_WORDS}|authors|sources|writers|analysts)|(?<=across )(?:the|all the) (?:{ARTICLE_WORDS}|sources)){QUESTION_END}",
        re.I,
    ),
    # "How is Kazakhstan depicted differently across the collection?": every article, no parties said
    re.compile(
        rf"^how (?:is|are|was|were) (?P<t>.+?) (?:{_PORTRAYED}) (?:differently|(?:across|throughout) (?:the|this|your) "
        rf"(?:collection|corpus|library)|from (?:source|article|piece) to (?:source|article|piece))(?: .*)?{QUESTION_END}",
        re.I,
    ),
    # "Contrast A and B on X"
    re.compile(rf"^{PLEASE}contrast (?P<s>.+?) {_COMPARED_ON} (?P<t>.+?){QUESTION_END}", re.I),
]

# "the articles", "all the sources", "they": every article addressing the topic is compared.
# ("the tone of the articles", "perspectives", "the views": what the articles say, at large too)
_COLLECTIVE = re.compile(
    rf"^(?:(?:the|their) )?(?:(?:(?:tone|coverage|treatment|framing|portrayal|{_VIEWS}) of )?"
    rf"(?:(?:the|all|these|those|our|your|different|various|two|three|four|several) )*(?:{ARTICLE_WORDS}|authors|sources|"
    rf"writers|analysts|items|docs|they)|{_VIEWS}|the|their)$",
    re.I,
)
# Where a list of named articles or authors may be split: "A and B", "A, B and C", "A vs B".
_SEPARATOR = re.compile(r",?\s+(?:and|vs\.?|versus)\s+|,\s+", re.I)
MAX_PARTIES = 4


@dataclass(frozen=True)
class ComparisonRequest:
    topic: str  # "" for named articles compared on no topic ("Compare DiPirro and Samedov"): their central points
    parties: str = ""  # what names the articles compared ("DiPirro and Samedov"); "" for all of them


def recognise(question: str) -> ComparisonRequest | None:
    """The comparison ``question`` asks for, or None when it asks anything else: the strict
    whole-question patterns first, then the cue-based fallback (`loose`), its likeliest reading on a
    topic. A reading on no topic is a comparison only if its parties are articles, which the wording
    cannot tell ("How does the OTS differ from the CSTO?"): only the answerer, given it, can."""
    return strict(question) or next((r for r in loose(question) if r.topic), None)


def strict(question: str) -> ComparisonRequest | None:
    """The comparison a whole-question pattern reads in ``question``, or None."""
    text = " ".join(question.split())
    for pattern in _PATTERNS:
        if match := pattern.match(text):
            if pattern is _COMPARE_ON and not _COLLECTIVE.match(_bare(match["s"])) and (last := _COMPARE_TO_LAST.match(text)):
                match = last
            if "a" in match.groupdict():  # "A's view of X compared with B's"
                return ComparisonRequest(match["t"].strip(" ,"), f"{match['a'].strip(' ,')} and {match['b'].strip(' ,')}")
            parties = (match.groupdict().get("s") or "").strip(" ,")  # quotes stay: they say a title is meant
            topic = _VIEWING.sub("", match["t"].strip(" ,"))
            if not topic:
                return None
            return ComparisonRequest(topic, "" if not parties or _COLLECTIVE.match(_bare(parties)) else parties)
    return None


def _bare(parties: str) -> str:
    return parties.strip(" \"“”'‘’,")


# -- the fallback: a comparison cue anywhere, the articles and the topic read around it -------------
#
# Analysts ask for comparisons in more shapes than whole-question patterns can list ("I need the
# articles side by side on X", "drones: do the sources agree?", "DiPirro vs Samedov on the CSTO").
# The fallback asks for three things: a word that asks to compare, the articles compared (the articles
# at large, or two or more named ones), and a topic. Without a topic it declines ("How does the CSTO
# differ from NATO?" compares organisations, a question about the articles' content), and named parties
# that name no article are declined by the answerer, so single facts still reach the grounded answerer.

_CUE = re.compile(
    rf"\b(?:compar(?:e|es|ed|ing|ison|isons)|(?:conflicting|competing|contrasting|differing|divergent|opposing) "
    r"(?:accounts?|views?|interpretations?|readings?|narratives?|perspectives?|takes?|positions?|assessments?|opinions?)|contrast(?:s|ed|ing)?|differ(?:s|ed|ing|ence|ences)?|diverge(?:s|nce)?|"
    r"disagree(?:s|d|ment|ments)?|agree(?:s|d)?|consensus|similarit(?:y|ies)|versus|vs\.?|side[- ]by[- ]side|"
    r"(?:different|differing|contrasting|competing|various) (?:perspectives|views|angles|takes|positions|opinions|readings|"
    rf"accounts|assessments|interpretations|narratives|framings)|each (?:{_SAY}|{_PORTRAY})s?|differently|the same way|alike|var(?:y|ies|ied|iation|iations)|"
    r"(?:the same|a different|different|contrasting|conflicting|a consistent|consistent) (?:story|stories|picture|pictures|"
    r"account|accounts|message|"
    r"messages|conclusions?|verdicts?|dates?|figures?|numbers?)|juxtapos\w*|part(?:s|ed)? ways|see eye to eye|(?:in)?consistent|at odds|"
    r"contradict(?:s|ed|ion|ions)?|how (?:similar|alike|different|consistent)|in agreement|"
    r"what (?:divides|separates|distinguishes)|range of (?:views|opinions|positions|perspectives))(?!\w)",
    re.I,
)
# Courtesy and framing that say nothing about what is compared.
_COURTESY = re.compile(
    r"^(?:(?:please|kindly|now|so|ok(?:ay)?|hi|hello|quick question|"
    r"(?:can|could|would|will) you(?: please)?|i(?:'d| would) like(?: you)?(?: to)?|i (?:need|want)(?: you)?(?: to)?|"
    r"help me|let(?:'s| us)|give me|show me|i'm looking for|i am looking for)[,:]?\s+)+",
    re.I,
)
_TRAILING = re.compile(
    r"(?:[,;]?\s+(?:please|thanks|thank you|for me|if you can|if possible|respectively|side[- ]by[- ]side|"
    r"in (?:the|these|those|all the) (?:articles|sources|pieces|texts)|"
    r"(?:across|between|among) (?:the |all the )?(?:articles|sources|pieces|texts|items)|from (source|article|piece) to \1|"
    r"(?:across|in|throughout) (?:the|this|your|our|my) (?:collection|corpus|library|archive)))+$",
    re.I,
)
# The articles at large, wherever they stand in the question (not "according to the articles": a source).
_AT_LARGE = re.compile(
    rf"(?<!according to )\b(?:(?:the|all|these|those|both|our|your|different|various|two|three|four|several|each of the|"
    rf"all of the|all the|across|among|between) )+(?P<noun>{ARTICLE_WORDS}|authors|sources|writers|analysts|items)\b(?:['’]s?)?|"
    r"\bthey\b|\bfrom (?P<each_to>source|article|piece|author) to (?P=each_to)\b|"
    rf"\b(?:each|every) (?:single )?(?P<each>{ARTICLE_WORDS}|author|source|writer|analyst)\b|"
    r"\b(?:across|in|throughout) (?:the|your|this|our|my) (?P<whole>collection|corpus|library|archive)\b",
    re.I,
)
_TOPIC_WORD = (
    r"(?:on|about|regarding|concerning|over|towards?|in terms of|when it comes to|with (?:respect|regard) to|as regards|as to|re)"
)
_TOPIC_AFTER = re.compile(rf"\b{_TOPIC_WORD}\s+(?P<t>.+)$", re.I)
# "Do the articles see X differently?": the topic between the verb and the cue.
_SEE_DIFFERENTLY = re.compile(
    rf"\b{_PORTRAY}s?\s+(?P<t>.+?)\s+(?:differently|the same way|in the same way|alike|similarly)\b", re.I
)
# "Drones: do the articles agree?", "On the CSTO, how do the sources differ?"
_TOPIC_FIRST = re.compile(rf"^(?:{_TOPIC_WORD}\s+)?(?P<t>[^:,—–]+?)\s*(?::|,|—|–| - )\s*(?P<rest>.+)$", re.I)
# "what they say about X", "how each one frames X": the viewing before a topic is not the topic.
_VIEWING = re.compile(rf"^(?:how|what|the ways?(?: that)?) {_VIEWER} (?:{_PORTRAY}|{_SAY})s?(?: about| on| of)?\s+", re.I)
_TOPIC_NOISE = re.compile(
    rf"^(?:the (?:topic|question|issue|subject|matter) of\s+|(?:{_VIEWS}|coverage|treatment|portrayal|pictures?) (?:of|on|about)\s+)|"
    r"\s+(?:differently|each|both|at all|the same way|in the same way|"
    r"alike|similarly|differs?|var(?:y|ies)|diverges?|compares?|contrasts?)$",
    re.I,
)
# Named parties: "between A and B", "compare A with B", "A vs B", "how do A and B see", "what do A and B each say".
_BETWEEN = re.compile(r"\b(?:between|among|amongst)\s+(?P<s>.+)$", re.I)
# The verb asks for the comparison ("Compare A and B", "I'd like to contrast A with B", "a comparison of
# A and B"), not reports one ("how does A compare to B": the parties are before it).
_COMPARE_PARTIES = re.compile(
    r"(?:^|\bto\s+|\b(?:a|the)\s+)(?:compare and contrast|compare|contrast|juxtapose|comparing|contrasting|comparison of|"
    r"contrast of)\s+(?P<s>.+)$|^(?:put|place|set|lay)\s+(?P<put>.+)$",
    re.I,
)
_ASKED_PARTIES = re.compile(
    r"^(?:how (?:similar|different|alike|close|consistent|far apart)(?: are| is| were| was)?|how|what|where|why|"
    r"in what (?:ways?|respects?)|"
    r"on what|do|does|did|would|is|are|was|were)(?:\s+(?:do|does|did))?\s+(?P<s>.+)$",
    re.I,
)
_VERSUS = re.compile(r"^(?P<s>.+?\s(?:vs\.?|versus)\s.+)$", re.I)
# Where the parties end: a verb or a topic word after them.
# "report" names a party as often as it follows one ("the Baku report and the fact sheet give …"): it
# ends the parties only before a topic word, as "report on X".
_PARTY_VERB_SAY = r"(?:say|said|write|wrote|argue|argued|claim|think|conclude|suggest|reports? (?=on|about))"
_PARTIES_END = re.compile(
    rf"\s+(?:{_TOPIC_WORD}|each|both|differ\w*|disagree\w*|agree\w*|diverge\w*|compare\w*|contrast\w*|{_PARTY_VERB_SAY}s?|"
    rf"{_PORTRAY}s?|"
    r"see|view|take|hold|offer|say|tell|tells|told|paint|paints|give|gives|part ways|consistent|inconsistent|at odds|"
    r"side[- ]by[- ]side|next to each other|alongside each other|"
    r"in (?:their|how they|what they|line|agreement)|(?:have|has|hold|take|offer|give|reach)\s+(?:different|differing|"
    r"contrasting|similar|the same|opposing|competing|conflicting))\b.*$",
    re.I,
)
_PARTY_JOIN = re.compile(r"\s+(?:with|to|against|from)\s+", re.I)
# "the fact sheet is consistent with Rakhimova": two parties, not one and its verb.
_AGREEING_JOIN = re.compile(
    rf"\s+(?:(?:(?:is|are|was|were)\s+)?{_AGREES_WITH}|differs?|compares?|contrasts?|parts? ways|agrees?|disagrees?)\s+"
    r"(?:with|from|to|against)\s+",
    re.I,
)
# The verb of comparing before the parties: "Contrast A and B: …", "Between A and B, …".
_LEADING_VERB = re.compile(r"^(?:compare and contrast|compare|contrast|juxtapose|between|among)\s+", re.I)
# A label before the parties: "Side by side: the brief vs the wire on X".
_LABEL = re.compile(r"^(?:side[- ]by[- ]side|comparison|compare|contrast|versus|vs\.?)\s*[:—–-]\s*", re.I)
# "How do the accounts of X differ between A and B?": the verb after the topic, before the parties.
_TRAILING_VERB = re.compile(rf"\s+(?:{_DIFFER}|contrast)\w*$", re.I)
# "between how A and B describe X": the parties end at a verb of viewing or saying, the topic follows.
_SAME_THING = re.compile(
    r"\s(?:give|gives|report|reports|cite|cites|state|states|have|has|use|uses|offer|offers|tell|tells)\s+"
    r"(?:the same|different|a different|differing|conflicting|contrasting)\s+",
    re.I,
)
_SAME_TOPIC = re.compile(_SAME_THING.pattern + r"(?P<t>.+)$", re.I)
_VERB_CUT = re.compile(rf"\s(?:{_PORTRAY}|{_PARTY_VERB_SAY})s?\s+(?:about\s+|on\s+|of\s+)?", re.I)
_POSSESSED = re.compile(rf"['’]s?(?:\s+(?:own\s+)?(?:{_VIEWS}|views|takes|{ARTICLE_WORDS}))?(?=\s|,|$)", re.I)
_WH_FACT = re.compile(r"^(?:when|who|whom|whose|how many|how much|what year|what date)\b", re.I)
# "How do A and B see X?": two named parties and a verb of viewing, no cue word needed.
_HOW_SEE = re.compile(
    rf"^(?:how|what) (?:do|did) (?P<s>.+?\s(?:and|vs\.?|versus)\s.+?)(?: each| both| all)? (?:{_PORTRAY}|{_SAY}|think (?:of|about)|make of) "
    r"(?:about |on |of )?(?P<t>.+)$",
    re.I,
)


def loose(question: str) -> list[ComparisonRequest]:
    """The comparisons ``question`` may ask for by its cue words, the likeliest first (a title may hold
    a topic word, so a named reading is given with the topic cut at the first and at the last topic
    word), or none: no cue, a when/where/who question, no articles compared, or no topic."""
    whole = _COURTESY.sub("", " ".join(question.split()).strip(" ?.!"))
    text = _plain(question)
    if _WH_FACT.match(text):
        return []
    if (seen := _HOW_SEE.match(text)) and not _AT_LARGE.search(seen["s"]):
        return [ComparisonRequest(_topic(seen["t"]), _POSSESSED.sub("", seen["s"]))]
    if not _CUE.search(whole):  # "side by side" at the end is a cue, though the topic is read without it
        return []
    readings = []
    if first := _TOPIC_FIRST.match(text):
        if named := _parties_first(first["t"], first["rest"]) or _topic_then_parties(first["t"], first["rest"]):
            readings.append(named)  # "A vs B: how does each one frame X?", "X: A vs B"
        elif _CUE.search(first["rest"]) and not _CUE.search(first["t"]) and not _TOPIC_AFTER.search(first["rest"]):
            topic = _topic(first["t"])  # "Drones: do the articles agree?"
            if topic and _at_large(first["rest"]):
                return [ComparisonRequest(topic)]
    if at_large := _at_large(whole):
        if not at_large["noun"] and not at_large["whole"] and not at_large["each_to"]:
            # "they", "each …" may point at articles named before ("What do the brief and the fact sheet each
            # report about X?"): that reading first, the articles at large after it
            readings += [r for r in _named_readings(text) if _asks_outside(whole, r.topic)]
        topic = _topic_of(text[at_large.end() :]) or _topic_of(text)
        if topic and not _at_large(topic) and _asks_outside(whole, topic):
            readings.append(ComparisonRequest(topic))
        return readings
    readings += [r for r in _named_readings(text) if _asks_outside(whole, r.topic)]
    if not readings and _VIEWS_OF_SOURCES.search(whole) and (topic := _topic_of(text)):
        readings.append(ComparisonRequest(topic))  # "Are there conflicting accounts of X?": the sources' accounts
    return readings


# Words that can only mean the articles' views, though no article word is said ("competing interpretations
# of X", "points of agreement and disagreement on X", "compare the coverage of X").
_VIEWS_OF_SOURCES = re.compile(
    rf"\b(?:(?:conflicting|competing|contrasting|differing|divergent|opposing|range of|points of) (?:{_VIEWS}|opinions?|"
    r"agreement|disagreement)|agreement/disagreement|similarities and differences|differences and similarities|"
    r"(?:compare|contrast)(?: and contrast)? the (?:coverage|treatment|portrayal|framing))\b",
    re.I,
)


def _parties_first(head: str, rest: str) -> ComparisonRequest | None:
    """The named articles before a colon, dash or comma and the topic after it ("DiPirro and Samedov -
    how does each one frame drones?", "Between A and B, how does the account of X differ?"), or None:
    a head that lists no two parties, or no topic after it."""
    head = _LEADING_VERB.sub("", head)
    if not _SEPARATOR.search(head) or _at_large(head) or _names_all(rest):
        return None
    topic = _topic_of(rest) or (
        _topic(rest) if _BARE_TOPIC.match(rest) and not _CUE.search(rest) else ""
    )  # "A and B, border security"
    if not topic and (inner := [r for r in _named_readings(head) if r.topic]):
        return inner[0]  # "Sadykov versus Rahimov on extremism: any differences?"
    parties = _POSSESSED.sub("", _joined_parties(head)).strip(" ,")
    if not topic and not _CUE.search(rest):
        return None
    return ComparisonRequest(topic, parties) if parties else None  # no topic: "A vs B - how do they differ?"


# A topic said alone after the parties: a few words, no question.
_BARE_TOPIC = re.compile(
    r"^(?!(?:how|what|where|why|when|who|which|do|does|did|is|are|was|were|can|could)\b)[\w'’ -]{1,60}$", re.I
)


def _topic_then_parties(head: str, rest: str) -> ComparisonRequest | None:
    """The topic before a colon or dash and the named articles after it ("Drones: DiPirro vs Samedov",
    "drones - do DiPirro and Samedov agree?"), or None."""
    if _CUE.search(head) or not _CUE.search(rest) or _TOPIC_AFTER.search(rest) or _names_all(rest):
        return None
    asked = _ASKED_PARTIES.match(rest)
    if not asked and not _VERSUS.match(_LABEL.sub("", rest)):
        return None  # the rest is neither a question about the parties nor "A vs B"
    parties = _LEADING_VERB.sub("", _LABEL.sub("", asked["s"] if asked else rest))
    parties = _POSSESSED.sub("", _joined_parties(_PARTIES_END.sub("", parties))).strip(" ,")
    topic = _topic(head)
    return ComparisonRequest(topic, parties) if topic and _SEPARATOR.search(parties) else None


def _asks_outside(text: str, topic: str) -> bool:
    """Whether a cue asks to compare outside the topic: in "Summarise the articles on the agreement on
    drones" the cue is part of the topic, and the question asks for a summary."""
    if not topic:
        return bool(_CUE.search(text))
    outside = text.replace(topic, " ")
    return bool(_CUE.search(outside) or _SAME_THING.search(outside))  # "give the same [date for X]"


def _at_large(text: str) -> re.Match[str] | None:
    """Where ``text`` names the articles at large: a plural ("the sources", "both pieces") or "they";
    "the brief" is one article, named."""
    for found in _AT_LARGE.finditer(text):
        if (
            found["each"] or found["whole"] or found["each_to"]
        ):  # "each article", "across the collection", "from source to source"
            return found
        if _plural(found["noun"] or "they"):
            return found
    return None


def _plural(noun: str) -> bool:
    noun = noun.casefold()
    return noun.endswith("s") and not noun.endswith(("analysis", "ss")) or noun in ("they", "analyses", "studies", "stories")


def _names_all(text: str) -> bool:
    """Whether ``text`` names the articles at large by a plural noun ("the articles", not "they")."""
    return any(found["noun"] and _plural(found["noun"]) for found in _AT_LARGE.finditer(text))


def _plain(question: str) -> str:
    """The question on one line, without courtesy, framing or closing punctuation."""
    text = " ".join(question.split()).strip(" ?.!")
    text = _COURTESY.sub("", text)
    return _TRAILING.sub("", text).strip(" ?.!,")


def _topic_of(text: str) -> str:
    """The topic in what follows the articles: between a verb and "differently", after the articles'
    verb of viewing ("the way they treat X"), or after a topic word; "" for none or a pronoun ("them")."""
    for pattern in (_SEE_DIFFERENTLY, _VIEWED, _COVERAGE, _SAME_TOPIC, _TOPIC_AFTER):
        if found := pattern.search(text):
            topic = _topic(found["t"])
            return "" if topic.casefold() in _PRONOUNS else topic
    return ""


# "the way they treat X", "how each article frames X", "what both say about X": X follows the viewing.
_VIEWED = re.compile(
    rf"(?:^\s*|\b{_VIEWER}\s+|\bin\s+(?=\w+ing\b))(?:{_PORTRAY}s?|{_PORTRAYING}|{_SAY}s?(?:\s+(?:about|on|regarding|of|that))?|"
    r"explaining|reporting(?: on)?)\s+(?P<t>.+)$",
    re.I,
)
# "the coverage of X", "their treatment of X": what the articles' coverage is of.
_COVERAGE = re.compile(
    rf"\b(?:coverage|treatment|portrayal|framing|handling|depiction|pictures?|stor(?:y|ies)|{_VIEWS}) (?:of|on) (?P<t>.+)$",
    re.I,
)
_ONLY_CUE = re.compile(rf"^(?:{_DIFFER}|{_AGREE}|contrast|vary|var(?:y|ies))(?:s|d)?(?: most| at all| much)?$", re.I)
_PRONOUNS = frozenset("it them this that these those they him her".split())


def _topic(phrase: str) -> str:
    phrase = _TRAILING.sub("", phrase.strip(" ,;:?.!"))
    phrase = re.sub(rf"^{_TOPIC_WORD}\s+", "", phrase, flags=re.I)  # "disagree on regarding X"
    if _ONLY_CUE.match(phrase):
        return ""  # "how do A and B differ": nothing to compare on
    phrase = _VIEWING.sub("", phrase)
    while (cleaned := _TOPIC_NOISE.sub("", phrase).strip(" ,;:")) != phrase:
        phrase = cleaned
    return phrase


def _named_readings(text: str) -> list[ComparisonRequest]:
    """Named parties and a topic: the parties' phrase joined with "and" (so `ComparisonAnswerer._parties`
    splits it), the topic read after the first topic word, then after the last."""
    region, before = "", ""
    quoted = [m.span() for m in re.finditer(r"[\"“][^\"“”]*[\"”]", text)]
    for pattern in (_BETWEEN, _COMPARE_PARTIES, _VERSUS, _ASKED_PARTIES):
        # not inside a quoted title ("How does “Between Ankara and Moscow” differ from …")
        outside = (m for m in pattern.finditer(text) if not any(a < m.start() < b for a, b in quoted))
        if found := next(outside, None):
            region, before = _LABEL.sub("", found["s"] or found.groupdict().get("put") or ""), text[: found.start()].rstrip()
            break
    if not region:
        return []
    region = re.sub(r"^(?:how|what)\s+", "", _joined_parties(region, _AGREEING_JOIN), flags=re.I)
    cuts = [(region[: cut.start()], cut["t"]) for cut in _topic_cuts(region)]
    if not cuts:  # "between how A and B describe X", "A and B give the same date for X": the first verb after two parties
        verbs = [
            v for v in [*_SAME_THING.finditer(region), *_VERB_CUT.finditer(region)] if _SEPARATOR.search(region[: v.start()])
        ]
        cuts = [(region[: v.start()], region[v.end() :]) for v in sorted(verbs, key=lambda v: v.start())[:1]]
    if not cuts and (topic := _topic_of(_TRAILING_VERB.sub("", before))):  # "the accounts of X differ between A and B"
        cuts = [(region, topic)]
    if not cuts and (coverage := _COVERAGE.search(region)):  # "A's and B's assessments of X"
        cuts = [(region[: coverage.start()], coverage["t"])]
    if not cuts:  # "Compare the Karimova piece with the DiPirro piece": on no topic
        cuts = [(region, "")]
    readings = []
    for parties, topic in cuts:
        topic = _topic(topic)
        parties = _PARTIES_END.sub("", parties)
        parties = _POSSESSED.sub("", _joined_parties(parties)).strip(" ,")
        if parties and _SEPARATOR.search(parties) and (topic or not cuts[0][1]):
            readings.append(ComparisonRequest(topic, parties))
    return list(dict.fromkeys(readings))


# An article named by the kind of piece it is, anywhere in a question: "the delimitation interview", "the
# partners' digest", "Leyla Karimova's Baku news story", "the OTS press release's picture" (up to four words
# after "the" or a person's possessive, the longest ending in a word for a piece, never across "and" or "with").
# A possessive naming a piece ("the FAQ's treatment") is the piece itself, not its author.
_NAMED_PIECE = re.compile(
    rf"\b(?:the|(?:(?-i:[A-Z][\w’'-]+)\s+)?(?!{NAMING_WORDS}['’])(?-i:[A-Z][\w’'-]*)(?:['’]s|s['’]))\s+"
    rf"(?:(?!(?:and|or|with|vs|versus|than|from|to|on|about)\b)[\w’'&.-]+\s+){{0,4}}{NAMING_WORDS}\b(?:['’]s\b)?",
    re.I,
)


def named_pieces(question: str) -> ComparisonRequest | None:
    """Two to four articles the question names by their kind of piece, compared on what the rest of it asks
    about, whatever the word order ("Set the interview, the wire and the report side by side", "contrast the
    FAQ, the digest and the slides on who does the work"), or None. The topic is the question without those
    names and its comparing words; the answerer declines parties that name no article here."""
    text = " ".join(question.split())
    found = [re.sub(r"['’]s$", "", m.group(0)) for m in _NAMED_PIECE.finditer(text)]
    if not 2 <= len(found) <= MAX_PARTIES:
        return None
    rest = _CUE.sub(" ", _NAMED_PIECE.sub(" ", text))
    topic = _topic(subject_words(rest, keep_years=True))
    return ComparisonRequest(topic, " and ".join(found)) if topic else None


def _joined_parties(parties: str, join: re.Pattern[str] = _PARTY_JOIN) -> str:
    """``parties`` with "A with B", "A compared to B" written "A and B", outside quoted titles ("From
    Rubble to Treaty" stays one)."""
    pieces = re.split(r"([\"“][^\"“”]*[\"”])", parties)
    return "".join(piece if i % 2 else join.sub(" and ", piece) for i, piece in enumerate(pieces))


def _topic_cuts(region: str) -> list[re.Match[str]]:
    """Where the topic may start in the parties' region: at the first topic word, then at the last."""
    words = list(re.finditer(rf"\b{_TOPIC_WORD}\b", region, re.I))
    starts = dict.fromkeys(w.start() for w in words[:1] + words[-1:])
    return [m for at in starts if (m := _TOPIC_FROM.match(region, at))]


_TOPIC_FROM = re.compile(rf"{_TOPIC_WORD}\s+(?P<t>.+)$", re.I)


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
    near: float = 0.1  # how far below `addresses` a further quote may score
    per_article: int = 3
    salience_weight: float = 0.05  # added to a quote's relevance per its names and numbers (extracts.salience)
    margin: float = 0.15  # a further quote scores within this of the article's best
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
        if not readings and _CUE.search(question) and (pieces := named_pieces(question)):
            # "How does Karimova's news story treat X compared with the fact sheet?": a comparing word and two
            # pieces named, in an order no reading knows (the summaries would take it for one article on a topic)
            readings = [pieces]
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
        cuts = sorted([*_SEPARATOR.finditer(phrase), *_PARTY_JOIN.finditer(phrase)], key=lambda m: m.start())
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
                chosen = central(pool, text, self.params.per_article, self.summary)
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


__all__ = ["ComparisonAnswerer", "ComparisonParams", "ComparisonRequest", "loose", "recognise", "strict"]
