"""`python -m tools.generate_training --out evals/training/generated.jsonl`: training questions for the
answerability probe of issue 21, generated from the *tuning* articles only.

Why: the probe needs many more labelled questions than the hand-written sets hold, and those sets must
stay evaluation data. So this writes questions of its own, from the seed corpus (``OTSQA_CORPUS_DIR``)
and the tuning collection ``interior`` only; the held-out collections are never opened.

How: the articles are cleaned as ingest cleans them (`ingest.loaders.load`, `ingest.clean.clean_article`)
and split into sentences as the chunker does (`ingest.chunking.article_sentences`). From each content
sentence a local model (Qwen2.5-Coder-1.5B-Instruct, llama.cpp) writes

- a *positive*: one question the sentence answers, with its answer phrase copied from the sentence;
- an *llm-near-miss*: a question on the same subject asking for a detail the sentence does not give.

Then *swap* near misses are made by rule from the positives: another article's entity of the same kind
(country, city, person, organisation) in place of the question's, another year, or "on what exact date"
where the sentence gives only a year or no date at all. Every reply is checked (the answer phrase is in
the sentence, the question does not give it away, an asked-for number or date is not in the sentence …)
and dropped otherwise.

Items are in the evaluation set's format (`evals.dataset.load_items` reads the file). The loader needs a
``span`` in each evidence entry: a positive's span is its answer phrase (exact text of the cleaned
article), a near miss's is empty; the whole source sentence goes only to the sidecar (``--sidecar``,
never committed), so no article prose enters the repository.

The run appends as it goes and can be stopped and started again: every sentence tried at each stage is
logged beside the sidecar (``attempts.jsonl``) and skipped next time. Randomness is seeded (``--seed``),
and the model samples with a fixed seed too.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from otsqa.text import MONTHS, STOPWORDS, proper_names, stemmed_terms

REPO = Path(__file__).resolve().parent.parent
TUNING_COLLECTIONS = ("interior",)  # never a held-out one: `tuning_articles` checks collection.json too
DEFAULT_MODEL = Path("/tmp/verify-data/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
DEFAULT_SIDECAR = Path("/work/train-gen/sentences.jsonl")

MIN_WORDS, MAX_WORDS = 8, 45  # a content sentence's length
MAX_ANSWER_WORDS = 8
MIN_QUESTION_WORDS = 5
COPY_RUN = 9  # a question sharing this many consecutive words with its sentence copies it
NEAR_COPY_RUN = 12  # a near miss is on the sentence's subject: it may repeat more of its words

SYSTEM = (
    "You write questions for a dataset about security cooperation among the Organization of Turkic States. Reply with JSON only."
)

COUNTRIES = (
    "Azerbaijan",
    "Kazakhstan",
    "Kyrgyzstan",
    "Uzbekistan",
    "Türkiye",
    "Turkey",
    "Turkmenistan",
    "Hungary",
    "Russia",
    "China",
    "Armenia",
    "Georgia",
    "Tajikistan",
    "Mongolia",
    "Afghanistan",
    "Ukraine",
    "Syria",
    "Iran",
    "Pakistan",
    "Northern Cyprus",
)
CITIES = (
    "Baku",
    "Ankara",
    "Istanbul",
    "Astana",
    "Bishkek",
    "Tashkent",
    "Samarkand",
    "Gabala",
    "Shusha",
    "Turkestan",
    "Cholpon-Ata",
    "Budapest",
    "Moscow",
    "Brussels",
    "Washington",
    "Almaty",
    "Nakhchivan",
)
ACRONYMS = ("OTS", "CSTO", "NATO", "SCO", "CIS", "EU", "UN", "TİKA", "TIKA")
_ORG_WORDS = re.compile(
    r"\b(?:Council|Organi[sz]ation|Ministry|Service|Network|Mechanism|Secretariat|Agency|Forum|Fund|"
    r"Association|Group|Union|Centre|Center|Office|Directorate|Assembly|Parliament|Senate|Majlis)\b"
)
# Words that open a person's name run without being part of the name.
_TITLES = frozenset(
    """president secretary general deputy minister interior colonel prime foreign defense defence chairman
    chair head director prosecutor ambassador senator mr mrs dr prof the""".split()
)
_CARDINAL = re.compile(
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|"
    r"thousands?|millions?|dozens?)\b",
    re.I,
)
# A reference: a cited title ("Title," Outlet, date) or one followed by its outlet and date.
# A question that asks for a person, not whoever acted (a country or an organisation answers "who" too).
_PERSON_ASKED = re.compile(r"\b(?:name of the|which|what) (?:person|official|individual|minister|head|chair|leader|envoy)\b")
_LABEL_LINE = re.compile(r"(?:Updated|Published|Posted|Source|Photo|Credits?)\s*:", re.I)  # a header line, not prose
_CITATION = re.compile(r"[“\"][^”\"]{8,}[”\"],|[”\"],?\s+[A-Z][^.”\"]{1,60},\s+(?:\w+\.?\s+)?\d")
# "only the second time", "twice": a count too
_ORDINAL = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|once|twice|\d+(?:st|nd|rd|th))\b", re.I
)
_MONEY_ASKED = re.compile(r"\b(?:cost|costs|budget|spend|spent|price|fund|funding|amount of money|financ\w*)\b", re.I)
_MONEY = re.compile(r"[$€£₼₺]|\b(?:dollars?|euros?|manats?|lira|tenge|soms?|million|billion)\b", re.I)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")
_MONTHS_RE = "(?:" + "|".join(MONTHS) + ")"
_DAY_MONTH = re.compile(rf"\b\d{{1,2}}(?:[–-]\d{{1,2}})?\s+{_MONTHS_RE}\b|\b{_MONTHS_RE}\s+\d{{1,2}}\b")
_PRONOUNS = re.compile(r"\b(?:he|she|him|his|her|they|them|their)\b", re.I)
_META = re.compile(r"\b(?:this|the) (?:sentence|text|article|passage|author|writer)\b|\b(?:these|those|mentioned)\b", re.I)

KINDS = ("date", "number", "person", "place", "other")


# -- articles and sentences -----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    source: str  # the article's file name
    start: int  # offset of the sentence in the cleaned article
    text: str
    title: str
    article: int  # which article (index into the sorted list)
    content: bool  # a sentence to ask about (`is_content`)

    @property
    def key(self) -> str:
        return f"{self.source}@{self.start}"


def tuning_articles(corpus_dir: Path, collections_dir: Path = REPO / "evals" / "collections") -> list[Path]:
    """The seed articles and those of the tuning collections, sorted; a held-out collection is an error."""
    paths = sorted(p for p in corpus_dir.iterdir() if p.is_file())
    for name in TUNING_COLLECTIONS:
        folder = collections_dir / name
        role = json.loads((folder / "collection.json").read_text(encoding="utf-8")).get("role")
        if role != "tuning":
            raise SystemExit(f"{folder} is not a tuning collection (role {role!r}): refusing to read it")
        paths += sorted(p for p in (folder / "articles").iterdir() if p.is_file())
    return paths


def _count_words(texts: Sequence[str]) -> list[int]:
    return [len(t.split()) for t in texts]


def article_sentences(path: Path, number: int) -> list[Candidate]:
    """The sentences of one article, cleaned and split as ingest does, each marked content or not."""
    from ingest.chunking import article_sentences as split
    from ingest.clean import clean_article
    from ingest.loaders import load, read_file

    loaded = load(path, read_file(path))
    article = clean_article(loaded.text, loaded.hints)
    sentences = split(path.name, article, _count_words, 10**6)
    return [Candidate(path.name, s.start, s.text, article.title, number, is_content(s.text, s.heading)) for s in sentences]


def is_content(text: str, heading: bool) -> bool:
    """A prose sentence worth a question: not a heading, a list stub, a caption, a byline or a citation."""
    words = len(text.split())
    if heading or not MIN_WORDS <= words <= MAX_WORDS:
        return False
    if re.search(r"https?://|www\.|[\u0400-\u04ff]", text) or text.startswith(("(", "- ", "• ", "* ")):
        return False
    if _CITATION.search(text) or _LABEL_LINE.match(text):
        return False
    if sum(c.isupper() for c in text if c.isalpha()) > 0.5 * sum(c.isalpha() for c in text):
        return False  # ALL-CAPS furniture
    return text[-1:] in ".!?”\"'’)"


def informative(text: str) -> int:
    """2 for a sentence with a number or date, 1 for one with a name, 0 otherwise: which go first."""
    if re.search(r"\d", text) or _MONTH.search(text):
        return 2
    return 1 if proper_names(text) else 0


def round_robin(candidates: Sequence[Candidate], rng: random.Random) -> list[Candidate]:
    """The candidates spread over the articles: one from each in turn, informative ones first in each."""
    by_article: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_article.setdefault(c.article, []).append(c)
    queues = []
    for group in by_article.values():
        group = list(group)
        rng.shuffle(group)
        group.sort(key=lambda c: -informative(c.text))
        queues.append(group)
    ordered: list[Candidate] = []
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop(0))
    return ordered


# -- the model ----------------------------------------------------------------------------------------

Ask = Callable[[str, dict[str, Any]], "dict[str, Any] | None"]


def llama_asker(model: Path, threads: int, temperature: float, seed: int) -> Ask:
    """A function that sends one prompt to the local model and returns its JSON reply (None if unreadable)."""
    import llama_cpp

    llm = llama_cpp.Llama(model_path=str(model), n_ctx=2048, n_threads=threads, verbose=False, seed=seed)

    def ask(prompt: str, schema: dict[str, Any]) -> dict[str, Any] | None:
        reply = llm.create_chat_completion(
            messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
            temperature=temperature,
            max_tokens=96,
            response_format={"type": "json_object", "schema": schema},
        )
        return parse_json(reply["choices"][0]["message"]["content"] or "")

    return ask


def parse_json(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text`` (a reply may wrap it in prose or a code fence), else None."""
    start = text.find("{")
    while start >= 0:
        try:
            value, _ = json.JSONDecoder().raw_decode(text[start:])
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        return value if isinstance(value, dict) else None
    return None


def _schema(**fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": fields, "required": list(fields)}


POSITIVE_SCHEMA = _schema(question={"type": "string"}, answer={"type": "string"})
NEAR_SCHEMA = _schema(question={"type": "string"})


# The instructions come first and the sentence last, so llama.cpp reuses the instructions' cached tokens.
POSITIVE_ASK = (
    "Below is a sentence from an article. Write ONE question an analyst would ask that the sentence answers. "
    "Use your own words, do not copy the sentence, and make the question clear on its own: name the people, "
    "places or events instead of 'he' or 'the meeting'. The answer is a short phrase (at most "
    f"{MAX_ANSWER_WORDS} words) copied exactly from the sentence, and it must not appear in the question. "
    'Reply as {"question": "...", "answer": "..."}\n\n'
)
NEAR_ASK = (
    "Below is a sentence from an article. Write ONE question on the same subject that asks for a specific detail "
    "the sentence does NOT give. It must look answerable, but the sentence must not answer it. Name the subject "
    'clearly. Reply as {"question": "..."}\n\n'
)
# What a near miss is asked to ask for, by the kind of detail the sentence lacks (`missing_details`).
DETAILS = {
    "number": "how many (a count of something)",
    "cost": "a cost, budget or amount of money",
    "date": "the exact date (day and month)",
    "person": "the name of a person (an individual, not a country or organisation)",
    "place": "the city or place",
}


def positive_prompt(c: Candidate, target: str | None) -> str:
    wanted = f'\nThe answer should be: "{target}"' if target else "\nPrefer an answer that is a name, number, date or place."
    return f'{POSITIVE_ASK}Article: "{c.title}"\nSentence: "{c.text}"{wanted}'


def near_prompt(c: Candidate, detail: str) -> str:
    return f'{NEAR_ASK}Article: "{c.title}"\nSentence: "{c.text}"\nThe question asks for: {DETAILS[detail]}'


def missing_details(text: str) -> list[str]:
    """The kinds of detail (keys of `DETAILS`) that ``text`` does not give."""
    missing = [] if has_number(text) else ["number", "cost"]
    if not _DAY_MONTH.search(text):
        missing.append("date")
    if not persons_in(text):
        missing.append("person")
    if not any(re.search(rf"\b{re.escape(p)}\b", text) for p in CITIES + COUNTRIES):
        missing.append("place")
    return missing


_DATE_PHRASE = re.compile(
    rf"\b\d{{1,2}}(?:\s*[–-]\s*\d{{1,2}})?\s+{_MONTHS_RE}(?:\s+\d{{4}})?\b"
    rf"|\b{_MONTHS_RE}(?:\s+\d{{1,2}},?)?\s+\d{{4}}\b|\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b|\b(?:19|20)\d{{2}}\b"
)
_NUMBER_PHRASE = re.compile(
    r"(?<![\w.])\$?\d[\d,.]*(?:\s*(?:%|percent|per cent|million|billion|thousand))?"
    r"(?:\s+(?:[a-z-]+\s+)?(?:countries|states|members|officers|people|agencies|areas|meetings|years|km|kilometres|drones|units))?"
)


def answer_targets(text: str) -> list[tuple[str, str]]:
    """Short phrases of ``text`` a question could ask for, with their kind: dates, numbers, people, places and
    organisations ("other")."""
    targets: list[tuple[str, str]] = []
    dates = [m.group() for m in _DATE_PHRASE.finditer(text)]
    targets += [("date", d) for d in dates]
    for m in _NUMBER_PHRASE.finditer(text):
        phrase = m.group().rstrip(",.")
        if not any(phrase in d or d in phrase for d in dates) and not re.fullmatch(r"\d", phrase):
            targets.append(("number", phrase))
    targets += [("person", p) for p in persons_in(text)]
    places = [p for p in CITIES + COUNTRIES if re.search(rf"\b{re.escape(p)}\b", text)]
    if len(places) <= 2:  # one of a list of countries makes an ambiguous question
        targets += [("place", p) for p in places]
    targets += [("other", o) for o in organisations_in(text) if canonical(o) not in _TOPIC]
    return targets


def pick_targets(c: Candidate, rng: random.Random) -> list[str]:
    """The sentence's phrases to ask for, in the order to ask for them: kinds in a random order, taken in
    turn, a random phrase of each (empty: the sentence gives no date, number, name or place)."""
    by_kind: dict[str, list[str]] = {}
    for kind, phrase in answer_targets(c.text):
        if phrase not in by_kind.setdefault(kind, []):
            by_kind[kind].append(phrase)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for phrases in by_kind.values():
        rng.shuffle(phrases)
    ordered: list[str] = []
    while any(by_kind[k] for k in kinds):
        ordered += [by_kind[k].pop(0) for k in kinds if by_kind[k] and by_kind[k][0] not in ordered]
        for k in kinds:
            while by_kind[k] and by_kind[k][0] in ordered:
                by_kind[k].pop(0)
    return ordered


# -- checks -------------------------------------------------------------------------------------------


def _clean(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip()


def question_problem(question: str, sentence: str, copy_run: int = COPY_RUN) -> str | None:
    """Why a question is unusable whatever it asks (None: usable)."""
    if len(question.split()) < MIN_QUESTION_WORDS:
        return "question too short"
    if not question.endswith("?"):
        return "not a question"
    if _PRONOUNS.search(question) or _META.search(question):
        return "question leans on context"
    if _copy_run(question, sentence) >= copy_run:
        return "question copies the sentence"
    if len(set(stemmed_terms(question)) & set(stemmed_terms(sentence))) < 2:
        return "question too vague"
    if re.search(r"\b[Hh]ow many\s+[^a-z\s]", question):  # "How many OTS Secretary General met …"
        return "ungrammatical 'how many'"
    return None


def _copy_run(question: str, sentence: str) -> int:
    """The longest run of consecutive words the question shares with the sentence."""
    a, b = [w.lower() for w in re.findall(r"\w+", question)], [w.lower() for w in re.findall(r"\w+", sentence)]
    best = 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def check_positive(reply: dict[str, Any] | None, sentence: str) -> tuple[str, str] | str:
    """(question, answer) from a reply, or why it was dropped."""
    if not reply:
        return "unreadable reply"
    question, answer = _clean(reply.get("question")), _clean(reply.get("answer")).strip(" .,;:\"'“”")
    if not answer or len(answer.split()) > MAX_ANSWER_WORDS:
        return "answer empty or too long"
    if answer not in sentence:
        return "answer not in the sentence"
    if answer.lower() in question.lower():
        return "question gives the answer"
    if _YEAR.search(answer) and set(_YEAR.findall(question)) - set(_YEAR.findall(answer)):
        return "question names another year than its answer"
    return question_problem(question, sentence) or (question, answer)


def has_number(text: str) -> bool:
    """Does ``text`` give a count or an amount (a date's digits aside)?"""
    rest = _DATE_PHRASE.sub(" ", text)
    return bool(re.search(r"\d", rest) or re.search(r"\b" + _CARDINAL.pattern, rest, re.I) or _ORDINAL.search(rest))


def asked_kind(question: str, hint: str = "") -> str:
    """What a question asks for: date, number, person, place or other."""
    q = question.lower()
    if re.match(
        r"\s*(?:when|in what year|in which year|on what|on which|what year|which year|what date|what day)", q
    ) or re.search(r"\b(?:what|which) (?:exact )?(?:date|day|month|year)\b", q):
        return "date"
    if re.search(r"\bhow (?:many|much|long)\b|\bwhat (?:is|was) the (?:cost|number|amount|budget|size|value)\b", q):
        return "number"
    if re.match(r"\s*(?:who|whom|whose)\b", q) or re.search(r"\b(?:which|what) (?:person|official|minister|leader)\b", q):
        return "person"
    if re.match(r"\s*where\b", q) or re.search(r"\b(?:which|what) (?:city|country|place|town|venue|location)\b", q):
        return "place"
    if hint == "cost":
        return "number"
    return hint if hint in KINDS else "other"


def answer_kind(question: str, answer: str) -> str:
    """A positive's kind, from its answer phrase first and its question second."""
    if _YEAR.search(answer) or _MONTH.search(answer) or re.search(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", answer):
        return "date"
    if re.search(r"\d", answer) or _CARDINAL.match(answer):
        return "number"
    if any(place in answer for place in COUNTRIES + CITIES):
        return "place"
    kind = asked_kind(question)
    return kind if kind in ("person", "place") else "other"


def near_problem(question: str, asks_for: str, sentence: str) -> str | None:
    """Why an LLM near miss is unusable: a bad question, or the sentence does give what it asks for."""
    problem = question_problem(question, sentence, NEAR_COPY_RUN)
    if problem:
        return problem
    kind = asked_kind(question, asks_for)
    q = question.lower()
    if kind == "number" and _MONEY_ASKED.search(q):
        if _MONEY.search(sentence):
            return "asks for an amount of money the sentence may give"
    elif kind == "number" and has_number(sentence):
        return "asks for a number the sentence may give"
    if kind == "date":
        if "year" in q and _YEAR.search(sentence):
            return "asks for a year the sentence gives"
        if "month" in q and _MONTH.search(sentence):
            return "asks for a month the sentence gives"
        if _DAY_MONTH.search(sentence) or (q.startswith("when") and (_YEAR.search(sentence) or _MONTH.search(sentence))):
            return "asks for a date the sentence gives"
        if not re.search(r"\b(?:exact|day|specific)\b", q) and (_YEAR.search(sentence) or _MONTH.search(sentence)):
            return "asks for a date the sentence gives in part"
    if kind == "place" and any(p in sentence for p in COUNTRIES + CITIES) and re.match(r"\s*where\b", q):
        return "asks where, and the sentence names a place"
    if kind == "person" and persons_in(sentence):
        return "asks who, and the sentence names a person"
    if kind == "person" and not _PERSON_ASKED.search(q) and any(entities_in(sentence).values()):
        return "asks who, and the sentence names an actor"
    if kind == "other":
        return "asks for no specific detail"
    return None


# -- entities and swaps ---------------------------------------------------------------------------


def persons_in(text: str, ordinary: frozenset[str] = frozenset()) -> list[str]:
    """People's names in ``text``: runs of capitalised words with titles and possessives cut off, none of
    whose words is a country, a city, an organisation word or one of the ``ordinary`` (lower-case) words."""
    found = []
    for run in proper_names(text, runs=True):
        words = [re.sub(r"['’]s$", "", w) for w in run.split()]
        while words and (words[0].lower() in _TITLES or words[0] in COUNTRIES or words[0].endswith(("'s", "’s"))):
            words = words[1:]
        if 2 <= len(words) <= 3 and all(_name_word(w) and w.lower() not in ordinary for w in words):
            found.append(" ".join(words))
    return found


_NOT_NAME = frozenset(
    w.lower()
    for w in (
        *COUNTRIES,
        *CITIES,
        *ACRONYMS,
        *MONTHS,
        *"""Turkic Turkish Kazakh Kyrgyz Azerbaijani Uzbek Central Asia Asian Caucasus Caspian Eurasia Eurasian
        Northern Cyprus Cypriot Republic States State Summit Declaration Strategy Corridor Sea War Security Defense
        Defence Strategic Partnership Treaty Agreement Cooperation National International Joint Second First Third
        Emergency Situations Internal Affairs Daily Sabah Trend News Wire Monitor Review Bayraktar European Eastern
        Western Caucasian Albania Taliban Soviet Chatham Eternal""".split(),
    )
)


def _name_word(word: str) -> bool:
    return (
        bool(re.fullmatch(r"[A-ZÀ-ÞİŞÇÖÜĞ][a-zà-ÿıİşçöüğ'’-]+", word))
        and word.lower() not in _NOT_NAME
        and not _ORG_WORDS.search(word)
    )


_OPENERS = STOPWORDS | {"but", "whether", "however", "although", "while", "since", "yet"}


def organisations_in(text: str, ordinary: frozenset[str] = frozenset()) -> list[str]:
    """Organisations' names in ``text``: capitalised runs (2-6 words) holding an organisation word, with
    any ordinary word that opens them cut off ("But the European Union"), and acronyms."""
    from otsqa.text import capitalised_runs

    found = []
    for run in capitalised_runs(text):
        words = re.sub(r"['’]s$", "", run).split()
        while words and words[0].lower() in _OPENERS:
            words = words[1:]
        name = " ".join(words)
        if (
            2 <= len(words) <= 6
            and _ORG_WORDS.search(name)
            and not re.search(r"['’]", name)
            and not persons_in(name, ordinary)
            and words[0] not in COUNTRIES
        ):
            found.append(name)
    found += [a for a in ACRONYMS if re.search(rf"\b{a}\b", text)]
    return found


def entities_in(text: str, ordinary: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """The named entities of ``text`` by kind: person, city, country, organisation (the order swaps try)."""
    return {
        "person": persons_in(text, ordinary),
        "city": [c for c in CITIES if re.search(rf"\b{re.escape(c)}\b", text)],
        "country": [c for c in COUNTRIES if re.search(rf"\b{re.escape(c)}\b", text)],
        "organisation": organisations_in(text, ordinary),
    }


# The organisation the questions are about: never the entity a swap changes.
_TOPIC = frozenset(("ots", "organization of turkic states", "turkic states", "turkic council"))
_ALIASES = {"turkey": "turkiye"}


def canonical(name: str) -> str:
    """A name compared without accents or case, "Turkey" as "Türkiye"."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    plain = plain.replace("ı", "i").lower()
    return _ALIASES.get(plain, plain)


@dataclass(frozen=True)
class Positive:
    id: str
    question: str
    answer: str
    candidate: Candidate


@dataclass(frozen=True)
class Swap:
    question: str
    kind: str  # what the question asks for
    rule: str  # entity:<kind>, year, exact-date


class Corpus:
    """Every sentence of the articles, to tell whether a changed question is answered somewhere after all,
    and the entities each article names."""

    def __init__(self, sentences: Sequence[Candidate]):
        self.sentences = list(sentences)
        self.stems = [set(stemmed_terms(c.text)) for c in self.sentences]
        # Words written in lower case somewhere: ordinary words, never part of a name.
        self.ordinary = frozenset(w for c in self.sentences for w in re.findall(r"\b[a-zà-ÿ][\w-]*", c.text))
        self.entities: dict[str, dict[str, set[int]]] = {}  # kind -> entity -> articles it appears in
        for c in self.sentences:
            if not c.content:
                continue  # a heading or a citation: its names are not what the articles discuss
            for kind, names in self.entities_in(c.text).items():
                for name in names:
                    self.entities.setdefault(kind, {}).setdefault(name, set()).add(c.article)

    def entities_in(self, text: str) -> dict[str, list[str]]:
        return entities_in(text, self.ordinary)

    def answered_elsewhere(self, question: str, new: str) -> bool:
        """Does some sentence holding ``new`` share half or more of the question's other content words?"""
        rest = set(stemmed_terms(question)) - set(stemmed_terms(new))
        if not rest:
            return True
        for c, stems in zip(self.sentences, self.stems):
            if canonical(new) in canonical(c.text) and len(rest & stems) >= 0.5 * len(rest):
                return True
        return False


def swaps_for(p: Positive, corpus: Corpus, rng: random.Random) -> list[Swap]:
    """The rule-made near misses of one positive (at most one per rule), none answered by its sentence."""
    out = []
    sentence, question = p.candidate.text, p.question
    kind = answer_kind(question, p.answer)
    for ent_kind, names in corpus.entities_in(question).items():
        for name in names:
            if len(name) < 3 or canonical(name) in _TOPIC:
                continue
            changed = _swap_entity(question, name, ent_kind, p.candidate, corpus, rng)
            if changed:
                out.append(Swap(changed, kind, f"entity:{ent_kind}"))
                break
        if out:
            break
    years = _YEAR.findall(question)
    if years:
        year = int(years[0])
        choices = [y for y in (year - 2, year - 1, year + 1, year + 2) if y <= 2026 and str(y) not in sentence]
        rng.shuffle(choices)
        for other in choices:
            changed = question.replace(str(year), str(other), 1)
            if not corpus.answered_elsewhere(changed, str(other)):
                out.append(Swap(changed, kind, "year"))
                break
    exact = _exact_date_question(question, p.answer, sentence)
    if exact:
        out.append(Swap(exact, "date", "exact-date"))
    return out


def _swap_entity(question: str, name: str, kind: str, c: Candidate, corpus: Corpus, rng: random.Random) -> str | None:
    """``question`` with ``name`` replaced by an entity of the same kind from another article, one its
    sentence does not name and no sentence answers the changed question with (None if there is none)."""
    sentence = canonical(c.text)
    pool = sorted(
        other
        for other, articles in corpus.entities.get(kind, {}).items()
        if c.article not in articles
        and len(other) >= 3
        and canonical(other) not in sentence
        and canonical(other) != canonical(name)
        and canonical(other) not in _TOPIC
    )
    rng.shuffle(pool)
    for other in pool[:6]:
        changed = re.sub(rf"\b{re.escape(name)}\b", other, question)
        if changed != question and not corpus.answered_elsewhere(changed, other):
            return changed
    return None


def _exact_date_question(question: str, answer: str, sentence: str) -> str | None:
    """ "On what exact date …" for a question whose sentence gives only a year, or where a place is asked
    and the sentence gives no date at all (None if neither)."""
    no_day = not _DAY_MONTH.search(sentence) and not _MONTH.search(sentence)
    only_year = re.fullmatch(r"(?:in )?(?:19|20)\d{2}", answer)
    match = re.match(r"(?:When|In (?:what|which) year)\s+(.*)$", question)
    if match and only_year and no_day:
        return f"On what exact date {match.group(1)}"
    match = re.match(r"Where\s+(was|were|did|does|do|is|are|will|has|have)\s+(.*)$", question)
    if match and no_day and not _YEAR.search(sentence):
        return f"On what date {match.group(1)} {match.group(2)}"
    return None


# -- output -------------------------------------------------------------------------------------------


def item(id_: str, question: str, source: str, tag: str, kind: str, answer: str = "") -> dict[str, Any]:
    """One line of the output, in the evaluation set's format (a near miss when ``answer`` is empty)."""
    return {
        "id": id_,
        "question": question,
        "history": [],
        "answerable": bool(answer),
        "reference_answer": answer,
        "key_facts": [{"text": answer, "aliases": []}] if answer else [],
        "evidence": [{"source": source, "span": answer}],
        "tags": ["generated", tag, kind],
    }


class Output:
    """The output file, the sidecar and the attempt log, appended to line by line."""

    def __init__(self, out: Path, sidecar: Path):
        self.out, self.sidecar, self.attempts = out, sidecar, sidecar.with_name("attempts.jsonl")
        for path in (out, sidecar):
            path.parent.mkdir(parents=True, exist_ok=True)
        self.items = list(_read_jsonl(out))
        self.sentences = {row["id"]: row for row in _read_jsonl(sidecar)}
        self.tried = {(row["stage"], row["key"]) for row in _read_jsonl(self.attempts)}
        self.questions = {i["question"].lower() for i in self.items}
        numbers = [int(m.group(1)) for i in self.items if (m := re.fullmatch(r"gen-(\d+)", i["id"]))]
        self.next_number = max(numbers, default=0) + 1

    def remove(self, ids: set[str]) -> None:
        """Drop these items from the output and the sidecar (both rewritten)."""
        self.items = [i for i in self.items if i["id"] not in ids]
        self.sentences = {k: v for k, v in self.sentences.items() if k not in ids}
        self.out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in self.items), encoding="utf-8")
        rows = self.sentences.values()
        self.sidecar.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    def count(self, tag: str) -> int:
        return sum(tag in i["tags"] for i in self.items)

    def positives(self, by_key: dict[str, Candidate]) -> list[Positive]:
        out = []
        for i in self.items:
            row = self.sentences.get(i["id"])
            if "positive" in i["tags"] and row and row["key"] in by_key:
                out.append(Positive(i["id"], i["question"], i["reference_answer"], by_key[row["key"]]))
        return out

    def tried_before(self, stage: str, key: str) -> bool:
        return (stage, key) in self.tried

    def attempt(self, stage: str, key: str, outcome: str) -> None:
        self.tried.add((stage, key))
        _append(self.attempts, {"stage": stage, "key": key, "outcome": outcome})

    def add(self, c: Candidate, question: str, tag: str, kind: str, answer: str = "", rule: str = "") -> str | None:
        """Append one item (and its sidecar row); None if the question was already written."""
        if question.lower() in self.questions:
            return None
        id_ = f"gen-{self.next_number:04d}"
        self.next_number += 1
        row = item(id_, question, c.source, tag, kind, answer)
        self.items.append(row)
        self.questions.add(question.lower())
        _append(self.out, row)
        side = {"id": id_, "key": c.key, "source": c.source, "sentence": c.text, "tag": tag, "rule": rule}
        self.sentences[id_] = side
        _append(self.sidecar, side)
        return id_


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def _append(path: Path, row: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")


# -- stages -------------------------------------------------------------------------------------------


class Clock:
    def __init__(self, minutes: float):
        self.started = time.monotonic()
        self.limit = minutes * 60

    def left(self) -> bool:
        return time.monotonic() - self.started < self.limit

    def stamp(self) -> str:
        return f"{(time.monotonic() - self.started) / 60:5.1f} min"


@dataclass
class Quotas:
    positives: int
    near_misses: int
    no_target_near: float  # share of sentences without a target phrase that still get a near miss
    rounds: int  # passes over the sentences (pass n asks for each sentence's n-th phrase)
    seed: int


def run_model(cands: Sequence[Candidate], ask: Ask, out: Output, quotas: Quotas, clock: Clock) -> None:
    """Passes over the sentences: in pass n, a positive asking for the n-th phrase of each sentence that has
    one (in the second, also one from each sentence with none, the model choosing its answer), and a near
    miss from each sentence that gave a positive (a pair on one subject, both labels) and from some of
    those with no phrase to ask for."""
    for round_ in range(quotas.rounds):
        for c in cands:
            if not clock.left():
                print(f"[{clock.stamp()}] time is up: no more questions from the model", flush=True)
                return
            if out.count("positive") >= quotas.positives and out.count("llm-near-miss") >= quotas.near_misses:
                return
            targets = pick_targets(c, random.Random(f"{quotas.seed}:{c.key}"))  # the same whatever ran before
            near_rng = random.Random(f"{quotas.seed}:{c.key}:near")
            kept = False
            # A sentence with no phrase to ask for gets one try in the second pass, the model choosing.
            if (round_ < len(targets) or (not targets and round_ == 1)) and out.count("positive") < quotas.positives:
                kept = try_positive(c, targets[round_] if targets else None, round_, ask, out, clock)
            wanted = kept or (not targets and round_ == 0 and near_rng.random() < quotas.no_target_near)
            if wanted and out.count("llm-near-miss") < quotas.near_misses:
                try_near_miss(c, ask, out, clock, near_rng)


def try_positive(c: Candidate, wanted: str | None, round_: int, ask: Ask, out: Output, clock: Clock) -> bool:
    """Ask for a positive from ``c`` once a pass (never again once tried); whether ``c`` has one now."""
    attempt = f"{c.key}#{round_}"
    if out.tried_before("positive", attempt):
        return any(row["key"] == c.key and row["tag"] == "positive" for row in out.sentences.values())
    reply = ask(positive_prompt(c, wanted), POSITIVE_SCHEMA)
    result = check_positive(reply, c.text)
    id_ = None
    if isinstance(result, str):
        outcome = f"{result}: {reply}"
    else:
        question, answer = result
        id_ = out.add(c, question, "positive", answer_kind(question, answer), answer)
        outcome = f"kept {id_}: {question} => {answer}" if id_ else "duplicate question"
    out.attempt("positive", attempt, outcome)
    _progress(clock, "positive", out, c, outcome)
    return id_ is not None


def try_near_miss(c: Candidate, ask: Ask, out: Output, clock: Clock, rng: random.Random) -> None:
    """Ask for a near miss from ``c`` once (never again once tried), for a detail the sentence lacks."""
    missing = missing_details(c.text)
    if out.tried_before("llm-near-miss", c.key) or not missing:
        return
    detail = rng.choice(missing)
    reply = ask(near_prompt(c, detail), NEAR_SCHEMA)
    if not reply:
        outcome = "unreadable reply"
    else:
        question = _clean(reply.get("question"))
        outcome = near_problem(question, detail, c.text) or ""
        if not outcome:
            id_ = out.add(c, question, "llm-near-miss", asked_kind(question, detail), rule=detail)
            outcome = f"kept {id_} ({detail}): {question}" if id_ else "duplicate question"
        else:
            outcome = f"{outcome} ({detail}): {question}"
    out.attempt("llm-near-miss", c.key, outcome)
    _progress(clock, "llm-near-miss", out, c, outcome)


def run_swaps(positives: Sequence[Positive], corpus: Corpus, out: Output, target: int, seed: int) -> None:
    for p in positives:
        if out.count("swap") >= target:
            return
        if out.tried_before("swap", p.id):
            continue
        rng = random.Random(f"{seed}:{p.id}")  # the same swaps whatever was done before
        kept = []
        for s in swaps_for(p, corpus, rng):
            if out.count("swap") < target and (id_ := out.add(p.candidate, s.question, "swap", s.kind, rule=s.rule)):
                kept.append(f"{id_} ({s.rule})")
        out.attempt("swap", p.id, "kept " + ", ".join(kept) if kept else "no swap")
    print(f"swaps: {out.count('swap')} written", flush=True)


def _progress(clock: Clock, stage: str, out: Output, c: Candidate, outcome: str) -> None:
    print(f"[{clock.stamp()}] {stage:13} {out.count(stage):4d} kept  {c.source[:24]:24} {outcome}", flush=True)


def recheck(out: Output) -> None:
    """Drop the written items that the current checks reject (each judged with its sentence from the
    sidecar): checks made stricter after a run apply to what it wrote, without asking the model again."""
    dropped: set[str] = set()
    for i in out.items:
        row = out.sentences.get(i["id"])
        problem = recheck_problem(i, row["sentence"], row.get("rule", "")) if row else None
        if problem:
            dropped.add(i["id"])
            print(f"drop {i['id']} ({i['tags'][1]}): {problem}: {i['question']}", flush=True)
    out.remove(dropped)
    print(f"recheck: {len(dropped)} dropped, {len(out.items)} kept", flush=True)


def recheck_problem(item_: dict[str, Any], sentence: str, rule: str) -> str | None:
    if not is_content(sentence, heading=False):
        return "not a content sentence"
    if "positive" in item_["tags"]:
        result = check_positive({"question": item_["question"], "answer": item_["reference_answer"]}, sentence)
        return result if isinstance(result, str) else None
    if "llm-near-miss" in item_["tags"]:
        return near_problem(item_["question"], rule, sentence)
    return None


# -- command line -------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.generate_training",
        description=(
            "Generate training questions (positives and near misses) for the answerability probe of issue 21 "
            "from the seed corpus and the tuning collection 'interior' only. Resumable: run it again to go on."
        ),
    )
    parser.add_argument("--out", type=Path, default=REPO / "evals" / "training" / "generated.jsonl", help="items (JSON lines)")
    parser.add_argument("--sidecar", type=Path, default=DEFAULT_SIDECAR, help="id -> source sentence (keep out of git)")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="the GGUF model file")
    parser.add_argument("--positives", type=int, default=300, help="positives to keep")
    parser.add_argument("--llm-near-misses", type=int, default=160, help="model-made near misses to keep")
    parser.add_argument("--swaps", type=int, default=160, help="rule-made near misses to keep")
    parser.add_argument(
        "--no-target-near",
        type=float,
        default=0.35,
        help="share of sentences with no date, number, name or place that still get a near miss",
    )
    parser.add_argument("--rounds", type=int, default=3, help="passes over the sentences, one phrase asked for each")
    parser.add_argument("--minutes", type=float, default=45.0, help="stop asking the model after this long")
    parser.add_argument("--threads", type=int, default=2, help="llama.cpp threads (1 is faster while another process is busy)")
    parser.add_argument("--temperature", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="only drop written items that the current checks reject (no model), then stop",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from otsqa.settings import load_settings

    paths = tuning_articles(load_settings().corpus_dir)
    sentences = [c for number, path in enumerate(paths) for c in article_sentences(path, number)]
    candidates = [c for c in sentences if c.content]
    print(f"{len(candidates)} content sentences in {len(paths)} articles", flush=True)
    rng = random.Random(args.seed)
    ordered = round_robin(candidates, rng)
    out = Output(args.out, args.sidecar)
    if args.recheck:
        recheck(out)
        return 0
    clock = Clock(args.minutes)
    needs_model = out.count("positive") < args.positives or out.count("llm-near-miss") < args.llm_near_misses
    if needs_model:
        ask = llama_asker(args.model, args.threads, args.temperature, args.seed)
        quotas = Quotas(args.positives, args.llm_near_misses, args.no_target_near, args.rounds, args.seed)
        run_model(ordered, ask, out, quotas, clock)
    by_key = {c.key: c for c in candidates}
    run_swaps(out.positives(by_key), Corpus(sentences), out, args.swaps, args.seed)
    counts = {tag: out.count(tag) for tag in ("positive", "swap", "llm-near-miss")}
    print(f"done in {clock.stamp()}: {counts} -> {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
