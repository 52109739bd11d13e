"""What the grounded answerer knows about the world, kept as data instead of code.

`assistant/lexicon.json` lists which words are countries, which words head an organisation's name,
which capitalised words name institutions rather than people or places, which endings make a
capitalised word an adjective, and which names mean the same country (its adjectives and capital:
"Ankara's position" is Türkiye's). A deployment whose articles name other countries, bodies or
capitals extends it with a file of its own (`OTSQA_LEXICON_PATH`, the same keys): its lists are added
to these, and a name group sharing a name with another is merged into it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from otsqa.errors import ConfigError

LEXICON_PATH = Path(__file__).with_name("lexicon.json")
_LISTS = ("countries", "organisation_heads", "institutional", "adjective_endings", "series_nouns", "not_people")
_GROUPS = ("name_groups", "counted_alike")


@dataclass(frozen=True)
class Lexicon:
    countries: frozenset[str]
    organisation_heads: frozenset[str]  # "Service" in "State Security Service"
    institutional: frozenset[str]  # capitalised words that never name a person or a place
    adjective_endings: tuple[str, ...]  # "Turkic", "Kazakhstani": a capitalised adjective, not a place
    name_groups: tuple[tuple[str, ...], ...]
    # Words that count the same things: "how many returnees" is answered by "45 people", "how many kids"
    # by "1,600 children", "how many dead" by "133 killed".
    counted_alike: tuple[tuple[str, ...], ...] = ()
    # What comes in a numbered series of events: "the sixth meeting" names one of them.
    series_nouns: frozenset[str] = frozenset()
    # Words that make a run of capitalised words a body, a building or a document, not a person
    # ("the National Library", "Turkish Aerospace Industries"): a "who" question's answer is never one.
    not_people: frozenset[str] = frozenset()
    # Families of the stages an event passes through, each stage the words that say it: (("signed", …),
    # ("ratified", …), ("entered into force", …)). A question about one stage is not answered by another's date.
    event_stages: tuple[tuple[tuple[str, ...], ...], ...] = ()
    same_name: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    # The names of groups that also give a Cyrillic name: the region's languages' names are listed there
    # (Russian, Turkish, Kazakh …), so such a name can be looked for in an article in another language.
    multilingual: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "same_name", {form: group for group in self.name_groups for form in group})
        cyrillic = [group for group in self.name_groups if any("\u0400" <= ch <= "\u04ff" for form in group for ch in form)]
        object.__setattr__(self, "multilingual", frozenset(form for group in cyrillic for form in group))

    def is_adjective(self, word: str) -> bool:
        """Whether a capitalised ``word`` describes rather than names ("Turkic", "Russian", "Azerbaijani").
        A known country or a name of one (a capital) never is; a word ending in "i" is one only when the
        rest is a country ("Iraqi", "Israeli"), so "Tbilisi", "Helsinki" and "Dubai" stay places."""
        lower = word.lower().removesuffix("’s").removesuffix("'s")
        if lower in self.countries or lower in self.same_name:
            return False
        return lower.endswith(self.adjective_endings) or (lower.endswith("i") and lower[:-1] in self.countries)

    def countries_in(self, words: list[str]) -> list[str]:
        """The countries a run of lower-case words names: single words ("russia") and names of several
        words ("united states", "saudi arabia") alike."""
        found = [w for w in words if w in self.countries]
        joined = f" {' '.join(words)} "
        return found + [c for c in self.countries if " " in c and f" {c} " in joined]


def load_lexicon(extra: Path | None = None) -> Lexicon:
    """The bundled lexicon, extended by ``extra`` (a deployment's own file) when given."""
    return _load(str(extra) if extra else None)


@lru_cache(maxsize=8)  # read once per process: every answerer of a configuration shares it
def _load(extra: str | None) -> Lexicon:
    data = _read(LEXICON_PATH)
    if extra:
        more = _read(Path(extra))
        for key in _LISTS:
            data[key] = list(data[key]) + list(more.get(key, []))
        data["name_groups"] = _merged(list(data["name_groups"]) + list(more.get("name_groups", [])))
        data["counted_alike"] = _merged(list(data.get("counted_alike", [])) + list(more.get("counted_alike", [])))
        data["event_stages"] = list(data.get("event_stages", [])) + list(more.get("event_stages", []))
    return Lexicon(
        countries=frozenset(w.lower() for w in data["countries"]),
        organisation_heads=frozenset(w.lower() for w in data["organisation_heads"]),
        institutional=frozenset(w.lower() for w in data["institutional"]),
        adjective_endings=tuple(dict.fromkeys(w.lower() for w in data["adjective_endings"])),
        name_groups=tuple(tuple(w.lower() for w in group) for group in data["name_groups"]),
        counted_alike=tuple(tuple(w.lower() for w in group) for group in data.get("counted_alike", [])),
        series_nouns=frozenset(w.lower() for w in data.get("series_nouns", [])),
        not_people=frozenset(w.lower() for w in data.get("not_people", [])),
        event_stages=tuple(tuple(tuple(w.lower() for w in stage) for stage in family) for family in data.get("event_stages", [])),
    )


def _read(path: Path) -> dict:
    """One lexicon file, checked: a ConfigError naming the file and what is wrong in it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Cannot read the lexicon {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"The lexicon {path} is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"The lexicon {path} must be a JSON object with lists under {', '.join(_LISTS)}, name_groups")
    known = (*_LISTS, *_GROUPS, "event_stages")
    unknown = sorted(k for k in data if k not in known and not k.startswith("_"))
    if unknown:
        raise ConfigError(f"The lexicon {path} has unknown keys {', '.join(unknown)}; known: {', '.join(known)}")
    families = data.get("event_stages", [])
    if not isinstance(families, list) or not all(
        isinstance(family, list)
        and len(family) >= 2
        and all(isinstance(stage, list) and stage and all(isinstance(w, str) and w.strip() for w in stage) for stage in family)
        for family in families
    ):
        raise ConfigError(
            f"The lexicon {path}: event_stages must be a list of families, each a list of two or more stages, "
            'each a list of the words that say it: [[["signed", "signing"], ["ratified", "ratification"]]]'
        )
    for key in _LISTS:
        if not isinstance(data.get(key, []), list) or not all(isinstance(w, str) and w.strip() for w in data.get(key, [])):
            raise ConfigError(f"The lexicon {path}: {key} must be a list of words")
    for key in _GROUPS:
        groups = data.get(key, [])
        if not isinstance(groups, list) or not all(
            isinstance(g, list) and len(g) >= 2 and all(isinstance(w, str) and w.strip() for w in g) for g in groups
        ):
            raise ConfigError(f"The lexicon {path}: {key} must be a list of lists of two or more words")
    return data


def _merged(groups: list[list[str]]) -> list[list[str]]:
    """Groups that share a name become one (in first-seen order), so each name has one group."""
    merged: list[list[str]] = []
    for group in groups:
        forms = [w.lower() for w in group]
        joined = [m for m in merged if set(m) & set(forms)]
        for m in joined:
            merged.remove(m)
        merged.append(list(dict.fromkeys([w for m in joined for w in m] + forms)))
    return merged
