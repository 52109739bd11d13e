"""Checking a generated answer sentence by sentence against the passages it cites.

A sentence is `supported` when all of these hold, else `unsupported` with the reason:
1. it cites at least one passage that was supplied ([n] with 1 <= n <= number of passages);
2. every quantity in it — digits, number words ("three"), ordinals, dates, years, percentages, money —
   is given by a sentence of a cited passage about the same subject: one that holds the same value
   (in any form: "3" gives "three"), shares one of its names or content words, and, when the generated
   sentence has a year, belongs to that year (`assistant/quantities.py`);
3. every proper name in it (a capitalised word other than an ordinary sentence opener; months too)
   appears in a cited passage or its article's title;
4. its meaning (a short fragment's: read with the question) is close to one sentence of a cited
   passage: the MiniLM cosine of the two is at least a threshold calibrated on the evaluation set
   (`evals/calibrate_verify.py` writes `verification.json`).
The sentence of each cited passage that matches best is what the citation quotes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from assistant import quantities as Q
from assistant.answer import Passage
from assistant.quoting import Quote, passage_sentences
from otsqa.errors import ConfigError
from otsqa.text import proper_names, split_sentences
from store.base import cosine

SUPPORTED = "supported"
UNSUPPORTED = "unsupported"
# The similarity threshold, fitted by `python -m evals.calibrate_verify` (reference answers against
# sentences of passages with and without their gold evidence).
CALIBRATION_PATH = Path(__file__).parent / "verification.json"
SHORT_WORDS = 6  # a "sentence" of fewer words is a fragment that answers the question

_MARKERS = re.compile(r"\s*\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]")
_ONLY_MARKERS = re.compile(r"^(?:\s*\[\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\])+[\s.,;:!?]*$")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


@dataclass
class Sentence:
    """One generated sentence: its words (markers removed), the passages it cites, the verdict."""

    text: str
    citations: list[int]
    verdict: str = ""
    reason: str = ""
    score: float = 0.0  # best cosine to a sentence of a cited passage
    matches: dict[int, Quote] = field(default_factory=dict)  # n → the sentence of passage n that matches best

    @property
    def supported(self) -> bool:
        return self.verdict == SUPPORTED

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "citations": self.citations, "verdict": self.verdict}
        if self.reason:
            data["reason"] = self.reason
        return data


def _numbers(group: str) -> list[int]:
    """'1, 3' → [1, 3]; '1-3' → [1, 2, 3] (a range is read as every passage in it)."""
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", group):
        ends = [int(x) for x in re.split(r"\s*[–-]\s*", part) if x]
        if len(ends) == 2 and 0 < ends[1] - ends[0] < 10:
            out += list(range(ends[0], ends[1] + 1))
        else:
            out += ends
    return out


def split_answer(text: str) -> list[Sentence]:
    """The generated text as sentences, each with the [n] markers that follow (or close) it.

    Markers written after the full stop ("… in 2025. [2]") belong to the sentence before them."""
    sentences: list[Sentence] = []
    for start, end in split_sentences(text):
        piece = text[start:end]
        if _ONLY_MARKERS.match(piece):
            if sentences:
                sentences[-1].citations += [n for n in _cited(piece) if n not in sentences[-1].citations]
            continue
        lead = re.match(r"(?:\s*\[\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\])+", piece)
        if lead and sentences:  # "[2] Next sentence": the marker closed the previous one
            sentences[-1].citations += [n for n in _cited(lead.group()) if n not in sentences[-1].citations]
            piece = piece[lead.end() :]
        words = " ".join(_MARKERS.sub("", piece).split())
        words = re.sub(r"\s+([.,;:!?])", r"\1", words).lstrip("-•* ").strip()
        if words and any(ch.isalnum() for ch in words):
            sentences.append(Sentence(words, _cited(piece)))
    return sentences


def _cited(piece: str) -> list[int]:
    out: list[int] = []
    for match in _MARKERS.finditer(piece):
        out += [n for n in _numbers(match.group(1)) if n not in out]
    return out


def numbers_in(text: str) -> list[str]:
    return [m.group().replace(",", "") for m in _NUMBER.finditer(text)]


def similarity_threshold(path: Path = CALIBRATION_PATH) -> float:
    try:
        return float(json.loads(path.read_text(encoding="utf-8"))["threshold"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"No usable similarity threshold in {path} ({type(exc).__name__}): run `python -m evals.calibrate_verify`."
        ) from None


class Verifier:
    """Gives each sentence its verdict. ``embed`` is the MiniLM embedder's ``embed``; ``texts`` gives a
    cleaned article by doc_id (citations quote slices of it)."""

    def __init__(
        self,
        embed: Callable[[list[str]], list[list[float]]],
        texts: Callable[[str], str],
        threshold: float | None = None,
        quantities: bool = True,
    ):
        self.embed = embed
        self.texts = texts
        self.threshold = similarity_threshold() if threshold is None else threshold
        # False: the check before issue 21 (each digit anywhere in the cited passages; number words
        # unchecked). Kept only so tools/measure_verify.py can measure both on the same sentences.
        self.quantities = quantities

    def verify(self, sentences: Sequence[Sentence], passages: Sequence[Passage], question: str = "") -> list[Sentence]:
        """``passages[i]`` is passage [i + 1] of the prompt. Verdicts are set in place (and returned).

        A short fragment ("Gabala [1]") means something only as the answer to the question, so its
        meaning is compared as question and fragment together."""
        quotes = {n: passage_sentences(p, self.texts(p.doc_id)) for n, p in enumerate(passages, 1)}
        flat = [(n, q) for n, qs in quotes.items() for q in qs]
        claims = [f"{question} {s.text}" if question and len(s.text.split()) < SHORT_WORDS else s.text for s in sentences]
        vectors = self.embed(claims + [q.text for _, q in flat]) if sentences else []
        own, theirs = vectors[: len(sentences)], vectors[len(sentences) :]
        for sentence, vector in zip(sentences, own):
            cited = [n for n in sentence.citations if 1 <= n <= len(passages)]
            for n in cited:
                scored = [(cosine(vector, v), q) for (m, q), v in zip(flat, theirs) if m == n]
                if scored:
                    score, quote = max(scored, key=lambda pair: pair[0])
                    sentence.matches[n] = quote
                    sentence.score = max(sentence.score, score)
            sentence.verdict, sentence.reason = self._judge(sentence, cited, [passages[n - 1] for n in cited], question)
        return list(sentences)

    def _judge(self, sentence: Sentence, cited: list[int], passages: list[Passage], question: str = "") -> tuple[str, str]:
        if not sentence.citations:
            return UNSUPPORTED, "cites no passage"
        if not cited:
            return UNSUPPORTED, "cites no passage that was supplied"
        evidence = " ".join(p.text for p in passages)
        if self.quantities:
            if reason := Q.check(sentence.text, [p.text for p in passages], question):
                return UNSUPPORTED, reason
        else:
            digits = " ".join(numbers_in(evidence))
            missing = [x for x in numbers_in(sentence.text) if not re.search(rf"(?<![\d.]){re.escape(x)}(?![\d])", digits)]
            if missing:
                return UNSUPPORTED, f"number not in the cited passages: {', '.join(missing)}"
        lowered = (evidence + " " + " ".join(p.title for p in passages)).lower()
        # "Three drones …": a number word opening the sentence is a quantity (checked above), not a name.
        ignore = Q.NUMBER_WORDS if self.quantities else ()
        unknown = [n for n in proper_names(sentence.text, ignore=ignore) if n.lower() not in lowered]
        if unknown:
            return UNSUPPORTED, f"name not in the cited passages: {', '.join(dict.fromkeys(unknown))}"
        if sentence.score < self.threshold:
            return UNSUPPORTED, f"meaning not close to a cited sentence ({sentence.score:.2f} < {self.threshold:.2f})"
        return SUPPORTED, ""


def share_supported(sentences: Sequence[Sentence]) -> float:
    return sum(s.supported for s in sentences) / len(sentences) if sentences else 0.0
