"""Follow-up questions resolved from the conversation, without a language model.

A turn like "Which of them was a naval exercise?" or "What did he report?" names nothing to search
for. When a question leans on context (pronouns, "and …", "which of …", very few content words), the
retrieval query becomes the question followed by the earlier questions it leans on, so both BM25
and the embedding see the topic. The question itself still decides which sentences answer it.
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
