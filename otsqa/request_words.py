"""The words a request beyond a single fact is made of, and what is left once they are out: its subject.

"cyber threats - how does each article treat them? compare" is a comparison on "cyber threats"; "what
went on in 2023? I'm tracking the year" is a timeline of a period with no topic. The answerers read a
subject by these words when no whole-question pattern gave one, in any word order.
"""

from __future__ import annotations

import re

# The words a request beyond a single fact is made of, never its subject. English function words, the
# kinds' cue words and the words for a document: language, not knowledge of any collection.
_GLUE = """a an the of on in at to for from by with about regarding concerning over across between among and or
    vs versus as into onto than then so such that this these those it its they them their there here what which who
    whom whose when where why how is are was were be been being do does did done has have had can could would will
    should may might must shall i me my we us our you your he she his her one ones each both all any every some more
    i'm i've i'd i'll we're we've you're you've it's that's what's whats who's where's there's let's im ive
    most very just also only really exactly please thanks pls plz kindly hi hello hey ok okay if whether not no yes
    him don't doesn't didn't isn't aren't wasn't weren't won't can't dont doesnt didnt""".split()
_FRAMING = """tell show give get find need want like love looking look help let know see wonder wondering curious keep make
    briefing writing prepare preparing tracking track following follow interested note memo quick question quickly
    short shortly brief briefly long detail details
    detailed full complete whole overall general nutshell words sentences lines bullet bullets points point put next
    other side sides together alongside against essentials essential condensed version""".split()
_DOCUMENT_NOUNS = """article articles piece pieces report reports source sources item items doc docs document documents
    text texts story stories paper papers op-ed op-eds oped commentary commentaries analysis analyses feature features
    factsheet factsheets brief briefs newsletter post posts""".split()
_DOCUMENTS = (
    _DOCUMENT_NOUNS
    + """reporting fact sheet sheets wire collection corpus library material coverage covered
    cover covers author authors writer writers title titles wrote write writes written penned authored published publish
    anything everything something work works contributions contribution""".split()
)
_CUES = """timeline timelines timline chronology chronological chronologically chronicle sequence order ordered
    dates dated date key events event happened happen happening occurred took place went history historical evolution
    evolve evolved evolving develop developed development developments progress progressed progression milestones
    milestone trajectory course steps step year-by-year time over through since year years month months period
    compare compared comparing comparison contrast contrasting differ differs differed difference differences
    different differently disagree disagrees disagreement agree agrees agreement same similar similarly similarity
    views view position positions stance stances take takes framing frame frames framed portray portrays portrayed
    account accounts perspective perspectives narrative narratives interpretation interpretations
    portrayal treat treats treated treatment say says said saying argue argues argued argument arguments claim claims
    summary summaries summarise summarize summarised summarized summarising summarizing sum up recap gist overview
    overviews tl dr tldr takeaways takeaway main central core thesis rundown synopsis digest highlights outline
    break down walk through explain describe discuss discusses discussed discussing mention mentions mentioned
    address addresses addressed deal deals""".split()
_DROP = frozenset(w.casefold() for w in _GLUE + _FRAMING + _DOCUMENTS + _CUES)
_WORD = re.compile(r"[^\W_][\w'’./-]*[\w]|[^\W_]")  # "FIN-INT/25-11" is one word
_POSSESSIVE = re.compile(r"['’]s?$")


def subject_words(text: str, keep_years: bool = False) -> str:
    """``text`` without the words a request is made of: what it is about, in the order written."""
    kept = []
    for word in _WORD.findall(text):
        bare = _POSSESSIVE.sub("", word)
        if bare.replace("’", "'").casefold() in _DROP or (not keep_years and re.fullmatch(r"(?:19|20)\d\d", bare)):
            continue
        kept.append(bare)
    return " ".join(kept)


# Words by which a comparison is of the articles (their views, their coverage, what they say), not of
# two things in the world: "How does the CSTO differ from NATO?" is a single fact.
ABOUT_ARTICLES = re.compile(
    r"\b(?:articles?|pieces?|sources?|reports?|reporting|authors?|writers?|coverage|texts?|docs?|documents?|items?|stories"
    r"|story|papers?|commentar(?:y|ies)|analys[ie]s|op-eds?|briefs?|factsheets?|they|their|them|views?|viewpoints?"
    r"|portray\w*|depict\w*|fram\w*|perspectives?|takes?|stances?|positions?|each|both|vs\.?|versus|accounts?|narratives?"
    r"|say|says|said|write|wrote|argue\w*|treat\w*|cover\w*|describ\w*|characteri[sz]\w*|present\w*)\b",
    re.I,
)

# A word for one of the articles: where it is said, the words around it name an article.
DOCUMENT_WORD = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _DOCUMENT_NOUNS), key=len, reverse=True)) + r")\b", re.I)

# What an article is said to claim ("the op-ed that says …", "which author argues that …", "the piece
# arguing …"): a verb of saying before the claim, in the present, the past or as a participle.
CLAIM_VERBS = (
    r"(?:says?|said|argues?|argued|claims?|claimed|contends?|writes?|wrote|notes?|noted|warns?|warned|suggests?|"
    r"suggested|insists?|maintains?|concludes?|concluded|believes?|thinks?|calls?|called|describes?|described|"
    r"predicts?|predicted|proposes?|proposed|recommends?|recommended|points? out|makes? the (?:case|point))"
)
CLAIMING = r"(?:saying|arguing|claiming|contending|warning|suggesting|insisting|concluding|predicting|proposing|recommending)"
