"""Russian typed in Latin letters, read back in Cyrillic (issue 24: "transliterated questions are handled").

Analysts on a keyboard without Cyrillic write "Kogda i gde proshel 12-y sammit?". No model here reads that:
MiniLM hears names only, and multilingual-e5 was trained on Cyrillic Russian. Its words tell it apart from
the Latin-script languages the assistant reads (otsqa/translit.json: at least ``least_words`` of them, none
shared with English, Turkish, Azerbaijani or Uzbek), and the informal spelling is regular enough to read
back letter by letter ("kh" х, "zh" ж, "ts" ц, "y" й after a vowel else ы). The reading need not be
perfect: the question is embedded, not shown as a quote. Names in it come out Cyrillic as the articles in
Russian write them ("Gabale" → "Габале"). Ground floor: imports nothing of ours.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

TRANSLIT_PATH = Path(__file__).with_name("translit.json")
_WORD = re.compile(r"[A-Za-z'’]+")


@lru_cache(maxsize=2)
def _russian(path: Path = TRANSLIT_PATH) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))["ru"]
    return data | {"words": frozenset(w.casefold() for w in data["words"])}


def is_russian_in_latin(text: str) -> bool:
    """Whether ``text`` is Russian written in Latin letters: enough of its words are transliterated Russian
    ones and it has no Cyrillic or letters outside plain ASCII Latin (Turkish "ı", Azerbaijani "ə")."""
    if any(ord(ch) > 127 and ch.isalpha() for ch in text):
        return False
    data = _russian()
    found = {w.casefold().strip("'’") for w in _WORD.findall(text)} & data["words"]
    return len(found) >= data["least_words"]


def russian_from_latin(text: str) -> str | None:
    """The Cyrillic reading of ``text`` when it is Russian in Latin letters, else None. Digits, punctuation
    and anything not a Latin letter are kept as they are ("12-y" → "12-й")."""
    if not is_russian_in_latin(text):
        return None
    data = _russian()
    rules = sorted(data["rules"], key=lambda r: -len(r[0]))
    vowels = set(data["vowels"])
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        low = text[i:].casefold()
        if low[0] == "y" and not any(low.startswith(latin) for latin, _ in rules if latin[0] == "y" and len(latin) > 1):
            before = text[i - 1].casefold() if i else ""
            # "kakoy" какой, "Azerbaydzhan" Азербайджан, "12-y" 12-й; "sovmestnykh" совместных
            cyrillic = data["y_after_vowel"] if (before in vowels or not before.isalpha()) else data["y_otherwise"]
            out.append(cyrillic.upper() if ch.isupper() else cyrillic)
            i += 1
            continue
        for latin, cyrillic in rules:
            if low.startswith(latin):
                out.append(cyrillic.capitalize() if ch.isupper() else cyrillic)
                i += len(latin)
                break
        else:
            out.append(ch)
            i += 1
    return "".join(out)
