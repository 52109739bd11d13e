"""The answer's own words in the question's language (issue 24, point 1): the abstention sentence, what
introduces the closest quotes, the sources' label. The quotes themselves stay as the articles wrote them.
The words are data (otsqa/messages.json); a language or key it lacks falls back to English."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

MESSAGES_PATH = Path(__file__).with_name("messages.json")


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """Every language's words (the widget gets them whole)."""
    data = json.loads(MESSAGES_PATH.read_text(encoding="utf-8"))
    return {lang: words for lang, words in data.items() if not lang.startswith("_")}


def say(key: str, language: str = "en") -> str:
    """The words for ``key`` in ``language``; English when that language has none."""
    table = messages()
    return table.get(language, {}).get(key) or table["en"][key]


def abstention_prefixes() -> tuple[str, ...]:
    """How an abstention begins in any language: an answer is an abstention when its text starts so."""
    return tuple(words["abstain"] for words in messages().values())
