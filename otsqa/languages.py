"""Which of the region's languages a question is written in (issue 24), from its letters and words.

No model: a question is a dozen words, the six languages the analysts use differ in script (Cyrillic
for Russian, Kazakh and Uzbek in Cyrillic; Latin for English, Turkish, Azerbaijani and Uzbek in Latin),
in letters only one of them writes (Azerbaijani "ə", Kazakh "ә ң ө ұ ү һ і", Uzbek "ʻ", "ў", "ҳ") and in
their question and function words. The letters and words are data (otsqa/languages.json). A question
nothing marks is English, the articles' language: the answerer's English path is the measured one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

LANGUAGES_PATH = Path(__file__).with_name("languages.json")
ENGLISH = "en"
_WORD = re.compile(r"[^\W\d_]+(?:[ʻ'’][^\W\d_]+)*")


@lru_cache(maxsize=4)
def _profiles(path: Path = LANGUAGES_PATH) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))["languages"]
    return {
        code: {
            "script": p["script"],
            "letters": set(p["letters"]),
            "alone": set(p.get("letters_alone", "")),
            "words": {w.casefold() for w in p["words"]},
        }
        for code, p in data.items()
    }


QUESTION_WORDS_PATH = Path(__file__).with_name("question_words.json")


@lru_cache(maxsize=4)
def question_words(path: Path = QUESTION_WORDS_PATH) -> dict[str, dict[str, re.Pattern[str]]]:
    """Per language other than English, what its questions ask for: kind (day, number, date, person,
    place, and "ahead" for a question about what is still to come) → a pattern of its question words, in
    the order they are tried (question_words.json)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        language: {kind: re.compile(pattern, re.I) for kind, pattern in kinds.items()}
        for language, kinds in data.items()
        if not language.startswith("_")
    }


REQUESTS_PATH = Path(__file__).with_name("requests.json")


@lru_cache(maxsize=4)
def _list_requests(path: Path = REQUESTS_PATH) -> dict[str, re.Pattern[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))["list_articles"]
    return {language: re.compile(pattern, re.I) for language, pattern in data.items()}


def asks_for_articles(question: str, language: str) -> bool:
    """Whether ``question``, in ``language`` (not English: the kinds' own patterns read that), asks which
    articles the collection holds ("Какие статьи есть в коллекции?", "Koleksiyonda hangi makaleler var?";
    otsqa/requests.json)."""
    pattern = _list_requests().get(language)
    return pattern is not None and pattern.search(" ".join(question.split())) is not None


def unreadable(text: str) -> bool:
    """Whether ``text`` is written mostly in a script no model here reads (neither Latin nor Cyrillic:
    Chinese, Arabic, Greek …): such a question is told which languages are read, not answered."""
    letters = [ch for ch in text if ch.isalpha()]
    other = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith(("LATIN", "CYRILLIC")))
    return bool(letters) and 2 * other > len(letters)


def languages() -> list[str]:
    """The codes `detect` can answer."""
    return list(_profiles())


def _script(text: str) -> str:
    cyrillic = latin = 0
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            cyrillic += name.startswith("CYRILLIC")
            latin += name.startswith("LATIN")
    return "Cyrillic" if cyrillic > latin else "Latin"


@lru_cache(maxsize=512)
def detect(text: str) -> str:
    """The language code of ``text`` (en, tr, az, uz, ru, kk, uz-Cyrl); English when nothing tells.
    Cached: the router, the retriever, the candidates and the confidence each ask it of one question."""
    profiles = _profiles()
    script = _script(text)
    words = [w.casefold().replace("'", "ʻ").replace("’", "ʻ") for w in _WORD.findall(text)]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
    letters = set(text)
    best, best_score = ENGLISH if script == "Latin" else "ru", 0.0
    for code, profile in profiles.items():
        if profile["script"] != script:
            continue
        vocabulary = profile["words"] | {w.replace("'", "ʻ") for w in profile["words"]}
        score = sum(1.0 for w in words + pairs if w in vocabulary)
        # A letter only this language writes outweighs any number of shared function words.
        score += 3.0 * len(letters & profile["letters"])
        if score > best_score:
            best, best_score = code, score
    if best_score == 0:
        # No listed word of any language: letters English never writes, in a word that is no name, still tell
        # ("… Semerkant'taki ortak merkeze gönderecek."). A line of English may list names alone ("Member
        # countries: Azerbaijan, Türkiye, Uzbekistan"), but its own words are English.
        common = {ch for w in _WORD.findall(text) if w[:1].islower() for ch in w}
        best = next((code for code, p in profiles.items() if p["script"] == script and common & p["alone"]), best)
    return best
