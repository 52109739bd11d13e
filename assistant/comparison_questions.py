# ruff: noqa: E501 (a question pattern reads best on one line)
"""What a comparison question asks for: the articles compared and the topic (issue 23, point 3).

Read from the question's whole wording by patterns (`strict`), then by a comparing word and the articles and
topic read around it (`loose`), and by articles named by their kind of piece anywhere in it (`named_pieces`);
never a language model. A reading names its parties as written ("DiPirro and Samedov", "the fact sheet and
the commentary"); which articles they are is the answerer's to find (`comparisons.ComparisonAnswerer`), and
parties that name no article here leave the question to the single-fact answerer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.extracts import ARTICLE_WORDS, NAMING_WORDS
from otsqa.request_words import subject_words
from otsqa.text import PLEASE, QUESTION_END

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
SEPARATOR = re.compile(r",?\s+(?:and|vs\.?|versus)\s+|,\s+", re.I)
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

CUE = re.compile(
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
PARTY_JOIN = re.compile(r"\s+(?:with|to|against|from)\s+", re.I)
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
    if not CUE.search(whole):  # "side by side" at the end is a cue, though the topic is read without it
        return []
    readings = []
    if first := _TOPIC_FIRST.match(text):
        if named := _parties_first(first["t"], first["rest"]) or _topic_then_parties(first["t"], first["rest"]):
            readings.append(named)  # "A vs B: how does each one frame X?", "X: A vs B"
        elif CUE.search(first["rest"]) and not CUE.search(first["t"]) and not _TOPIC_AFTER.search(first["rest"]):
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
    if not SEPARATOR.search(head) or _at_large(head) or _names_all(rest):
        return None
    topic = _topic_of(rest) or (
        _topic(rest) if _BARE_TOPIC.match(rest) and not CUE.search(rest) else ""
    )  # "A and B, border security"
    if not topic and (inner := [r for r in _named_readings(head) if r.topic]):
        return inner[0]  # "Sadykov versus Rahimov on extremism: any differences?"
    parties = _POSSESSED.sub("", _joined_parties(head)).strip(" ,")
    if not topic and not CUE.search(rest):
        return None
    return ComparisonRequest(topic, parties) if parties else None  # no topic: "A vs B - how do they differ?"


# A topic said alone after the parties: a few words, no question.
_BARE_TOPIC = re.compile(
    r"^(?!(?:how|what|where|why|when|who|which|do|does|did|is|are|was|were|can|could)\b)[\w'’ -]{1,60}$", re.I
)


def _topic_then_parties(head: str, rest: str) -> ComparisonRequest | None:
    """The topic before a colon or dash and the named articles after it ("Drones: DiPirro vs Samedov",
    "drones - do DiPirro and Samedov agree?"), or None."""
    if CUE.search(head) or not CUE.search(rest) or _TOPIC_AFTER.search(rest) or _names_all(rest):
        return None
    asked = _ASKED_PARTIES.match(rest)
    if not asked and not _VERSUS.match(_LABEL.sub("", rest)):
        return None  # the rest is neither a question about the parties nor "A vs B"
    parties = _LEADING_VERB.sub("", _LABEL.sub("", asked["s"] if asked else rest))
    parties = _POSSESSED.sub("", _joined_parties(_PARTIES_END.sub("", parties))).strip(" ,")
    topic = _topic(head)
    return ComparisonRequest(topic, parties) if topic and SEPARATOR.search(parties) else None


def _asks_outside(text: str, topic: str) -> bool:
    """Whether a cue asks to compare outside the topic: in "Summarise the articles on the agreement on
    drones" the cue is part of the topic, and the question asks for a summary."""
    if not topic:
        return bool(CUE.search(text))
    outside = text.replace(topic, " ")
    return bool(CUE.search(outside) or _SAME_THING.search(outside))  # "give the same [date for X]"


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
        verbs = [v for v in [*_SAME_THING.finditer(region), *_VERB_CUT.finditer(region)] if SEPARATOR.search(region[: v.start()])]
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
        if parties and SEPARATOR.search(parties) and (topic or not cuts[0][1]):
            readings.append(ComparisonRequest(topic, parties))
    return list(dict.fromkeys(readings))


# An article named by the kind of piece it is, anywhere in a question: "the delimitation interview", "the
# partners' digest", "Leyla Karimova's Baku news story", "the OTS press release's picture" (up to four words
# after "the" or a person's possessive, the longest ending in a word for a piece, never across "and", "with" or
# another "the"; not "the same story", "the whole story": idioms, not pieces).
# A possessive naming a piece ("the FAQ's treatment") is the piece itself, not its author.
_NAMED_PIECE = re.compile(
    rf"\b(?:the(?!\s+(?:same|whole|full|entire|other|real|big|inside)\b)|(?:(?-i:[A-Z][\w’'-]+)\s+)?(?!{NAMING_WORDS}['’])(?-i:[A-Z][\w’'-]*)(?:['’]s|s['’]))\s+"
    rf"(?:(?!(?:and|or|with|vs|versus|than|from|to|on|about|the|a|an)\b)[\w’'&.-]+\s+){{0,4}}{NAMING_WORDS}\b(?:['’]s\b)?",
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
    # "Türksat 6A in the newsletter vs in the FAQ": the words that place the topic in a piece go with it
    rest = _NAMED_PIECE.sub(" ", _IN_PIECE.sub(" ", text))
    rest = CUE.sub(" ", _SET_SIDE_BY_SIDE.sub(" ", rest))
    topic = _topic(subject_words(_ASKING.sub(" ", rest), keep_years=True))
    return ComparisonRequest(topic, " and ".join(found)) if topic else None


# A piece named with the word that places something in it: "X in the FAQ", "according to the wire".
_IN_PIECE = re.compile(rf"\b(?:in|from|according to|by|within)\s+(?={_NAMED_PIECE.pattern})", re.I)
# "set side by side", "put next to each other", "lay out": the request, not its subject.
_SET_SIDE_BY_SIDE = re.compile(
    r"\b(?:set|put|lay|place|line)(?:\s+(?:them|these|those|it))?\s+(?:out\s+)?(?:side[- ]by[- ]side|next to each other|alongside)\b",
    re.I,
)
# What the request asks each piece to do, with no subject of its own: "what does each stress", "what they
# each tell us about it", "how do they handle it", "on that".
_ASKING = re.compile(
    r"\b(?:what|how)\s+(?:do|does|did)\s+(?:each|they|both)(?:\s+(?:one|of them))?\s+(?:each\s+)?"
    r"(?:stress|emphasi[sz]e|highlight|tell us|tell|say|handle|present|make of|focus on)(?:\s+(?:about|on|of))?"
    r"(?:\s+(?:it|them|that|this))?\b|\b(?:each|they|both)\s+(?:stress|emphasi[sz]e|highlight|tell us|tell|say|handle|present)"
    r"(?:\s+(?:about|on|of))?(?:\s+(?:it|them|that|this))?\b|\b(?:on|about)\s+(?:that|this|it|them)\b|\bin each\b",
    re.I,
)


def _joined_parties(parties: str, join: re.Pattern[str] = PARTY_JOIN) -> str:
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


__all__ = ["CUE", "MAX_PARTIES", "PARTY_JOIN", "SEPARATOR", "ComparisonRequest", "loose", "named_pieces", "recognise", "strict"]
