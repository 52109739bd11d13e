"""Follow-up questions resolved from the conversation, without a language model.

A turn like "Which of them was a naval exercise?" or "What did he report?" names nothing to search
for. When a question leans on context (pronouns, "and …", "which of …", very few content words), the
retrieval query becomes the question followed by the earlier questions it leans on, so both BM25
and the embedding see the topic. The question itself still decides which sentences answer it.

A turn that only names another party or year ("and Azerbaijan?", "what about 2024?") asks the last
question again about it: `elliptical` writes that question out ("When did the Kazakh government approve
the agreement?" then "and azerbaijan?" is "When did the Azerbaijan government approve the agreement?"),
by putting the new name in place of the earlier question's name of the same kind (a country, capital or
people of the lexicon's name groups; a year). Then that question is answered as if asked, so its words
choose the sentences and its names are checked by the confidence like any other question's.
"""

from __future__ import annotations

import re

from otsqa.text import terms

_LEANING = re.compile(
    r"\b(?:it|its|they|them|their|theirs|he|him|his|she|her|hers|this|that|these|those|there|then|"
    r"former|latter|which of|what about|how about|same|such|one|ones|others?|else|"
    # "the next round", "both sides", "the previous meeting": a thing the conversation has already named
    r"next|previous|both|either|neither|rest|remaining)\b|^(?:and|also|so|but|what else)\b",
    re.IGNORECASE,
)


# "and azerbaijan?", "What about Kyrgyzstan?", "how about in 2024?", "And for Türkiye?"
_ONLY_NAMES = re.compile(
    r"^\s*(?:and|or|what about|how about|and what about|what of|same for|and the same for)\s+(?:for\s+|in\s+|of\s+)?"
    r"(?P<name>[^?.!,;]{2,40}?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def resolve_followup(
    question: str, history: list[dict[str, str]], same_name: dict[str, tuple[str, ...]]
) -> tuple[str, list[dict[str, str]]]:
    """The question to answer and the turns it still leans on: an elliptical turn written out (`elliptical`)
    leans on what the question it repeats leaned on; any other turn is itself, after the whole history."""
    if (written := elliptical(question, history, same_name)) is not None:
        return written, history[:-1]
    return question, history


def elliptical(question: str, history: list[dict[str, str]], same_name: dict[str, tuple[str, ...]]) -> str | None:
    """The last question asked again about the party or year a turn names alone ("and azerbaijan?"), or
    None when the turn is no such question or the last one names nothing of the same kind to replace.
    ``same_name``: the lexicon's name groups by form (assistant/lexicon.py)."""
    match = _ONLY_NAMES.match(question)
    if match is None or not history:
        return None
    name = re.sub(r"^the\s+", "", match["name"].strip(), flags=re.IGNORECASE)
    previous = history[-1]["question"]
    if _YEAR.fullmatch(name):
        years = list(_YEAR.finditer(previous))
        if not years:
            return None
        last = years[-1]
        return previous[: last.start()] + name + previous[last.end() :]
    group = same_name.get(name.casefold())
    if group is None:
        return None
    # the earlier question's last name of another group: "Kazakh" (of Kazakhstan) in "When did the Kazakh
    # government approve …?", "Saudi Arabia" whole; a name of the same group is no other party ("and Astana?"
    # after "Kazakhstan")
    spans = [
        (m.start(), m.end())
        for form, other in same_name.items()
        if other != group and " " in form
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", previous, re.IGNORECASE)
    ]
    spans += [
        (m.start(), m.end())
        for m in re.finditer(r"[^\W\d_]+", previous)
        if _group(m.group().casefold(), same_name) not in (None, group)
    ]
    if not spans:
        return None
    start, end = max(spans, key=lambda span: (span[0], span[1]))
    if any(a < start < b for a, b in spans):  # "Arabia" inside "Saudi Arabia": the whole name goes
        start, end = max(((a, b) for a, b in spans if a < start < b), key=lambda span: span[1] - span[0])
    said = name[:1].upper() + name[1:]
    return previous[:start] + said + previous[end:]


def _group(word: str, same_name: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    """The name group of ``word``, or of a form it begins or ends as a people's adjective ("kazakh" of
    "kazakhstan", "azerbaijani" of "azerbaijan"): five letters at least in common."""
    if word in same_name:
        return same_name[word]
    if len(word) >= 5:
        for form, group in same_name.items():
            if len(form) >= 5 and (form.startswith(word) or word.startswith(form)):
                return group
    return None


def leans_on_context(question: str) -> bool:
    return bool(_LEANING.search(question)) or len(terms(question)) <= 2


def retrieval_query(question: str, history: list[dict[str, str]]) -> str:
    """The text to retrieve with: the question, plus the turns it depends on (newest first)."""
    if not history or not leans_on_context(question):
        return question
    parts = [question]
    for turn in reversed(history[-3:]):
        parts.append(turn["question"])
        if not leans_on_context(turn["question"]):
            break  # this turn names its own topic; older ones are not needed
    return " ".join(parts)
