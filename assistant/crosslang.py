"""What a multilingual embedding model loses across languages, and what the answerer does about it.

A question lies closer to any text in its own language than to the same meaning in another one: with
multilingual-e5, a question and a sentence that answers it score about 0.045 lower in cosine when one of
them is Russian or Turkish and the other English (0.02 for Azerbaijani, Kazakh and Uzbek). An English
question about a Russian article then finds English passages of other articles first, however little they
say. The retriever and the answerer add the gap back to a passage in another language than the question's
(`TranslationGap`), and read a question's words only against text in its own language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from otsqa.languages import ENGLISH
from otsqa.text import stem


@dataclass(frozen=True)
class TranslationGap:
    """The cosine an embedding model loses between a text and its translation, per language of the pair's
    non-English side (``gaps``; ``default`` for a language not listed). Empty: the model reads one language."""

    gaps: dict[str, float] = field(default_factory=dict)
    default: float = 0.0

    def __bool__(self) -> bool:
        return bool(self.gaps) or self.default > 0

    def __call__(self, a: str, b: str) -> float:
        """What a passage in language ``b`` gets back against a question in ``a`` (0 for the same
        language). Two languages but English: the wider of their gaps (not measured apart)."""
        return 0.0 if a == b else max(self._one(a), self._one(b))

    def _one(self, language: str) -> float:
        return 0.0 if language == ENGLISH else self.gaps.get(language, self.default)


def says_name(word: str, terms: set[str], same_name: dict[str, tuple[str, ...]]) -> bool:
    """Whether a text, given as its stemmed ``terms``, names what ``word`` names in any language its group
    in ``same_name`` gives (a form of five letters or more may begin an inflected word: "венгри" is said
    by "Венгрии" and "Венгрию")."""
    for form in same_name.get(word, (word,)):
        root = stem(form)
        if root in terms or (len(root) >= 5 and any(t.startswith(root) for t in terms)):
            return True
    return False
