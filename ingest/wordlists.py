"""The cleaner's words for page furniture and header lines in the region's languages, read from
ingest/cleaning.json (issue 24: Russian and Turkish articles, cheaply Azerbaijani, Kazakh and Uzbek).

The cleaner knows shapes (a label line, a "Label: name" byline, a row of buttons, a tail of comments);
which words fill them is data: section labels ("Analysis", "Аналитика", "Yorum"), byline labels
("Author", "Автор", "Haber", "Yazar"), share buttons ("Paylaş Tweetle E-posta"), ad slots ("REKLAM"),
news tickers ("SON DAKİKA"), tag lines ("Etiketler: …"), cookie banners ("… çerezler … Kabul Et"),
comment and related-news headings, and HTML class names of such parts. Month names and the labels
of a publication date line are the date grammar's (otsqa/dates.json). Everything is compared
case-insensitively, Turkish dotted and dotless i alike (`otsqa.dates.fold`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from otsqa.dates import fold

CLEANING_PATH = Path(__file__).with_name("cleaning.json")


@dataclass(frozen=True)
class Words:
    section_label: re.Pattern[str]  # a line that is only a label
    author_label: str  # a regex alternation of byline labels (no group)
    not_names: frozenset[str]  # folded first words of a credit, not a person
    publication_words: frozenset[str]  # folded words that make a name a publication's, not a person's
    header_field: re.Pattern[str]  # "Distribution: …": a document's field in its header
    mail_footer: re.Pattern[str]  # a phrase of a newsletter's footer or its opening row of links
    signature_role: str  # a regex alternation (no group) of roles closing a signature
    photo: re.Pattern[str]  # a photo credit in the region's languages
    share_word: re.Pattern[str]  # a share button's word, in folded text
    ad_slot: re.Pattern[str]
    ticker: re.Pattern[str]
    tag_line: re.Pattern[str]
    cookie: re.Pattern[str]
    consent: re.Pattern[str]
    comments: re.Pattern[str]  # a heading of the comments: the page ends before it
    related: re.Pattern[str]  # a heading of links to other articles: the page ends before it
    read_also: re.Pattern[str]
    html_skip_class: re.Pattern[str]
    honorific: re.Pattern[str]  # titles and ranks before a name: "Dr. ", "Brig. Gen. (Ret.) " (unanchored)
    outlet_cadence: str  # a regex alternation (no group): "weekly", "independent" in a tagline
    outlet_kind: str  # a regex alternation (no group): "newsletter", "review" after a cadence
    outlet_description: str  # a regex alternation (no group): "blog" in "A blog on …"
    section_word: re.Pattern[str]  # an outlet's section after its name: "Insights"
    account_row: re.Pattern[str]  # a word of a row of account links: "Sign up", "Log in" (unanchored)
    own_date: re.Pattern[str]  # a saved page's own date: "Accessed on …" (unanchored)


def _flat(value) -> list[str]:
    if isinstance(value, dict):
        return [w for words in value.values() for w in words]
    return list(value)


def _alternation(words: list[str]) -> str:
    # Spaces match any run of spaces; longest first, so "son dakika" wins over a shorter word.
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=4)
def words(path: Path = CLEANING_PATH) -> Words:
    """The compiled word lists of ``path`` (cached; the file ships with the package)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    heading = r"^(?:#{1,6}\s+)?[*_]*(?:%s)[*_]*(?:\s*\(\d+\))?\s*:?$"
    return Words(
        section_label=re.compile(rf"^(?:{_alternation(_flat(data['section_labels']))})$", re.I),
        author_label=_alternation(_flat(data["author_labels"])),
        not_names=frozenset(fold(w) for w in data["not_names"]),
        publication_words=frozenset(fold(w) for w in data["publication_words"]),
        # "Distribution: …", a field with its value ("Participants: A, B"), and a reference number without its
        # colon ("Ref. 2025/PR/118")
        header_field=re.compile(
            rf"^(?:{_alternation(data['header_fields'])})\s*:|^(?:{_alternation(data['field_labels'])})\s*:\s*\S"
            r"|^(?i:ref\.|reference|no\.)\s+\S*\d\S*$",
            re.I,
        ),
        mail_footer=re.compile(rf"(?<![\w-])(?:{_alternation(data['mail_footer'])})(?![\w-])", re.I),
        signature_role=_alternation(data["signature_roles"]),
        photo=re.compile(rf"^(?:{_alternation(data['photo_labels'])})\s*:", re.I),
        share_word=re.compile(rf"(?<![^\W\d_])(?:{_alternation([fold(w) for w in _flat(data['share_words'])])})(?![^\W\d_])"),
        ad_slot=re.compile(rf"^[\W_]*(?:{_alternation(data['ad_slots'])})[\W_]*$", re.I),
        ticker=re.compile(rf"^[\W_]*(?:{_alternation(data['ticker_labels'])})(?![^\W\d_])", re.I),
        tag_line=re.compile(rf"^[*_]*(?:{_alternation(data['tag_labels'])})[*_]*\s*:", re.I),
        cookie=re.compile(rf"(?<![^\W\d_])(?:{_alternation(data['cookie_words'])})", re.I),
        consent=re.compile(rf"(?<![^\W\d_])(?:{_alternation(data['consent_words'])})(?![^\W\d_])", re.I),
        comments=re.compile(heading % _alternation(data["comment_headings"]), re.I),
        related=re.compile(heading % _alternation(data["related_headings"]), re.I),
        read_also=re.compile(rf"^(?:{_alternation(data['read_also_labels'])})\s*:\s*\S", re.I),
        # A class name that is one of the words or opens with one ("reklam-alani"), not one that ends with one ("has-comments").
        html_skip_class=re.compile(rf"(?<![\w-])(?:{_alternation(data['html_skip_classes'])})(?:[-_][\w-]*)?(?![\w-])", re.I),
        honorific=re.compile(rf"(?:\(?(?:{_alternation(data['honorifics'])})\.?\)?\s+)+(?=\w)", re.I),
        outlet_cadence=_alternation(_flat(data["outlet_cadence"])),
        outlet_kind=_alternation(_flat(data["outlet_kinds"])),
        outlet_description=_alternation(_flat(data["outlet_descriptions"])),
        section_word=re.compile(rf"^(?:{_alternation(_flat(data['section_words']))})$", re.I),
        account_row=re.compile(rf"(?<![^\W\d_])(?:{_alternation(_flat(data['account_words']))})(?![^\W\d_])", re.I),
        own_date=re.compile(rf"(?<![^\W\d_])(?:{_alternation(_flat(data['own_date_words']))})(?![^\W\d_])", re.I),
    )


def is_share_row(text: str) -> bool:
    """A row of share buttons ("Paylaş Tweetle E-posta", "- Поделиться", "Facebook | X | WhatsApp"):
    nothing but share words, separators and counts, two words at least or one that is no English
    word (a lone "Share", "Print" is the cleaner's own English pattern)."""
    rest = " " + fold(text) + " "
    rest = re.sub(r"[|·•/,;()\[\]\d]+|^\s*[-*]\s", " ", rest)
    rest, found = words().share_word.subn(" ", rest)
    return not rest.strip(" -–—") and found >= 1 and (found >= 2 or not re.fullmatch(r"[a-z\s-]+", fold(text).strip(" -*")))


def is_cookie_banner(text: str) -> bool:
    """A cookie banner's line: in at most 60 words it names cookies and ends with a consent button
    ("Sitemizde çerezler kullanılmaktadır … Kabul Et", "… cookies. Accept Reject")."""
    tokens = text.split()
    return len(tokens) <= 60 and bool(words().cookie.search(text)) and bool(words().consent.search(" ".join(tokens[-4:])))


def is_ticker(text: str) -> bool:
    """A news ticker's line: its label in capitals ("SON DAKİKA Bakanlar …") or followed by a colon or
    a dash ("Срочно: …"); a sentence that opens with the word ("Срочно требуется …") is none."""
    match = words().ticker.match(text)
    if not match:
        return False
    after = text[match.end() :].lstrip()
    return match.group(0).isupper() or not after or after[0] in ":|–—-"


def is_consent_row(text: str) -> bool:
    """A row of a cookie banner's buttons ("[ Accept all ]   [ Reject all ]   [ Manage preferences ]"): a
    consent button among at most ten words, no sentence."""
    return len(re.findall(r"\w+", text)) <= 10 and bool(words().consent.search(text)) and not re.search(r"[.!?]\s|[.!?]$", text)


def is_consent_button(text: str) -> bool:
    """A line that is only a consent button ("Kabul Et", "Принять"): junk next to a cookie banner."""
    return bool(re.fullmatch(rf"[\W_]*(?:{words().consent.pattern})[\W_]*", text, re.I))
