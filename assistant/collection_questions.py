# ruff: noqa: E501 (a question pattern reads best on one line)
"""Questions about the collection itself, answered from the article records ingest wrote (issue #23, 1).

"What articles are there?", "Who wrote <title words>?", "When was <title words> published?", "Which
articles did <person> write?", "What is the newest article?": the answer is in the metadata (title,
author, date, source) or it is not, so no retrieval and no threshold. The kind is told from the
question's whole wording by a few patterns, never a language model; anything else returns None and
the grounded answerer takes it, so single-fact questions are unaffected.

A named article is found by title words (token overlap, plural "s" ignored). Each cited article is cited
to its own header line where the cleaned text still holds it (title, byline or date line); ingest
usually drops header lines from the text, and a derived title is its opening words, so the fallback
is the article's opening sentence, exact with offsets like every quote.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from assistant.answer import Citation, Passage
from assistant.retrieval import passage_from_record
from assistant.timelines import Period, parse_period
from otsqa.dates import find_dates, human_date
from otsqa.messages import say
from otsqa.request_words import CLAIM_VERBS
from otsqa.text import DOCUMENT_WORDS, IN_COLLECTION, MONTHS, QUESTION_END, split_sentences
from store.base import ArticleRecord, Store, chunk_id

_ARTICLES = rf"(?:{DOCUMENT_WORDS}|sources)"
# When a list of articles was published: a period (timelines.parse_period), a day, or "2023 or earlier".
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_A_DATE = rf"(?:(?:\d{{1,2}}\s+)?(?:{_MONTH_NAME}\s+)?(?:\d{{1,2}},?\s+)?(?:19|20)\d\d)"
_WHEN_PUBLISHED = (
    rf"(?:(?:in|during|since|before|after|until|on|by)\s+(?:the\s+year\s+)?{_A_DATE}"
    rf"|(?:between|from)\s+{_A_DATE}\s*(?:–|-|to|and|until|through)\s*{_A_DATE}"
    rf"|(?:in\s+)?{_A_DATE}\s+or\s+(?:earlier|before|later|after))"
)
# A change made to an article after it came out, which a header may date ("Updated: 16.10.2025").
# The header's other dates: revisions, and the dates a document gives beside its publication ("Drafted:",
# "Recorded:", "Last reviewed:"; ingest dates it by them only when nothing else does).
_REVISED = r"(?:updated|revised|modified|amended|corrected|edited|changed|drafted|recorded|reviewed)"
_ONE_ARTICLE = (
    r"(?:article|piece|op-ed|commentary|report|story|brief|paper|analysis|feature|text|document|(?:slide )?deck|"
    r"presentation|transcript|digest|newsletter|FAQ)"
)
_WROTE = r"(?:write|written|author|authored|publish|published)"
_HAVE = rf"(?:are there|do you have|have you got|you have|are in {IN_COLLECTION}|are available|can you (?:search|answer from)|do you (?:draw|rely) on)"
_ASK = r"(?:(?:please|can you|could you|would you)\s+)?(?:tell me |show me |give me )?"
# Where an article appeared: its outlet (ArticleRecord.publication: a page's site name, a header's
# "STEPPE SIGNAL · Commentary"). "Which publication …" names the outlet, not a document.
_OUTLET = (
    r"(?:outlet|media outlet|news outlet|publication|site|website|web ?site|newspaper|journal|magazine|publisher|"
    r"news site|news agency|agency|organi[sz]ation|think tank|network|platform)"
)
_RAN = r"(?:ran|run|runs|published|publishes|carried|carries|put out|puts out|issued|issues|posted|printed|released|produced|is behind)"
_AND_WHEN_TAIL = r",?\s+and\s+(?:when|on\s+(?:what|which)\s+(?:date|day))"
_AND_WHEN_END = rf"(?:{_AND_WHEN_TAIL})?"

# Kinds, each with the whole-question patterns that ask it; the named group is the subject.
_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "list": [
        re.compile(rf"^{_ASK}(?:what|which) (?:{_ARTICLES}|texts) {_HAVE}(?: with their (?:authors|dates))?{QUESTION_END}", re.I),
        re.compile(
            rf"^{_ASK}(?:list|show|name)(?: me)?(?: all)?(?: of)?(?: the| your)? {_ARTICLES}(?: in {IN_COLLECTION})?(?: with .+)?{QUESTION_END}",
            re.I,
        ),
        re.compile(rf"^{_ASK}(?:what is|what's) in {IN_COLLECTION}{QUESTION_END}", re.I),
        re.compile(
            rf"^how many {_ARTICLES} (?:are there|do you have|are in {IN_COLLECTION}|does {IN_COLLECTION} (?:hold|have|contain)){QUESTION_END}",
            re.I,
        ),
    ],
    "period": [  # "Which article was published in August 2025?", "Which articles came out in 2023 or earlier?"
        re.compile(
            rf"^{_ASK}(?:which|what) (?:of the )?{_ARTICLES}(?: in {IN_COLLECTION})? (?:was|were|is|are|got|have been|has been)?\s*"
            rf"(?:published|written|released|issued|dated|posted|put out|came out|come out|appeared) (?P<p>{_WHEN_PUBLISHED}){QUESTION_END}",
            re.I,
        ),
    ],
    "period_loose": [  # "anything published in April 2025?", "show me what came out in November 2025"
        re.compile(
            rf"^{_ASK}(?:(?:is|was) there |are there )?(?:anything|everything|something|what|all(?: that)?|any {_ARTICLES})(?: that)?"
            r"(?: (?:was|were|has been|have been|got|you have))?\s*"
            rf"(?:published|written|released|issued|dated|posted|put out|came out|come out|appeared) (?P<p>{_WHEN_PUBLISHED}){QUESTION_END}",
            re.I,
        ),
        # "Is there an article from September 2025?", "any pieces dated 2024?": an article of a date is one
        # published then (a date the articles talk about is a timeline's).
        re.compile(
            rf"^{_ASK}(?:(?:is|are) there |do (?:you|we) have )?(?:an?|any) {_ARTICLES} (?:from|dated) (?P<p>{_A_DATE}){QUESTION_END}",
            re.I,
        ),
    ],
    "prolific": [  # "Who wrote the most articles?", "Which author has written the most?"
        re.compile(
            rf"^{_ASK}(?:who|which (?:author|writer|analyst)) (?:wrote|writes|has written|authored|has authored|contributed|has) "
            rf"(?:the )?most(?: (?:of the )?{_ARTICLES})?(?: in {IN_COLLECTION})?{QUESTION_END}",
            re.I,
        ),
        re.compile(
            rf"^(?:who|which (?:author|writer)) is (?:the )?most (?:prolific|frequent)(?: (?:author|writer|contributor))?"
            rf"(?: in {IN_COLLECTION})?{QUESTION_END}",
            re.I,
        ),
    ],
    "unsigned": [  # "Which article has no named author?", "Are any articles anonymous?"
        re.compile(
            rf"^{_ASK}(?:which|what|are there any|are any|is any|do any|does any)(?: of the)? {_ARTICLES}(?: in {IN_COLLECTION})? "
            r"(?:(?:has|have|had|carr(?:y|ies)|gives?|names?|lists?|shows?) no (?:named |listed |known )?(?:authors?|bylines?|writers?)"
            r"|(?:is|are|was|were) (?:anonymous|unsigned|uncredited|without (?:an? )?(?:named )?(?:authors?|bylines?))"
            r"|(?:lacks?|miss(?:es)?) (?:an? )?(?:authors?|bylines?)|anonymous|unsigned|uncredited)"
            rf"{QUESTION_END}",
            re.I,
        ),
    ],
    "newest": [
        re.compile(
            rf"^(?:what|which) is (?:the )?(?:newest|latest|most recent) {_ARTICLES}(?: in {IN_COLLECTION}| you have)?{QUESTION_END}",
            re.I,
        ),
        re.compile(
            rf"^(?:what|which)(?: is|'s) the (?:newest|latest|most recent) (?:one|{_ARTICLES})(?: in {IN_COLLECTION}| you have)?{QUESTION_END}",
            re.I,
        ),
        re.compile(rf"^(?:what|which) {_ARTICLES} is (?:the )?(?:newest|latest|most recent)(?: one)?{QUESTION_END}", re.I),
        re.compile(rf"^(?:what|which) {_ARTICLES} was (?:published|written) (?:last|most recently){QUESTION_END}", re.I),
    ],
    "oldest": [
        re.compile(
            rf"^(?:what|which)(?: is|'s) (?:the )?(?:oldest|earliest|first) {_ARTICLES}(?: in {IN_COLLECTION}| you have)?{QUESTION_END}",
            re.I,
        ),
        re.compile(rf"^(?:what|which) {_ARTICLES} is (?:the )?(?:oldest|earliest)(?: one)?{QUESTION_END}", re.I),
        re.compile(rf"^(?:what|which) {_ARTICLES} was (?:published|written) first{QUESTION_END}", re.I),
    ],
    "by_author": [
        re.compile(rf"^(?:what|which) {_ARTICLES} (?:did|does|has) (?P<s>.+?) {_WROTE}{QUESTION_END}", re.I),
        re.compile(rf"^(?:what|which) {_ARTICLES} (?:are|were|is|was) (?:written|authored) by (?P<s>.+?){QUESTION_END}", re.I),
        re.compile(
            rf"^{_ASK}(?:list|show)(?: me)?(?: all)?(?: the)? {_ARTICLES} (?:written |authored )?by (?P<s>.+?){QUESTION_END}",
            re.I,
        ),
        re.compile(
            rf"^what (?:did|has) (?P<s>.+?) (?:write|written|authored|penned)(?: (?:in|for) {IN_COLLECTION}| here)?{QUESTION_END}",
            re.I,
        ),
        re.compile(rf"^(?:is|are) there (?:anything|any {_ARTICLES}) (?:written |authored )?by (?P<s>.+?){QUESTION_END}", re.I),
        re.compile(
            rf"^(?:did|has) (?P<s>.+?) (?:write|written|author|authored) any(?: of the {_ARTICLES}| {_ARTICLES}|thing)?{QUESTION_END}",
            re.I,
        ),
    ],
    # "What did Askar Nurlanov present?", "Yerlan Abdikarimov presented what, and when?": a document an author
    # of the collection made; anyone else presenting something is a question for the articles.
    "made_by": [
        re.compile(
            rf"^(?:what|which {_ONE_ARTICLE}) (?:did|has) (?P<s>.+?) (?:present|presented|prepare|prepared|edit|edited|compile|compiled|put together|produce|produced|sign|signed)"
            rf"(?: (?:in|for) {IN_COLLECTION})?{_AND_WHEN_END}{QUESTION_END}",
            re.I,
        ),
        re.compile(rf"^(?P<s>.+?) (?:presented|prepared|edited|compiled|produced|wrote) what{_AND_WHEN_END}{QUESTION_END}", re.I),
    ],
    "author": [
        re.compile(
            rf"^{_ASK}who(?: wrote| authored| is the author of| was the author of|['’]s the author of| is behind) (?P<s>.+?){QUESTION_END}",
            re.I,
        ),
        re.compile(rf"^{_ASK}who is the (?:writer|author) of (?P<s>.+?){QUESTION_END}", re.I),
        # "Who put together the chronology of frontiers?": compiled, not written, and named as a document
        # ("Who compiled the list of banned groups?" asks the articles).
        re.compile(
            rf"^{_ASK}who (?:put together|compiled|prepared|edited) (?P<s>(?:the|this|that) (?:\w+ )?"
            rf"(?:{_ONE_ARTICLE}|chronology|fact ?sheet|timeline|interview)\b.*?){QUESTION_END}",
            re.I,
        ),
        # Whoever made a document of another shape is its author too: a newsletter's editor, a deck's
        # presenter, an interview's interviewer, a brief's signatory ("Who edited issue #31 of the digest?",
        # "Who conducted the interview with …?"). The document word comes within the subject's first words
        # and not as a source ("Who signed the treaty, according to the report?" asks the articles).
        re.compile(
            rf"^{_ASK}who (?:edits|edited|signed|presented|gave|delivered|conducted|put together|compiled|prepared) "
            rf"(?P<s>(?:(?!(?:in|from|according|per|to)\b)[\w'’#&.-]+ ){{0,9}}?"
            rf"(?:{_ONE_ARTICLE}|slides|chronology|fact ?sheet|timeline|interview)\b.*?){QUESTION_END}",
            re.I,
        ),
        re.compile(rf"^(?:what is|what's) the (?:author|byline) of (?P<s>.+?){QUESTION_END}", re.I),
        re.compile(rf"^which (?:author|writer|analyst|journalist) (?:wrote|authored|is behind) (?P<s>.+?){QUESTION_END}", re.I),
        # "Which author argues that …?", "Which article says …?": the article that says it, found by its
        # closest sentence (extracts.ArticleFinder.by_claim); its answer names the title and the author
        re.compile(
            rf"^(?:which|what) (?:author|writer|analyst|journalist|commentator|columnist|expert|{_ONE_ARTICLE}) "
            rf"{CLAIM_VERBS}(?: that)? (?P<c>.+?){QUESTION_END}",
            re.I,
        ),
    ],
    "outlet": [  # "Which outlet ran X?", "Where did X appear?", "Which publication is X from?"
        re.compile(rf"^{_ASK}(?:which|what) {_OUTLET} {_RAN} (?P<s>.+?){_AND_WHEN_END}{QUESTION_END}", re.I),
        re.compile(
            rf"^{_ASK}(?:where|in (?:which|what) {_OUTLET}) (?:did|was|were) (?P<s>.+?) "
            rf"(?:first )?(?:appear|run|come out|get published|published|printed|posted|carried|released){_AND_WHEN_END}{QUESTION_END}",
            re.I,
        ),
        re.compile(
            rf"^{_ASK}(?:which|what) {_OUTLET} (?:is|was|are|were) (?P<s>.+?) (?:from|in|published in|published by|by){QUESTION_END}",
            re.I,
        ),
        re.compile(
            rf"^{_ASK}(?:who|which {_OUTLET}) (?:published|publishes|puts out|put out|ran|runs|carried) (?P<s>.+?){_AND_WHEN_END}{QUESTION_END}",
            re.I,
        ),
    ],
    "dates": [  # "When was X last updated?": the header's other dates, quoted
        re.compile(rf"^{_ASK}when (?:was|were) (?P<s>.+?) (?:last |first |most recently )?{_REVISED}{QUESTION_END}", re.I),
        re.compile(rf"^(?:what|which) (?:dates?|days?) (?:does|do) (?P<s>.+?) (?:carry|give|show|bear|have){QUESTION_END}", re.I),
    ],
    "date": [
        re.compile(
            rf"^{_ASK}when (?:was|were) (?P<s>.+?) (?:published|written|released|issued|dated|circulated|distributed|posted|presented)"
            rf"{QUESTION_END}",
            re.I,
        ),
        re.compile(rf"^{_ASK}when did (?P<s>.+?) (?:come out|appear|get published){QUESTION_END}", re.I),
        re.compile(rf"^(?:what is|what's) the (?:publication |publishing |release )?date of (?P<s>.+?){QUESTION_END}", re.I),
        re.compile(rf"^(?:on )?what date was (?P<s>.+?) (?:published|written){QUESTION_END}", re.I),
    ],
}
# "Who wrote the Gabala declaration?" may ask the articles, not the collection: a subject matching no
# title is a collection question only when it says it names an article.
# A subject that names an article: a document word, or a title in quotes. Not an apostrophe of its own
# ("Uzbekistan's financial intelligence unit" names no article).
_NAMES_ARTICLE = re.compile(rf"\b{_ARTICLES}\b|[\"“”]|(?<!\w)['‘]|['’](?!\w)", re.I)
# Verbs that say what people and bodies do as well as what outlets do to articles: "Who runs the OTS
# secretariat?", "When was the Gabala Declaration issued?", "When was the fund presented?" ask the articles.
# With one of them, a question is about an article only when it names one or gives a title whole.
_EVENT_VERB = re.compile(
    r"\b(?:ran|run|runs|carried|carries|put out|puts out|issued|issues|released|produced|is behind|presented|"
    r"circulated|distributed|dated|posted)\b",
    re.I,
)
_STOP = frozenset(
    "a an the of in on and or to for by with from at as is are was were about its it this that "
    "article articles piece paper text document report analysis one s".split()
)
MIN_OVERLAP = 0.5  # the share of the subject's words a title must hold to match


@dataclass(frozen=True)
class CollectionQuestion:
    kind: (
        str  # "list" | "newest" | "oldest" | "by_author" | "author" | "date" | "author_date" | "dates" | "outlet" | "outlet_date"
    )
    subject: str = ""  # title words (author, date) or a person (by_author)
    loose: bool = False  # told by cues (`_loose`), not by a whole-question pattern
    period: str = ""  # a list of the articles published in it ("in 2025"), read by timelines.parse_period
    claim: str = ""  # what the article asked about says ("Which author argues that …?")
    authors_only: bool = False  # by_author only when the person wrote in the collection ("What did X present?")
    # asked with a verb that also says what people and bodies do (`_EVENT_VERB`), by a whole-question pattern
    event_verb: bool = False


def recognise(question: str) -> CollectionQuestion | None:
    """The collection question ``question`` asks, or None when it asks anything else: a whole-question
    pattern first, else the cues of `_loose`."""
    text = " ".join(question.split())
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            if match := pattern.match(text):
                subject = (match.groupdict().get("s") or "").strip(" \"“”'‘’")
                if claim := match.groupdict().get("c"):
                    # named by what it says (ArticleFinder.by_claim), never by title words it may share
                    return CollectionQuestion(kind, f"the article that says {claim}", claim=claim)
                if kind == "made_by":
                    return CollectionQuestion("by_author", subject, authors_only=True)
                if kind in ("period", "period_loose"):
                    return CollectionQuestion("list", period=_period_words(match["p"]))
                if kind == "outlet" and re.search(_AND_WHEN_TAIL + QUESTION_END, text, re.I):
                    return CollectionQuestion("outlet_date", subject)  # "Which outlet ran X, and when?"
                if kind == "author" and (also := _AND_WHEN.search(subject)) and not _every(subject[: also.start()]):
                    return CollectionQuestion("author_date", subject[: also.start()])  # "Who wrote X, and when?"
                if kind in ("author", "date", "dates") and (_COMPOUND.search(subject) or _every(subject)):
                    return _loose(text)  # "Who wrote X and when was it published?", "Who wrote each article?"
                verb = text[: match.start("s")] + text[match.end("s") :] if match.groupdict().get("s") else text
                event_verb = kind in ("outlet", "date") and bool(_EVENT_VERB.search(verb)) and not _OUTLET_NAMED.search(verb)
                return CollectionQuestion(kind, subject, event_verb=event_verb)
    return _loose(text)


_OUTLET_NAMED = re.compile(rf"\b{_OUTLET}\b", re.I)  # "Which outlet ran X?" asks for an outlet, whatever its verb


# -- the loose reading: a document named, and a cue saying which record is asked ------------------
# Analysts ask the same thing in many word orders ("The brief on border guards: who wrote it?", "I need
# the publication date of the report on drought"), more than whole-question patterns keep up with. The
# loose reading asks for two signs instead: the question names a document (a document word, the
# collection itself, or a quoted title), and a cue says which record it wants. The subject is what is
# left once the polite opening and the cues are taken out. A document cited only as a source ("…,
# according to the report?") is no sign, and a question about what articles say is a summary's.

_QUOTED = re.compile(r"[\"“](?P<q>[^\"“”]{2,})[\"”]|(?<!\w)['‘](?P<r>[^'‘’]{2,})['’](?!\w)")
_PLACE = r"(?:collection|library|corpus|archive|database|store)"
_DOCUMENT = re.compile(rf"\b{_ARTICLES}\b|\b{_PLACE}\b", re.I)
_AS_SOURCE = re.compile(
    rf"\b(?:according to|in|from|per|based on|citing)\s+(?:(?:the|this|that|your|an?|one)\s+)?(?:[\w'’-]+\s+)?{_ARTICLES}\b", re.I
)
_CONTENT = re.compile(
    r"\b(?:summar\w*|gist|key (?:points|findings|takeaways)|main (?:points?|arguments?|findings|ideas?)|takeaways?"
    r"|in short|in brief|synopsis|recap|rundown|tl;?dr|thesis|highlights"
    r"|says?|said|argue[sd]?|claims?|claimed|suggests?|concludes?|recommends?|portrays?|thinks?|believes?"
    r"|compar\w*|differ\w*|contrast\w*|similarit\w*|agree\w*|disagree\w*|consensus)\b",
    re.I,
)
# How analysts open a request before the question itself ("Could you tell me …", "I need …").
POLITE = re.compile(
    r"^(?:(?:hi|hello|hey|ok|okay|so|quick question|one more thing|also|and|please|kindly|sorry)\b[,:!]?\s*)*"
    r"(?:(?:can|could|would|will) you(?: please| kindly)?\s+|please\s+)?"
    r"(?:(?:tell|show|give|let|remind|help) (?:me|us)(?: know)?\s+|find(?: out)?\s+|check\s+|look up\s+)?"
    r"(?:(?:i|we)(?:'d| would) (?:like|love)(?: to (?:know|see|find out|get|have))?\s+"
    r"|(?:i|we) (?:need|want)(?: to (?:know|see|find out|get|have))?\s+"
    r"|(?:do|does) (?:you|anyone) know\s+|i(?:'m| am) (?:wondering|curious|looking for)(?: about)?\s+|i wonder\s+)?"
    r"(?:(?:whether|if)\s+)?",
    re.I,
)
_PUBLISHED = (
    r"(?:published|issued|released|dated|posted|written|circulated|distributed|presented|put\s+out|come\s+out|came\s+out|appear(?:ed|s)?|go(?:es)?\s+online"
    r"|went\s+online|go(?:es)?\s+out|went\s+out|(?:sent|mailed)(?:\s+out)?|publish|release|issue|write)"
)
# Which record a question asks for, told by its cues anywhere in it.
_ASKS_AUTHOR = re.compile(
    r"\bwhom?\b.*\b(?:wrote|writes?|written|authored|penned|behind|authors?|writers?)\b"
    # whoever prepared, compiled, edited or presented a document is its author ("Who prepared the brief …?")
    r"|^(?:\W*\w+\W+){0,3}?who\s+(?:prepared|compiled|edited|presented|put\s+together|signed)\b"
    r"|\b(?:wrote|written|authored|penned)\b.*\bwhom?\b|\bwhose\b"
    # the author as the thing asked for, not as someone doing something ("when did its authors visit …")
    r"|\b(?:authors?|writers?|byline|authorship)\s+(?:of|for|on|behind|and|&)\b|^(?:the\s+)?(?:authors?|writers?|byline)\b"
    r"|\b(?:who|what)(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+|its\s+)?(?:authors?|writers?|byline)\b"
    r"|\b(?:authors?|writers?|byline)\s*[?.!]*$|\b(?:authors?|writers?)['’]s?\s+names?\b",
    re.I,
)
_ASKS_OUTLET = re.compile(
    rf"\b(?:which|what)\s+{_OUTLET}\b(?!\s+(?:says?|said|argues?|thinks?))"
    r"|\bwhere\s+(?:did|was|were|does|is)\b.*\b(?:appear(?:ed|s)?|run|ran|published|come\s+out|came\s+out|printed|posted)\b"
    r"|\b(?:outlet|publisher)\b",
    re.I,
)
_CLAUSES = re.compile(r",?\s+and\s+(?=(?:when|what|why|how|where|who|which|is|was|were|did|does|has)\b)", re.I)
_AND_WHEN = re.compile(r",?\s+and\s+(?:when|on\s+(?:what|which)\s+(?:date|day))\s*$", re.I)
_COMPOUND = re.compile(r"\s(?:and|&)\s+(?:when|who|by\s+whom|(?:on\s+)?what\s+date|in\s+what\s+year)\b", re.I)
_ASKS_DATE = re.compile(
    rf"\b(?:when|(?:what|which)\s+(?:year|month|day|date))\b.*\b{_PUBLISHED}\b|\band\s+when\s*[?.!]*$|\bwhen\b.*\bfrom\s*[?.!]*$"
    r"|\b(?:publication|publishing|release|issue|posting|post|send|sending|circulation)\s+dates?\b|\bdates?\s+of\s+(?:publication|release|issue|posting)\b"
    rf"|\bdates?\s+(?:of|on|for)\s+(?:the\s+|this\s+|that\s+|each\s+|every\s+|all\s+)?(?:[\w'’-]+\s+){{0,4}}{_ARTICLES}\b"
    r"|\bhow\s+(?:old|recent)\s+is\b|\bwhen\s+(?:is|was)\b.*\bdated\b"
    r"|\b(?:authors?|writers?|byline)\s+and\s+(?:the\s+)?(?:publication\s+)?dates?\b|\bdates?\s+and\s+(?:the\s+)?(?:authors?|writers?)\b",
    re.I,
)
_ASKS_REVISED = re.compile(
    rf"\bwhen\b(?:\s+\S+){{0,8}}?\s+(?:last\s+|most\s+recently\s+)?{_REVISED}\b|\b(?:last|latest)\s+(?:update|revision|change)\b"
    rf"|\b(?:date|day)\s+of\s+(?:the\s+)?(?:last\s+|latest\s+)?(?:update|revision|correction)\b|\b(?:update|revision)\s+date\b",
    re.I,
)
_NEWEST = re.compile(
    r"\b(?:newest|latest|most\s+recent(?:ly)?|last\s+(?:published|written|added))\b|\b(?:published|written|added|released|came\s+out)\s+last\b",
    re.I,
)
_OLDEST = re.compile(
    r"\b(?:oldest|earliest|least\s+recent|first\s+(?:published|written|added))\b|\b(?:published|written|added|released|came\s+out)\s+first\b",
    re.I,
)
# The words a cue is said in, taken out to leave the subject.
_CUE_WORDS = re.compile(
    rf"\b(?:in\s+)?(?:which|what)\s+{_OUTLET}\b|\bwhere\b|\b(?:ran|carried|printed|puts?\s+out)\b"
    r"|\bby\s+whom\b|\bwho(?:m|'s|’s)?\b|\bwhose\b"
    r"|\b(?:the\s+)?(?:name\s+of\s+the\s+)?(?:authors?|writers?|byline|authorship)(?:['’]s?\s+names?)?(?:\s+(?:of|for|on|behind|to))?\b"
    r"|\b(?:wrote|writes?|written|authored|penned|behind|prepared|compiled|edited|put\s+together)(?:\s+by)?\b"
    r"|\b(?:on\s+|in\s+)?(?:when|(?:what|which)\s+(?:year|month|day|date))\b"
    r"|\b(?:the\s+)?(?:(?:publication|publishing|release|issue|posting|post|send|sending|circulation)\s+)?dates?(?:\s+of\s+(?:publication|release|issue|posting))?(?:\s+(?:of|for|on))?\b"
    r"|\bhow\s+(?:old|recent)\s+is\b"
    rf"|\b(?:(?:first|originally|actually)\s+)?(?:(?:get|got|been)\s+)?{_PUBLISHED}\b",
    re.I,
)
_PIECES = re.compile(r"\s*(?:\||[?!;:()]|\s[—–-]\s|[—–]|,)\s*")
_EDGE = r"(?:need|and|or|of|for|on|about|to|is|was|were|are|did|does|do|has|had|have|it|its|that|this|these|me|us|please|exactly|then|also|so|just|by|from|in|out|tell|give|show|name|find|know|what|what's|whats|i|you|first|originally|again)"
_LEADING_WORDS = re.compile(rf"^(?:{_EDGE}\b\s*)+", re.I)
_TRAILING_WORDS = re.compile(rf"(?:\s*\b{_EDGE})+$", re.I)
# "the articles", "all the documents in the collection": every article, not one.
_COLLECTIVE = re.compile(
    rf"^(?:(?:the|all|of|these|those|your|every|each|its|any)\s+)*(?:{_ARTICLES}|{_PLACE})(?:\s+(?:in|of)\s+(?:the\s+|your\s+)?{_PLACE})?$",
    re.I,
)
_BARE = re.compile(rf"^(?:(?:the|this|that|an?|your|one|it)\s+)*(?:{_ARTICLES}|one)?$", re.I)
_EXTREME = re.compile(
    rf"^(?:the\s+)?(?P<w>newest|latest|most\s+recent|oldest|earliest|first|last)\s+(?:one|{_ARTICLES})"
    rf"(?:\s+(?:in|of)\s+(?:the\s+|your\s+)?{_PLACE})?$",
    re.I,
)
# A person's articles: "anything by Aida Karimova", "Karimova's pieces", "did Bolat Sultanov write …".
_PERSON = r"(?P<s>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}?)"
_BY_PERSON = [
    re.compile(
        rf"\b(?:{_ARTICLES}|anything|something|everything|work|writing|contributions?)\s+"
        rf"(?:(?:written|authored|penned|published)\s+)?by\s+{_PERSON}(?:\s+(?:in|on|from|at)\s+(?:the\s+|your\s+)?{_PLACE})?\s*[?.!]*$",
        re.I,
    ),
    re.compile(
        rf"\b(?:did|has|have|does)\s+{_PERSON}\s+(?:ever\s+)?(?:write|written|author|authored|pen|penned|publish|published)"
        rf"(?:\s+(?:any|anything|something|an?|some)\b|\s*[?.!]*$)",
        re.I,
    ),
    re.compile(
        rf"^(?:(?:list|show|give|find|name)\s+(?:me\s+)?)?(?:all\s+)?(?:of\s+)?{_PERSON}['’]s?\s+(?:{_ARTICLES}|work|writing|contributions)\b",
        re.I,
    ),
]
_NOT_A_PERSON = re.compile(
    rf"^(?:the|a|an|this|that|these|those|you|your|it|them|him|her|anyone|someone|whom|one|each|all)\b|\b{_ARTICLES}$", re.I
)
# What may stay around a request for the list without making it a topic ("all the articles you have, with dates").
_LIST_FILLER = frozenset(
    """a an the all any every each of in on me us please can could would will you your yours i we our my what which whats
    are is there do does have has got hold holds contain contains available currently right now here this that these those
    stored ingested loaded indexed know ask about answer from search with their and or authors author dates date titles
    title list show give name tell how many number count catalog catalogue inventory index overview complete full entire
    whole need want like to see be it its so far total altogether order by chronological alphabetical s get sorted listed
    contents content kind kinds sort type types included include includes work draw rely set let newest latest most
    recent recently oldest earliest least first last one ones published written added released came come out was were
    when did year years since before after between during until ve ll re d m""".split()
)
_PERIOD_WORDS = re.compile(
    r"\b(?:in|during|since|before|after|until|between|from)\s+(?:(?:the\s+)?(?:year\s+)?)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d\d"
    r"(?:\s*(?:–|-|to|and|until|through)\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d\d)?\b",
    re.I,
)


def _loose(text: str) -> CollectionQuestion | None:
    """The collection question told by cues (see above), or None."""
    body = POLITE.sub("", text, count=1)
    if _CONTENT.search(body) or re.match(r"why\b", body, re.I):
        return None  # "Why do the authors of the paper doubt …?": what the article says, not its record
    # ("publication date", "release date": cues, not documents)
    named = _DOCUMENT.search(_AS_SOURCE.sub(" ", _CUE_WORDS.sub(" ", body))) or _QUOTED.search(body)
    author, date = _ASKS_AUTHOR.search(body), _ASKS_DATE.search(body)
    clauses = _CLAUSES.split(body)
    if len(clauses) > 1 and re.fullmatch(r"\s*when\s*[?.!]*\s*", clauses[-1], re.I):
        date = date or re.search("when", clauses[-1], re.I)  # "Who wrote X, and when?": its date too
        clauses = clauses[:-1]
    revised = _ASKS_REVISED.search(body)
    outlet = _ASKS_OUTLET.search(body)
    if any(
        not (_ASKS_AUTHOR.search(c) or _ASKS_DATE.search(c) or _ASKS_REVISED.search(c) or _ASKS_OUTLET.search(c))
        for c in clauses[1:]
    ):
        return None  # "Who wrote X, and why?": more than the records hold
    if named and revised and not author:  # "When was X published, and when was it updated?": the header's dates
        # (only the verb goes: the cue's own match may span the title, "When was the brief drafted")
        return _about_one("dates", re.sub(rf"\b(?:last\s+|most\s+recently\s+)?{_REVISED}\b", " ", body, flags=re.I))
    if named and not _leftover(body) and _names_many(body) and not (_NEWEST.search(body) or _OLDEST.search(body)):
        period = _PERIOD_WORDS.search(body)  # "Which articles came out in 2025?"
        return CollectionQuestion("list", loose=True, period=period.group() if period else "")
    if named and outlet and not author:  # "When and where was the piece on X published?"
        return _about_one("outlet_date" if date else "outlet", body)
    if named and date:
        return _about_one("author_date" if author else "date", body)
    for pattern in _BY_PERSON:
        if (match := pattern.search(body)) and not _NOT_A_PERSON.search(match["s"]):
            return CollectionQuestion("by_author", match["s"].strip(" .'’"), loose=True)
    if named and author:
        return _about_one("author", body)
    if not named or _leftover(body):
        return None  # "the newest article on drones": a topic, for the other answerers
    if _NEWEST.search(body):
        return CollectionQuestion("newest", loose=True)
    if _OLDEST.search(body):
        return CollectionQuestion("oldest", loose=True)
    return None


def _period_words(words: str) -> str:
    """A period as timelines.parse_period reads it: "2023 or earlier" is "until 2023", "2024 or later"
    "since 2024"; a day ("on 24 May 2025") stays as written (`CollectionAnswerer._published_in`)."""
    if either := re.match(r"^(?:in\s+)?(?P<y>(?:\w+\s+)?\d{4})\s+or\s+(?P<w>\w+)$", words.strip(), re.I):
        return ("until " if either["w"].lower() in ("earlier", "before") else "since ") + either["y"]
    return words.strip()


def _names_many(body: str) -> bool:
    """Whether ``body`` names the collection or documents in the plural ("What's in the report?" asks
    about one article, "What's in the library?" about all)."""
    return any(
        m.group().casefold().endswith("s") and not m.group().casefold().endswith("sis") or re.match(_PLACE, m.group(), re.I)
        for m in _DOCUMENT.finditer(body)
    ) or bool(re.search(r"\b(?:titles|sources)\b", body, re.I))


def _every(subject: str) -> bool:
    """Whether ``subject`` is every article ("the articles", "each piece"), not one ("the article")."""
    if _DOCUMENT.search(subject) and not _leftover(subject) and re.search(r"\b(?:each|every|all)\b", subject, re.I):
        return True  # "list every article you've got": nothing in it but the request for all of them
    return bool(_COLLECTIVE.match(subject)) and (
        _names_many(subject) or bool(re.search(r"\b(?:each|every|all)\b", subject, re.I))
    )


def _about_one(kind: str, body: str) -> CollectionQuestion | None:
    """An author or date question about the article ``body`` names: its subject, or the whole list
    when it names every article ("Who wrote each of the articles?"); None when it names none."""
    subject = loose_subject(body)
    if _every(subject):
        return CollectionQuestion("list", loose=True)
    if _BARE.match(subject):
        return None  # "Who wrote the article?": which one is for the conversation to say
    return CollectionQuestion(kind, subject, loose=True)


def loose_subject(body: str) -> str:
    """The article a question names once its cues are out: a quoted title as written, else the piece
    of the question between cues that names a document (the longest piece when none does), without
    the glue words at its edges. Works in any word order: "The brief on border guards: who wrote
    it?", "When did the interview on cyber threats come out?"."""
    if quoted := _QUOTED.search(body):
        return (quoted["q"] or quoted["r"]).strip()
    pieces = [_TRAILING_WORDS.sub("", _LEADING_WORDS.sub("", p)).strip() for p in _PIECES.split(_CUE_WORDS.sub(" | ", body))]
    pieces = [p for p in pieces if re.search(r"\w", p)]
    if not pieces:
        return ""
    documents = [p for p in pieces if _DOCUMENT.search(p)]
    return max(documents or pieces, key=len).rstrip(" .")


def _leftover(body: str) -> list[str]:
    """The words of a request for the list (or the newest) that are no part of such a request: a
    topic ("the newest article on drones"), so not a question about the collection as a whole."""
    words = re.findall(r"[^\W\d_]+", _PERIOD_WORDS.sub(" ", body).casefold())
    return [w for w in words if w not in _LIST_FILLER and not re.fullmatch(rf"{_ARTICLES}|{_PLACE}|sources?", w, re.I)]


def _tokens(text: str) -> list[str]:
    words = re.findall(r"\w+", text.casefold())
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _STOP]


def match_articles(subject: str, articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    """The articles whose title (or file name) best holds ``subject``'s words; [] when none holds enough."""
    wanted = set(_tokens(subject))
    if not wanted:
        return []
    scored = []
    for article in articles:
        have = set(_tokens(article.title)) | set(_tokens(re.sub(r"[_\-.]", " ", article.source.rsplit("/", 1)[-1])))
        share = len(wanted & have) / len(wanted)
        if share >= MIN_OVERLAP:
            scored.append((share, len(wanted & have) / max(len(have), 1), article))
    if not scored:
        return []
    best = max(s[:2] for s in scored)
    return [a for share, cover, a in scored if (share, cover) == best]


def _people(author: str) -> list[str]:
    """The people an article's author field names ("Nodira Yusupova and Emre Aksoy": two)."""
    return [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+(?:and|&)\s+", author or "") if p.strip()]


def _whole_title_match(subject: str, article: ArticleRecord) -> bool:
    return set(_tokens(subject)) <= set(_tokens(article.title))


def match_author(person: str, articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    wanted = {w for w in _tokens(person) if len(w) > 2}
    return [a for a in articles if a.author and wanted & set(_tokens(a.author))]


def _looks_like_a_name(words: str) -> bool:
    """Whether ``words`` are written as a person's name ("Dana Abenova"): then "no article is by
    them" is worth saying; "the ministry" or "anyone" is left to the other answerers."""
    return bool(words) and all(w[:1].isupper() for w in words.split())


# An article named by its date: "the piece published on 24 May 2025", "the brief dated 3 November 2023".
_DATED_SUBJECT = re.compile(
    rf"^(?:the |this |that |an? |one )?(?:[\w-]+ )?{_ARTICLES},? (?:that (?:was )?|which (?:was )?)?"
    rf"(?:published|dated|written|released|issued|posted|that came out) (?:on |in )?(?P<d>{_A_DATE})$",
    re.I,
)


def _day_of(words: str) -> dt.date | None:
    """The one day ``words`` name ("on 24 May 2025"), or None for a period or no date."""
    found = find_dates(words)
    if len(found) == 1 and found[0].year and found[0].month and found[0].day and found[0].until is None:
        try:
            return dt.date(found[0].year, found[0].month, found[0].day)
        except ValueError:
            return None
    return None


def _published_on(words: str, articles: list[ArticleRecord]) -> list[ArticleRecord]:
    """The articles published on the day, or in the month or year, ``words`` name."""
    if day := _day_of(words):
        return [a for a in articles if a.date == day.isoformat()]
    period = parse_period(f"in {words}" if words[:1].isdigit() or words[:1].isupper() else words)
    if period is None:
        return []
    return [a for a in articles if a.date and period.first <= _first_day(a.date) <= period.last]


def _first_day(date: str) -> dt.date:
    """An ISO date's first day ("2025-11" → 1 November 2025), for a period's bounds."""
    parts = [int(p) for p in date.split("-") if p.isdigit()] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return dt.date.min


def _date_forms(date: str) -> list[str]:
    """How an ISO date ``YYYY-MM[-DD]`` may be written on a date line."""
    parts = date.split("-")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        return [date] if date else []
    year, month = parts[0], MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return [f"{month} {year}"]
    day = int(parts[2])
    numeric = [f"{parts[2]}.{parts[1]}.{year}", f"{parts[2]}/{parts[1]}/{year}"]
    return [date, f"{month} {day}, {year}", f"{day} {month} {year}", *numeric]


def _on(date: str) -> str:
    return ("on " if date.count("-") == 2 else "in ") + human_date(date)


def _line_around(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


HEADER_WORDS = 20  # a line longer than this is prose: the header has ended
SENTENCE_WORDS = 8  # ... and so is a line of more words than this ending as a sentence does


def header_date_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines before the article's first paragraph of prose that state a date
    ("Published: 14.10.2025", "Updated: 16.10.2025 (corrects …)", "Posted 3 March | Edited 5 March")."""
    spans, at = [], 0
    for line in text[:3000].split("\n"):
        start, at = at, at + len(line) + 1
        words = len(line.split())
        if words > HEADER_WORDS or (words > SENTENCE_WORDS and line.rstrip().endswith((".", "!", "?"))):
            break
        if line.strip() and find_dates(line):
            spans.append(_line_around(text, start + len(line) - len(line.lstrip())))
    return spans


# A description → the articles it names (None: it names none); assistant/extracts.ArticleFinder.
Find = Callable[[str, Sequence[ArticleRecord]], "list[ArticleRecord] | None"]


class CollectionAnswerer:
    """Answers collection questions from ``store``'s article records; ``texts`` gives cleaned texts."""

    def __init__(self, store: Store, texts: Callable[[str], str], find: Find | None = None):
        self.store = store
        self.texts = texts
        # Titles are not all an article is known by ("the newsletter on Afghanistan" names one whose
        # title is its sender line): ``find`` reads a description against the articles' own sentences.
        self.find = find

    def answer(self, question: str) -> tuple[str, list[Citation]] | None:
        """The answer and its citations, or None when this is not a collection question (or one
        that may be about the articles' content, for the grounded answerer)."""
        return self.answer_to(recognise(question))

    def answer_to(self, asked: CollectionQuestion | None) -> tuple[str, list[Citation]] | None:
        """The answer to a collection question already read (by `recognise` or the kind model)."""
        if asked is None:
            return None
        articles = [a for a in self.store.articles(status="complete")]
        articles.sort(key=lambda a: a.source)
        self._cited: list[Citation] = []
        match asked.kind:
            case "list":
                if asked.period:
                    return self._published_in(asked.period, articles), self._cited
                return self._list(articles), self._cited
            case "newest" | "oldest":
                return self._extreme(articles, asked.kind), self._cited
            case "unsigned":
                return self._unsigned(articles), self._cited
            case "prolific":
                return self._prolific(articles), self._cited
            case "by_author":
                if asked.authors_only and not match_author(asked.subject, articles):
                    return None  # "What did Aliyev present?": not an author here, so a question for the articles
                if asked.loose and not match_author(asked.subject, articles) and not _looks_like_a_name(asked.subject):
                    return None  # "anything by the ministry": not a person of the collection
                return self._by_author(asked.subject, articles), self._cited
        if extreme := _EXTREME.match(asked.subject):  # "Who wrote the latest article?"
            dated = sorted((a for a in articles if a.date), key=lambda a: a.date)
            last = extreme["w"].casefold() in ("newest", "latest", "most recent", "last")
            found = [a for a in dated if dated and a.date == (dated[-1] if last else dated[0]).date]
        elif dated := _DATED_SUBJECT.match(asked.subject):  # "the piece published on 24 May 2025"
            found = _published_on(dated["d"], articles)
        elif asked.claim:
            found = (self.find(asked.subject, articles) or []) if self.find is not None else []
            if not found:
                return f"No article says that {asked.claim.rstrip('.')}.", self._cited
        elif asked.event_verb and not _NAMES_ARTICLE.search(asked.subject):
            # "Who runs the OTS secretariat?": an article only if its title holds every word of the subject
            found = [a for a in match_articles(asked.subject, articles) if _whole_title_match(asked.subject, a)]
            if not found:
                return None
        else:
            found = match_articles(asked.subject, articles)
        if not found and self.find is not None and not extreme:
            found = self.find(asked.subject, articles) or []
        if not found:
            if (asked.kind in ("author", "outlet", "outlet_date") or asked.loose) and not _NAMES_ARTICLE.search(asked.subject):
                return None
            return self._no_match(asked.subject, articles), self._cited
        if asked.kind == "author_date":
            parts = [f"{self._name(a)} {self._author_and_date(a)}." for a in found]
        elif asked.kind in ("outlet", "outlet_date"):
            parts = [self._outlet(a, with_date=asked.kind == "outlet_date") for a in found]
        elif asked.kind == "dates":
            parts = [self._dates(a) for a in found]
        elif asked.kind == "author":
            parts = [
                f"{self._name(a)} was written by {a.author} [{self._cite(a, 'author')}]."
                if a.author
                else f"{self._name(a)} names no author [{self._cite(a, 'title')}]."
                for a in found
            ]
        else:
            parts = [
                f"{self._name(a)} was published {_on(a.date)} [{self._cite(a, 'date')}]."
                if a.date
                else f"{self._name(a)} gives no publication date [{self._cite(a, 'title')}]."
                for a in found
            ]
        return " ".join(parts), self._cited

    # The kinds

    def _author_and_date(self, article: ArticleRecord) -> str:
        """Both records of one article, in one sentence cited once (to its byline, else its date line)."""
        by = f"was written by {article.author}" if article.author else "names no author"
        when = f"published {_on(article.date)}" if article.date else "gives no publication date"
        joined = (
            f"{by} and was {when}"
            if article.author and article.date
            else f"{by}; it {when}"
            if article.date
            else f"{by} and {when}"
        )
        return f"{joined} [{self._cite(article, 'author' if article.author else 'date')}]"

    def _outlet(self, article: ArticleRecord, with_date: bool) -> str:
        """Where the article appeared (its publication: a page's site name, a header's outlet line), and
        when if asked; what the records lack is said, with the author when they name one instead."""
        when = f" {_on(article.date)}" if with_date and article.date else ""
        if article.publication:
            text = f"{self._name(article)} appeared in {article.publication}{when} [{self._cite(article, 'publication')}]."
        else:
            by = f"; it was written by {article.author}" if article.author else ""
            text = (
                f"{self._name(article)} names no outlet it appeared in{by} [{self._cite(article, 'author' if by else 'title')}]."
            )
            if with_date:
                text += f" It was published {_on(article.date)}." if article.date else " It gives no publication date."
        if with_date and article.publication and not article.date:
            text += " It gives no publication date."
        return text

    def _dates(self, article: ArticleRecord) -> str:
        """Its publication date and every other date its header gives ("Updated: 16.10.2025 (corrects …)"),
        each header line quoted: the records keep one date, the header may say when it was revised."""
        text = self.texts(article.doc_id) or ""
        published = (
            f"{self._name(article)} was published {_on(article.date)} [{self._cite(article, 'date')}]."
            if article.date
            else f"{self._name(article)} gives no publication date [{self._cite(article, 'title')}]."
        )
        cited = {(c.start, c.end) for c in self._cited}
        others = [span for span in header_date_lines(text) if span not in cited]
        if not others:
            return f"{published} Its header gives no other date."
        quoted = "; ".join(f"“{text[a:b]}” [{self._cite_line(article, a, b)}]" for a, b in others)
        return f"{published} Its header also reads {quoted}."

    def _published_in(self, words: str, articles: list[ArticleRecord]) -> str:
        """The articles published in a period ("Which articles came out in 2025?"), oldest first."""
        period = parse_period(words)
        if day := _day_of(words):
            period = Period(day, day, f"on {human_date(day.isoformat())}")
        elif period is not None and (bound := re.match(r"^(until|since) (.+)$", period.text)):
            period = replace(period, text=f"in {bound[2]} or {'earlier' if bound[1] == 'until' else 'later'}")
        if period is None:
            return self._list(articles)
        inside = sorted(
            (a for a in articles if a.date and period.first <= _first_day(a.date) <= period.last), key=lambda a: a.date
        )
        if not inside:
            return f"No article in the collection was published {period.text}; " + self._list(articles)
        count = f"{len(inside)} article{'s' if len(inside) != 1 else ''}"
        lines = [f"{count} in the collection {'were' if len(inside) != 1 else 'was'} published {period.text}:"]
        lines += [f"{i}. {self._line(a)} [{self._cite(a, 'date')}]" for i, a in enumerate(inside, 1)]
        return "\n".join(lines)

    def _unsigned(self, articles: list[ArticleRecord]) -> str:
        """The articles that name no author ("Which article has no byline?")."""
        unsigned = [a for a in articles if not a.author]
        if not unsigned:
            return f"Every article in the collection names its author; {self._list(articles)}"
        count = f"{len(unsigned)} of the {len(articles)} articles name{'s' if len(unsigned) == 1 else ''} no author:"
        return "\n".join([count] + [f"{i}. {self._line(a)} [{self._cite(a, 'title')}]" for i, a in enumerate(unsigned, 1)])

    def _prolific(self, articles: list[ArticleRecord]) -> str:
        """Who wrote the most articles: the authors of the most, each with their articles cited to the byline."""
        written: dict[str, list[ArticleRecord]] = {}
        for article in articles:
            for person in _people(article.author):
                written.setdefault(person, []).append(article)
        if not written:
            return "No article in the collection names its author."
        most = max(len(found) for found in written.values())
        top = sorted(person for person, found in written.items() if len(found) == most)
        unsigned = sum(1 for a in articles if not a.author)
        lines = []
        for person in top:
            titles = "; ".join(f"{self._name(a)} [{self._cite(a, 'author')}]" for a in written[person])
            lines.append(f"{person} wrote {most} article{'s' if most != 1 else ''}: {titles}.")
        if most == 1:
            intro = f"No author wrote more than one article; the {len(written)} authors each wrote one."
            verb = "names" if unsigned == 1 else "name"
            return intro + (f" ({unsigned} of the {len(articles)} articles {verb} no author.)" if unsigned else "")
        if len(top) > 1:
            lines.insert(0, f"{len(top)} authors wrote {most} articles each:")
        return "\n".join(lines)

    def articles_listed(self, language: str) -> tuple[str, list[Citation]]:
        """The list of articles asked for in another language than English ("Какие статьи есть в коллекции?"):
        its heading in that language, each article as its header gives it (title — author, date), cited to its
        title line."""
        articles = sorted(self.store.articles(status="complete"), key=lambda a: a.source)
        self._cited = []
        if not articles:
            return say("store_empty", language), []
        heading = say("holdings_one", language) if len(articles) == 1 else say("holdings", language)
        lines = [heading.format(n=len(articles), span="")]
        for i, article in enumerate(articles, 1):
            credit = ", ".join(part for part in (article.author, human_date(article.date) if article.date else "") if part)
            lines.append(f"{i}. {self._name(article)}{f' — {credit}' if credit else ''} [{self._cite(article, 'title')}]")
        return "\n".join(lines), self._cited

    def _list(self, articles: list[ArticleRecord]) -> str:
        if not articles:
            return "The collection has no articles yet."
        lines = [f"The collection has {len(articles)} article{'s' if len(articles) != 1 else ''}:"]
        lines += [f"{i}. {self._line(a)} [{self._cite(a, 'title')}]" for i, a in enumerate(articles, 1)]
        return "\n".join(lines)

    def _extreme(self, articles: list[ArticleRecord], kind: str) -> str:
        dated = sorted((a for a in articles if a.date), key=lambda a: a.date)
        if not dated:
            return "No article in the collection gives a publication date."
        best = dated[-1] if kind == "newest" else dated[0]
        ties = [a for a in dated if a.date == best.date]
        word = "newest" if kind == "newest" else "oldest"
        text = " ".join(f"The {word} article is {self._line(a)} [{self._cite(a, 'date')}]." for a in ties)
        if undated := len(articles) - len(dated):
            text += f" ({undated} of the {len(articles)} articles give no date.)"
        return text

    def _by_author(self, person: str, articles: list[ArticleRecord]) -> str:
        found = match_author(person, articles)
        if not found:
            authors = sorted({a.author for a in articles if a.author})
            named = "; ".join(authors) if authors else "none is named"
            return f"No article is by '{person}'; the authors in the collection: {named}."
        items = "; ".join(
            f"{self._name(a)}{f' ({human_date(a.date)})' if a.date else ''} [{self._cite(a, 'author')}]" for a in found
        )
        count = f"{len(found)} article{'s' if len(found) != 1 else ''}"
        return f"{found[0].author if len(found) == 1 else person} wrote {count}: {items}."

    def _no_match(self, subject: str, articles: list[ArticleRecord]) -> str:
        listed = "; ".join(self._name(a) for a in articles) or "no articles"
        return f"No article matches '{subject}'; the collection has: {listed}."

    # Wording and citations

    @staticmethod
    def _name(article: ArticleRecord) -> str:
        return f"“{article.title or article.source.rsplit('/', 1)[-1]}”"

    def _line(self, article: ArticleRecord) -> str:
        by = f" by {article.author}" if article.author else ""
        when = f", {human_date(article.date)}" if article.date else ""
        return f"{self._name(article)}{by}{when}"

    def _cite(self, article: ArticleRecord, field: str) -> int:
        """Cite ``article`` (once per answer) to its ``field``'s header line, else its opening sentence."""
        for citation in self._cited:
            if citation.passage.doc_id == article.doc_id:
                return citation.n
        text = self.texts(article.doc_id) or ""
        span = self._header_span(article, field, text)
        if span is None:
            opening = split_sentences(text, 0, min(len(text), 2000))
            span = opening[0] if opening else (0, 0)
        return self._cite_line(article, *span, role="lead")

    def _cite_line(self, article: ArticleRecord, start: int, end: int, role: str = "next") -> int:
        """Cite ``article``'s text[start:end] (its header line, or one more of them: a second date line),
        exact with offsets, in the stored passage holding it (else a passage of just that line)."""
        text = self.texts(article.doc_id) or ""
        passage = self._chunk_around(article, start, end) or Passage(
            rank=len(self._cited) + 1,
            doc_id=article.doc_id,
            source=article.source,
            chunk_id=chunk_id(article.doc_id, 0),
            text=text[start:end],
            score=1.0,
            start=start,
            end=end,
            title=article.title,
            author=article.author,
            date=article.date,
            title_source=article.title_source,
        )
        self._cited.append(Citation(len(self._cited) + 1, passage, text[start:end], start, end, role))
        return len(self._cited)

    def _chunk_around(self, article: ArticleRecord, start: int, end: int) -> Passage | None:
        """The stored passage holding the cited line, as retrieval would show it (the UI marks the line in it)."""
        chunks = [
            c for c in self.store.passages.of_article(article.doc_id) if c.kind == "body" and c.start <= start and end <= c.end
        ]
        if not chunks:
            return None
        return passage_from_record(min(chunks, key=lambda c: c.start), rank=len(self._cited) + 1, score=1.0)

    @staticmethod
    def _header_span(article: ArticleRecord, field: str, text: str) -> tuple[int, int] | None:
        """The line of ``text`` holding ``field`` (the title, the byline or the date), if it kept one."""
        title = [article.title] if article.title_source in ("header", "file", "override") else []
        needles = {
            "publication": ([article.publication] if article.publication else []) + title,
            "title": title,
            "author": ([article.author] if article.author else []) + title,
            "date": _date_forms(article.date) + title,
        }[field]
        folded = text.casefold()  # "By TIMUR ABENOV" is the byline of Timur Abenov
        for needle in needles:
            if needle and (at := folded.find(needle.casefold())) >= 0:
                return _line_around(text, at)
        return None


__all__ = ["CollectionAnswerer", "CollectionQuestion", "match_articles", "match_author", "recognise"]
