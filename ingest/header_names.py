"""People in an article's header and closing lines: name patterns, bylines of every shape, author labels,
signatures and notes on the author, and the names listed under a headline.

Apart from the header walk (ingest/header.py) because the walk, the reading after it (ingest/header_rest.py)
and the closing lines all ask the same question, whether a line names a person; it needs nothing of the
walk, so it can be read and changed on its own.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ingest.lines import Line, all_caps, unemphasised, word_count
from ingest.wordlists import CLEANING_PATH, words
from otsqa.dates import fold

# A capital letter of a Latin or Cyrillic alphabet: names are "Selin Aydoğan", "Şahin", "Ковалёва", "Əliyev".
_CAP = "[" + "".join(re.escape(chr(c)) for c in range(0x41, 0x530) if chr(c).isupper()) + "]"


def _name_pattern() -> str:
    """A person's name: one to four capitalised words, with the lower-case particles, prefixes and
    patronymics of ingest/cleaning.json between and after them ("Pieter van den Berg", "Omar al-Qadiri",
    "Nurbek Asanbek uulu")."""
    data = json.loads(CLEANING_PATH.read_text(encoding="utf-8"))
    prefix = "|".join(re.escape(p) for p in data["name_prefixes"])
    particle = "|".join(re.escape(p) for p in data["name_particles"])
    patronymic = "|".join(re.escape(p) for p in data["patronymics"])
    word = rf"(?:(?:{prefix}))?{_CAP}[\w'’.-]*"
    return rf"{word}(?:(?:\s+(?:{particle}))*\s+{word}){{0,3}}(?:\s+(?:{patronymic})(?!\w))?"


_NAME = _name_pattern()
# "By Nodira Yusupova and Emre Aksoy", "By A, B and C": co-authors joined by "and" or "&"; a comma joins
# names only in a list that ends with "and" (alone it may be a place: "…, Almaty").
_JOINT = rf"{_NAME}(?:(?:,\s+{_NAME})*,?\s+(?:and|&)\s+{_NAME})?"
# "By Kemal Arslan in Lefkosa": where the reporter filed from is no part of the name.
BYLINE = re.compile(rf"^[Bb][Yy]\s+({_JOINT})(?:\s+in\s+{_CAP}[\w'’-]+(?:\s+{_CAP}[\w'’-]+)?)?\s*$")
# Bylines of other shapes, read only where a byline can stand (the header, the last lines): "Prepared
# by …", "— by Timur Abenov, a security analyst based in Almaty", an interview's closing "Interview by
# Saule Bekova". Anywhere else "By Aliyev's decree, …" opens a sentence.
_WIDE_BYLINE = re.compile(
    rf"^[—–(-]*\s*(?:(?i:prepared|written|compiled|reported|edited|interview|interviewed|text|reporting|analysis|commentary|story|"
    rf"words|report|article|column|notes|opinion|posted|(?:guest\s+)?post)\s+)?(?i:by):?\s+({_JOINT})"
    rf"(?:\s+in\s+{_CAP}[\w'’-]+(?:\s+{_CAP}[\w'’-]+)?)?"  # "(Reporting by A in Tashkent; …)": where A filed from
    r"(?:\s*[,(|–—;].{0,100})?$"  # "(Reporting by A; Editing by B)": a wire's closing credit
)
_NAMES = rf"{_NAME}(?:\s*(?:,|&|\band\b|\bи\b|\bve\b)\s*{_NAME})*"
_NAME_TAIL = r"(?:(?:\s*[,(|–—·/]|\s+-\s).{0,100})?"


@lru_cache(maxsize=1)
def author_label() -> re.Pattern[str]:
    """ "Author: Timur Abenov", "Authors: A. Aliyev and B. Bekov, Baku", "Автор — Нурлан Абдыкеров",
    "Haber: Selin Aydoğan - Ankara" (labels: ingest/cleaning.json); read where a byline can stand."""
    return re.compile(rf"^(?i:{words().author_label})\s*(?::|[—–]|-(?=\s))\s*({_NAMES}){_NAME_TAIL}$")


def any_byline(text: str) -> re.Match[str] | None:
    # "By Brig. Gen. (Ret.) Omar Saleh and Maj. Layla Haddad": the names, without the ranks that break them
    text = _honoured().sub(r"\1", text)
    return BYLINE.match(text) or _WIDE_BYLINE.match(text) or author_label().match(text)


@lru_cache(maxsize=1)
def _honoured() -> re.Pattern[str]:
    """A title or rank after "by", a comma or "and" (ingest/cleaning.json `honorifics`)."""
    return re.compile(rf"(\bby:?\s+|,\s+|\s+and\s+|\s+&\s+)(?i:{words().honorific.pattern})", re.I)


def _signed(text: str) -> re.Match[str] | None:
    """A closing signature naming its role ("Dilnoza Karimova, editor", "Edited by …" is a byline)."""
    return re.match(rf"^({_NAME}),\s+(?i:{words().signature_role})$", text)


# A closing signature: "— Timur Abenov", "– Timur Abenov, Almaty" (read on the last lines only).
_SIGNATURE = re.compile(rf"^[—–]\s*({_NAME})(?:\s*,.{{0,80}})?$")
# A closing note on the author: "Kerem Aydin is a fellow at the Ankara Policy Centre." (last lines only).
_BIO = re.compile(
    rf"^(?:[—–-]\s*)?(?:about the author\s*:\s*)?({_NAME}) (?:is|was|works as|serves as) (?:a|an|the)\b.{{0,160}}?\b"
    r"(?:analyst|fellow|researcher|journalist|correspondent|editor|professor|director|expert|scholar|lecturer|reporter|writer|author|student|"
    r"officer|diplomat|consultant|associate|head|chair)s?\b",
    re.I,
)
# The line under a closing signature's name: the signer's role or institution.
ROLE_LINE = re.compile(
    r"^[*_]*(?:senior |junior |visiting |associate |non-resident )?(?:fellow|analyst|researcher|director|editor|professor|"
    r"lecturer|correspondent|adviser|advisor|head|chair|expert)\b|\b(?:Institute|Centre|Center|University|Foundation|Academy)\b",
    re.I,
)
# A header line naming a person and their institution or role, as papers and slide decks give the author:
# "Askar Nurlanov, Centre for …", "Aliya Sadykova (Senior Fellow, …)", "Omar Saleh | Analyst", "Levent Aydin¹".
AFFILIATED = re.compile(
    rf"^({_NAME})\s*[¹²³⁴⁵⁶⁷⁸⁹*†]*\s*(?:,|\(|\||[—–]|\s-\s)\s*.*\b(?:Centre|Center|Institute|University|Studies|Foundation|Forum|"
    r"Council|Academy|School|College|(?i:(?:senior |junior |visiting |associate |non-resident |research )?"
    r"(?:fellow|analyst|researcher|professor|lecturer|director|editor|correspondent|reporter|journalist|adviser|advisor|"
    r"expert|scholar|(?:staff )?writer)))\b[^.]*\.?$"
)
# Authors of a paper, each marked with the note of their affiliation: "Levent Aydin¹ and Zsofia Kertesz²".
MARKED_AUTHORS = re.compile(rf"^{_NAME}\s*[¹²³⁴⁵⁶⁷⁸⁹*†]+(?:\s*(?:,|\band\b|&)\s*{_NAME}\s*[¹²³⁴⁵⁶⁷⁸⁹*†]+)*$")
# "… by Kerem Aydin" closing a date line.
DATE_BY = re.compile(rf"\bby\s+({_NAME})\s*$")


def author_block(lines: list[Line]) -> str:
    """The authors the lines right under a headline name, one or several: "Zsófia Tarján"; "Brig. Gen. (Ret.)
    Selim Kocabaş" over "Maj. Aibek Nurmatov, Kazakh Armed Forces"; "Dr. A" over her role, "Prof. B" over his;
    "A (Astana), B (Ankara) & C (Tashkent)"; "A¹ and B²*". "" when the first line names no one."""
    names: list[str] = []
    for line in lines:
        if not names and re.match(r"\s*(?:!\[[^\]]*\]\([^)]*\)\s*$|#{2,6}\s)", line.text):
            continue  # a markdown subtitle ("### Earth observation, …") or the author's picture ("![](…)") first
        bare = _honoured().sub(r"\1", " " + unemphasised(line.text).strip("*_ ")).strip()
        titled = bool(words().honorific.match(bare))  # "Maj. Layla Haddad, Omani Armed Forces": a person, whatever follows
        bare = words().honorific.sub("", bare, count=1) if titled else bare
        if names and ROLE_LINE.match(bare) and not titled:
            continue  # the role under a name ("Senior Fellow, Steppe Institute …")
        if bare_name(bare):
            names.append(bare)
        elif (
            (match := AFFILIATED.match(bare) or (titled and re.match(rf"({_NAME})\s*,", bare)))
            and 2 <= word_count(match[1]) <= 4
            and not credit(match[1])
        ):
            names.append(match[1])
        elif not names and MARKED_AUTHORS.match(bare):
            return joined_names(re.split(r"\s*(?:,|\band\b|&)\s*", re.sub(r"\s*[¹²³⁴⁵⁶⁷⁸⁹*†]+", "", bare)))
        elif not names and (listed := listed_names(bare)):
            return joined_names(listed)
        else:
            break
    return joined_names(names)


def listed_names(text: str) -> list[str]:
    """The names of "A (Astana), B (Ankara) & C (Tashkent)": two or more, each of two to four words."""
    plain = re.sub(r"\s*\([^()]{1,40}\)", "", text)
    names = [n for n in re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", plain) if n]
    if len(names) >= 2 and all(re.fullmatch(_NAME, n) and 2 <= word_count(n) <= 4 and not credit(n) for n in names):
        return names
    return []


def joined_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [n.strip() for n in names if n.strip()]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def natural_order(name: str) -> str:
    """ "Surname, Given" as "Given Surname" (one word each side, as archives and legal databases list a
    person: "BYLINE: Nazarbekova, Aida"); any other name as it is."""
    match = re.fullmatch(r"([^\W\d_][\w'’-]*),\s*([^\W\d_][\w'’.-]*(?:\s[^\W\d_]\.?)?)", name.strip())
    if match is None or credit(match.group(1)) or credit(match.group(2)):
        return name.strip()
    return f"{match.group(2)} {match.group(1)}"


def in_order(author: str) -> str:
    """An article's author(s) as they are cited: "Given Surname", several joined "A, B and C" ("Erlan
    Qasymūly, Malika Tursunova" from a page's meta tag is "Erlan Qasymūly and Malika Tursunova")."""
    if " and " not in author and (listed := listed_names(author)):
        return joined_names(listed)
    return natural_order(author)


def without_honorifics(author: str) -> str:
    """``author`` without the titles and ranks before each name ("Dr. Elif Sarıkaya", "Brig. Gen. (Ret.) Selim
    Kocabaş and Maj. Aibek Nurmatov"; ingest/cleaning.json `honorifics`): how the article is cited. A name
    the title would leave as one word stays whole ("Major Tom")."""
    honorific = re.compile(rf"^(?i:{words().honorific.pattern})")

    def plain(name: str) -> str:
        rest = honorific.sub("", name)
        return rest if word_count(rest) >= 2 else name

    parts = re.split(r"(,\s+|\s+and\s+|\s+&\s+)", author.strip())
    return "".join(part if i % 2 else plain(part) for i, part in enumerate(parts))


def bare_name(text: str) -> bool:
    """Whether ``text`` is only a person's name: two to four capitalised words, not in capitals (a masthead),
    no credit ("Haber Merkezi") and no word of a publication's ("Gulf Port Digest")."""
    return (
        bool(re.fullmatch(_NAME, text))
        and 2 <= word_count(text) <= 4
        and not all_caps(text)
        and not credit(text)
        and not any(fold(w) in words().publication_words for w in text.split())
    )


def person(name: str, line: str) -> bool:
    """Whether a labelled byline below the header names a person: two to four words, on a short line
    that is no sentence ("Haber: Bakanlık, açıklama yaptı." is one), and no credit."""
    return 2 <= word_count(name) <= 4 and word_count(line) <= 10 and not line.endswith(".") and not credit(name)


def people(names: str, line: str) -> bool:
    """Whether a byline's names ("A", "A and B", "A, B and C") are each a person's (`person`), on a short line."""
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", names)
    return word_count(line) <= 10 + 3 * (len(parts) - 1) and all(person(p, p) for p in parts) and not line.endswith(".")


def credit(name: str) -> bool:
    """Whether a name a byline or signature gave is a credit ("Бюро в Бишкеке", "Haber Merkezi")."""
    folded = fold(name)
    return any(folded == w or folded.startswith(w + " ") for w in words().not_names)


def read_end_byline(lines: list[Line], meta: dict[str, str]) -> None:
    """A byline closing the article ("— by Timur Abenov, a security analyst …", "Author: …", a
    signature "— Timur Abenov"): the author, if the header named none. The line stays in the text."""
    if len(lines) >= 2 and ROLE_LINE.search(lines[-1].text) and (name := re.fullmatch(_NAME, lines[-2].text.strip("*_ "))):
        if 2 <= word_count(name.group(0)) <= 4 and not credit(name.group(0)):
            # "Timur Seitkali" over "Senior Fellow, Caspian Infrastructure Institute, Astana": a signature block
            meta.setdefault("author", name.group(0))
            lines[-2].shape = lines[-1].shape = "line"
    for line in lines[-2:]:
        bare = line.text.strip("*_ ")
        match = _WIDE_BYLINE.match(bare) or author_label().match(bare) or _SIGNATURE.match(bare) or _signed(bare)
        if match and word_count(bare) <= 20 and not bare.endswith(".") and not credit(match.group(1)):
            meta.setdefault("author", match.group(1))
            line.shape = "line"
        elif (bio := _BIO.match(unemphasised(line.text).strip("*_ "))) and word_count(bare) <= 45 and line.blanks_before >= 1:
            # ("**Dr. Yerlan Zhaksylykov** is an associate professor …" under "About the author")
            meta.setdefault("author", bio.group(1))  # prose: it stays a sentence of the text
