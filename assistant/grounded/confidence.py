"""Confidence: whether the chosen evidence answers the question, or the assistant abstains.

The confidence comes from the best sentence's score, how much of the question the chosen evidence
covers, words and numbers the collection never uses, names the question says that the evidence does
not (most of all the first, whom the question is about), and whether the evidence holds the kind of
thing asked for (a number for "how many", a day for "on which day", a name for "who"). Below a
threshold calibrated on the evaluation set (assistant/calibration.json) the assistant abstains. Its
own stage because it is what `otsqa evals calibrate` fits, and what docs/evaluation.md describes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from assistant.grounded.params import GroundedParams
from assistant.grounded.question_types import expected_type, holds_type, ordinals, says_other_stage
from assistant.grounded.quotable import Candidate
from assistant.lexicon import Lexicon
from assistant.quoting import ArticleTexts
from otsqa.languages import ENGLISH
from otsqa.languages import detect as detect_language
from otsqa.text import DOCUMENT_WORDS, capitalised_runs, stem, stemmed_terms
from store.base import Store

ABSTAIN_TEXT = "The articles do not answer this question."
# Where a question names its source: "according to …", "in the article on …", "as the brief says".
# Its words name the article, not what the answer must say: "According to the Turkic Digital Watch digest, when
# was Uzbekcosmos created?" is answered by a sentence that never says "Turkic Digital Watch".
# Also "According to the Almaty consultant quoted in the cable article, …" (the clause up to its comma names
# whom the article quotes) and "Why does the Tbilisi report say …?" (a document saying, arguing, listing).
_SOURCE_CLAUSE = re.compile(
    rf"\b(?:according\s+to|as\s+per|per|in|from|as)\s+(?:the|this|that|an?|one)\s+(?:[\w'’-]+\s+){{0,3}}?{DOCUMENT_WORDS}"
    r"(?:['’]s?\s+(?:view|account|words|telling|reading))?\b(?:\s+(?:on|about|by|titled|called|from|of)\s+[^,;?]*)?"
    rf"|\baccording\s+to\s+(?:the|this|that|an?|one)\s+[^,;?]{{0,60}}?\b{DOCUMENT_WORDS}\b[^,;?]*"
    rf"|\b(?:the|this|that)\s+(?:[\w'’-]+\s+){{0,3}}?{DOCUMENT_WORDS}(?=\s+(?:says?|said|argues?|claims?|writes?|sees?|"
    r"suggests?|recommends?|describes?|calls?|puts?|notes?|concludes?|expects?|lists?|gives?|thinks?|finds?|reports?|"
    r"mentions?|reads?|treats?|judges?|counts?)\b)"
    # "…, according to Farrukh Ergashev?": the person whose account it is, named last
    r"|\baccording\s+to\s+(?:(?-i:[A-Z])[\w'’.-]*\s+){0,3}(?-i:[A-Z])[\w'’.-]*(?=\s*[,;?]|\s*$)"
    r"|\baccording\s+to\b"
    # "In Ergashev's telling", "per Kapanadze's report", "Nurlanov's deck flags …", "In the Steppe & Sea Review's
    # table of key dates": a person's or an outlet's possessive before their account or piece names the source
    rf"|\b(?:(?:in|per|from|by)\s+)?(?:the\s+)?(?:[A-Z][\w&'’.-]*\s+(?:&\s+)?){{0,3}}[A-Z][\w'’.-]*['’]s?\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{DOCUMENT_WORDS}|telling|account|words|view|reading|assessment|estimate|figures|table|slides?|deck)\b",
    re.I,
)
ORDINAL_ENDINGS = ("st", "nd", "rd", "th")


class Confidence:
    """The features of a chosen answer, their weighted sum, and the decision to abstain."""

    def __init__(self, store: Store, texts: ArticleTexts, lexicon: Lexicon, params: GroundedParams):
        self.store = store
        self.texts = texts
        self.lexicon = lexicon
        self.params = params
        # Word counts of an article, for `absent_names` (kept as long as the cached text they count).
        self._words = lru_cache(maxsize=64)(
            lambda doc_id, seen, language=ENGLISH: Counter(stemmed_terms(self.texts(doc_id), language))
        )

    def threshold(self, features: dict[str, float]) -> float:
        """The threshold that decides for an answer of these features: a question answered across languages
        reads only numbers and has its own; one in the language of its evidence is weighed word by word as an
        English one is (`features`), against the same threshold."""
        english = features.get("english", 1.0) == 1.0 or features.get("same_language", 0.0) == 1.0
        threshold = self.params.threshold if english else self.params.other_language_threshold
        return self.params.threshold if threshold is None else threshold

    def abstains(self, features: dict[str, float]) -> bool:
        return features["confidence"] < self.threshold(features)

    def features(
        self, question, best, chosen, weights, df, across: bool = False, evidence_language: str | None = None
    ) -> dict[str, float]:
        """The confidence's features and their sum; ``across``: the best sentence's article is in another
        language than the question (the retriever tells, from the whole article: a Turkish sentence
        without a Turkish function word reads as English); ``evidence_language``: that article's language,
        when the retriever told it (else it is told from the answering sentences)."""
        # A FAQ's answer says what its question heading says ("What is new about Türksat 6A?" / "It was launched …").
        evidence_text = " ".join(_said(c) for c in chosen)
        # The word-based features were built and calibrated on English questions about English articles. A
        # question in another language about evidence in that same language shares its words as an English
        # one does, read by that language's stems (otsqa.text.stem): "Кто представлял Казахстан …" and
        # "Казахстан представлял …"; so it is weighed the same way, against the same threshold.
        language = detect_language(question)
        if language != ENGLISH and not evidence_language:
            evidence_language = detect_language(" ".join(_said(c) for c in chosen if c.role in ("lead", "context")))
        same_language = not across and language != ENGLISH and evidence_language == language
        english = not across and language == ENGLISH and detect_language(evidence_text) == ENGLISH
        reading = language if same_language else ENGLISH  # whose stems the words are compared by
        evidence = set(stemmed_terms(evidence_text, reading))
        named = weights
        if not english and not same_language:
            # A question in another language than its evidence shares no words with it, only numbers
            # ("12-й саммит", "12. zirve" and "the 12th Summit" all say 12): every word-based feature is
            # read on its numbers, and a question without any has nothing to check; and the names of
            # countries the lexicon gives in the region's languages ("Hungary": Венгрия, Macaristan), whose
            # absence from the evidence counts as an English name's does.
            named = {w: v for w, v in weights.items() if w.isdigit() or w in self.lexicon.multilingual}
            weights = {w: v for w, v in weights.items() if w.isdigit()}
            evidence |= {m.group() for t in evidence if (m := re.match(r"\d+", t))}
        total = sum(weights.values()) or 1.0
        p_letters = self.params.shared_prefix if reading == ENGLISH else 0
        coverage = 1.0
        if weights or english or same_language:
            coverage = sum(w for word, w in weights.items() if _covered(stem(word, reading), evidence, p_letters)) / total
        unknown = sum(weights[word] for word in self.unknown_words(question, weights, df)) / total
        unknown_numbers = float(any(df.get(w, 0) == 0 and any(ch.isdigit() for ch in w) for w in weights))
        # Weighed among the question's names only: a long question does not dilute the one name it is about.
        every_name = self.question_names(question, named, df)
        # Names said only where the question names its source ("In Ergashev's telling", "per Kapanadze's report",
        # "according to the Gulf Port Watch digest") are the answering article's, not the answer's: its text, title,
        # author or outlet must say them somewhere.
        asked_of = _SOURCE_CLAUSE.sub(" ", question)
        names = [w for w in every_name if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", asked_of, re.I)]
        sources = [w for w in every_name if w not in names]
        absent = self.unnamed(question, names, chosen, reading)
        unsourced = self.unsourced(sources, chosen, reading)
        missing = sum(named[w] for w in absent + unsourced) / (sum(named[w] for w in names + sources) or 1.0)
        # "What did NATO say about the Gabala Declaration?": quoting the Declaration answers about someone else.
        subject_absent = float(bool(names) and names[0] in absent)
        kind = expected_type(question)
        type_ok = float(holds_type(kind, question, evidence_text, self.lexicon)) if kind else 1.0
        # Whom the question is about, said by the answering sentences themselves: "On what date did Kazakhstan
        # recognise the Taliban?" quoting "Russia became the first country to recognise …" from an article
        # that names Kazakhstan often (so `subject_absent` lets it pass) answers about someone else.
        answering = " ".join(_said(c) for c in chosen if c.role in ("lead", "context")) or evidence_text
        unsaid = self.unsaid(names[:1], answering, reading)
        if unsaid:  # "Ramil Usubov's attendance" is said by "Usubov has attended …"
            said = [w for w in names[1:] if not self.unsaid([w], answering, reading)]
            unsaid = self.named_by_surname(question, unsaid, unsaid + said, chosen)
        # The first name is whom an English question is about ("What did NATO say …?"); the region's languages
        # put the topic or the source first ("Bakü'deki panelde …", "ACOA'nın açıklamasına göre …", "По данным
        # …"), so in them the first name tells nothing of whom the answer must name.
        subject_unsaid = float(bool(unsaid)) if not same_language else 0.0
        subject_absent = subject_absent if not same_language else 0.0
        # "When was the sixth meeting held?" quoting "The third meeting was held in Baku …": another event of
        # the series. Every event of a series the question names by its ordinal ("the sixth meeting", "the
        # 24th summit", "the fifth phase": lexicon series_nouns) is said by what answers (with more of its own
        # article quoted beside it: "Third meeting: Bishkek, July 2024" under a table's first row), in words or
        # figures. Not "first" ("the first meeting" is as often "the inaugural one"), nor an ordinal naming no
        # event ("the second largest", "for the second time", "a second benefit").
        asked = ordinals(question, self.lexicon.series_nouns) - {1} if english else set()
        lead_articles = {c.doc_id for c in chosen if c.role != "extra"}
        beside = " ".join(_said(c) for c in chosen if c.role == "extra" and c.doc_id in lead_articles)
        ordinal_unsaid = float(bool(asked - ordinals(f"{answering} {beside}")))
        # "When did Azerbaijan host the first meeting?" quoting "… in Istanbul, organised by Türkiye's Diyanet":
        # a country the question names, unsaid by what answers, which names another one instead.
        other_party = float(english and self.other_party(question, names, answering))
        # "On what date did parliament ratify the agreement?" quoting "… the agreement was signed on 6 November
        # 2024": another stage of the same event, whose date is not the one asked.
        other_stage = float(english and says_other_stage(question, answering, self.lexicon))
        features = {
            "subject_unsaid": subject_unsaid,
            "other_party": other_party,
            "other_stage": other_stage,
            "ordinal_unsaid": ordinal_unsaid,
            "semantic": float(best.semantic),
            "coverage": float(coverage),
            "unknown": float(unknown),
            "unknown_numbers": unknown_numbers,
            "missing": float(missing),
            "subject_absent": subject_absent,
            "type_ok": type_ok,
            # A question asking for no kind of thing ("Why …?", "What does the brief recommend?") is answered in
            # other words than its own: its coverage runs lower than a date's or a name's.
            "open": float(english and not kind),
            "relevance": float(best.relevance) if best.relevance is not None else -1.0,
            "english": float(english),
            "same_language": float(same_language),
        }
        confidence = 0.0
        for part in self.contributions(features).values():
            confidence += part
        return features | {"confidence": float(confidence), "sentences": float(len(chosen))}

    def contributions(self, features: dict[str, float]) -> dict[str, float]:
        """Each feature's signed part of the confidence, which is their sum: what a keeper reads off a
        trace ("missing -0.25"). The cross-encoder's part only when it read the best sentence
        (``features["relevance"]`` is -1 when it did not)."""
        p = self.params
        parts = {
            "semantic": features["semantic"],
            "coverage": p.coverage_weight * features["coverage"],
            "unknown": -(p.unknown_weight * features["unknown"]),
            "unknown_numbers": -(p.unknown_number_weight * features["unknown_numbers"]),
            "type_ok": -(p.type_weight * (1.0 - features["type_ok"])),
            "missing": -(p.missing_weight * features["missing"]),
            "subject_absent": -(p.subject_weight * features["subject_absent"]),
            "subject_unsaid": -(p.subject_unsaid_weight * features.get("subject_unsaid", 0.0)),
            "ordinal_unsaid": -(p.ordinal_weight * features.get("ordinal_unsaid", 0.0)),
            "other_party": -(p.other_party_weight * features.get("other_party", 0.0)),
            "open": p.open_weight * features.get("open", 0.0),
            "other_stage": -(p.stage_weight * features.get("other_stage", 0.0)),
        }
        if features["relevance"] >= 0:
            parts["relevance"] = p.relevance_weight * (features["relevance"] - 0.5)
        return parts

    def unknown_words(self, question: str, weights: dict[str, float], df: dict[str, int]) -> list[str]:
        """The question's names and numbers that the collection never uses (the ``unknown`` feature's words)."""
        return [word for word in weights if df.get(word, 0) == 0 and _specific(word, question)]

    def absent_names(self, names: list[str], chosen: list[Candidate], language: str = ENGLISH) -> list[str]:
        """The question's ``names`` (names and numbers the collection has) that the evidence does not: neither its
        passages say them nor are they a subject of its articles (said ``subject_mentions`` times or more).
        "What did Iran say about the Gabala summit?" finds the summit, in an article that never names Iran:
        the quote would answer a question about someone else."""
        if not names:
            return []
        texts = {c.passage.text for c in chosen} | {c.asked for c in chosen if c.asked}
        passages = [Counter(stemmed_terms(text, language)) for text in texts]
        articles = [self._words(doc_id, self.store.seen, language) for doc_id in {c.doc_id for c in chosen}]

        def mentions(word: str, counts: Counter) -> int:
            stems = {stem(form, language) for form in self.lexicon.same_name.get(word, (word,))}

            return sum(n for w, n in counts.items() if any(_same_name(w, stem) for stem in stems))

        often = self.params.subject_mentions
        return [w for w in names if not any(mentions(w, p) for p in passages) and all(mentions(w, a) < often for a in articles)]

    def other_party(self, question: str, names: list[str], answering: str) -> bool:
        """Whether a country (or capital, demonym: one of the lexicon's name groups) the question names is
        unsaid by ``answering`` while ``answering`` names a country of another group the question does not."""
        groups = self.lexicon.same_name
        # A country as a party ("did Azerbaijan host", "Kazakhstan's ministry"), not as a place ("in Baku",
        # "detained in Kazakhstan"): a capital or a country after "in", "at", "from" or "to" is where, not who.
        # Nor a country in the words that name the source ("…, according to the article on Türkiye's role").
        question = _SOURCE_CLAUSE.sub(" ", question)
        # A visit to a country is a visit of that party: "the on-site visit to Kazakhstan" answered with Kyrgyzstan's.
        places = {
            m[1].casefold()
            for m in re.finditer(
                r"\b(?<!visit )(?<!visits )(?<!trip )(?<!mission )(?:in|at|from|to|into|across|within|inside|near)\s+([^\W\d_]+)",
                question,
                re.I,
            )
        }
        words = set(re.findall(r"[^\W\d_]+", question.casefold()))
        asked = {groups[w] for w in names if w in groups and w in self.lexicon.countries and w in words and w not in places}
        if not asked:
            return False
        said = {groups[w] for w in re.findall(r"[^\W\d_]+", answering.casefold()) if w in groups}
        said |= {group for group in asked if not self.unsaid([group[0]], answering)}
        in_question = {groups[w] for w in re.findall(r"[^\W\d_]+", question.casefold()) if w in groups}
        return bool(asked - said) and bool(said - in_question - asked)

    def unsaid(self, names: list[str], text: str, language: str = ENGLISH) -> list[str]:
        """``names`` that ``text`` itself does not say, in any form the lexicon gives ("Kazakh" says
        Kazakhstan), whatever the rest of its article says."""
        said = set(stemmed_terms(text, language))

        def says(word: str) -> bool:
            stems = {stem(form, language) for form in self.lexicon.same_name.get(word, (word,))}
            return any(_same_name(w, s) for w in said for s in stems)

        return [w for w in names if not says(w)]

    def unsourced(self, names: list[str], chosen: list[Candidate], language: str = ENGLISH) -> list[str]:
        """The ``names`` that name the question's source and that no answering article says anywhere: neither
        its text nor its title, author or outlet."""
        if not names:
            return []
        doc_ids = sorted({c.doc_id for c in chosen if c.role != "extra"} or {c.doc_id for c in chosen})
        records = self.store.articles(doc_ids=doc_ids) if doc_ids else []
        said = set()
        for doc_id in doc_ids:
            said |= set(self._words(doc_id, self.store.seen, language))
        for record in records:
            said |= set(stemmed_terms(" ".join(filter(None, (record.title, record.author, record.publication))), language))
        return [w for w in names if not any(_same_name(word, stem(w, language)) for word in said)]

    def unnamed(self, question: str, names: list[str], chosen: list[Candidate], language: str = ENGLISH) -> list[str]:
        """The question's ``names`` that the evidence ``chosen`` does not name (the ``missing`` feature's words).
        Named by what answers (the lead, what completes it and more of its own article), not by an extra from
        another article: "What did Japarov propose …?" quoting Tokayev's proposal in one article is not vouched
        for by an extra from another that names Japarov."""
        answering = [c for c in chosen if c.role != "extra"] or chosen
        articles = {c.doc_id for c in answering}
        answering += [c for c in chosen if c.role == "extra" and c.doc_id in articles]
        return self.named_by_surname(question, self.absent_names(names, answering, language), names, answering)

    def named_by_surname(self, question: str, absent: list[str], names: list[str], chosen: list[Candidate]) -> list[str]:
        """``absent`` less the first names of people the evidence names by their surname: an article says
        "Yerlikaya" or "Usubov" far more often than "Ali Yerlikaya". A word of the question just before a
        name the evidence says counts as said when the evidence's own article writes the two together
        (its full name, once, somewhere): the same person, not another one of that name."""
        out = set(absent)
        if not out:
            return absent
        texts = [(self.texts(doc_id) or "").casefold() for doc_id in {c.doc_id for c in chosen}]
        for run in capitalised_runs(question):
            words = [re.sub(r"['’]s$", "", word).lower() for word in run.split()]
            for first, last in zip(words, words[1:]):
                if first in out and last in names and last not in out:
                    if any(re.search(rf"\b{re.escape(first)}\s+{re.escape(last)}", text) for text in texts):
                        out.discard(first)
        return [w for w in absent if w in out]

    def question_names(self, question: str, weights: dict[str, float], df: dict[str, int]) -> list[str]:
        """The question's names that the collection has, in the order the question says them: words
        capitalised inside the sentence, names the lexicon knows (countries, capitals: in any case),
        numbers, and acronyms ("NATO", "CSTO") that are not in more than ``acronym_share`` of the passages."""
        # A weight is log(1 + passages / (1 + df)), so this bound is 1 + df <= share * passages, read off
        # the weight the question already has (no second count of the passages per question).
        least = math.log(1 + 1 / self.params.acronym_share)

        def acronym(word: str) -> bool:
            return (
                len(word) >= 2
                and word.isalpha()
                and re.search(rf"\b{re.escape(word.upper())}\b", question) is not None
                and weights[word] >= least
            )

        def position(word: str) -> int:
            found = re.search(rf"\b{re.escape(word)}", question, re.I)
            return found.start() if found else len(question)

        def known(word: str) -> bool:
            # A country or another name the lexicon knows is a name however it is typed ("when did
            # kazakhstan host …", or first in the question: "Kazakhstan signed what?").
            return word in self.lexicon.countries or word in self.lexicon.same_name

        def describes(word: str) -> bool:
            # "the Turkic emergency ministers", "Western partners": an adjective that names no country describes
            # whom the question is about, and no answer needs to say it ("Russian" names Russia: a party).
            return self.lexicon.is_adjective(word) and not any(_same_name(word, c) for c in self.lexicon.countries)

        names = [
            w
            for w in weights
            if df.get(w, 0) > 0
            and (_specific(w, question) or acronym(w) or known(w))
            and not describes(w)
            # "the 4th meeting" is said as "the fourth meeting": an ordinal is `ordinal_unsaid`'s to check
            and not re.fullmatch(rf"\d+(?:{'|'.join(ORDINAL_ENDINGS)})", w)
        ]
        return sorted(names, key=position)


def _covered(word: str, evidence: set[str], prefix: int) -> bool:
    """Whether the evidence says ``word`` (a stem): as itself, or, for a long word, as a word of the same
    first ``prefix`` letters ("astronautics" and "Astronautical", "cooperation" and "cooperative"); 0: itself only."""
    if word in evidence:
        return True
    if not prefix or len(word) < prefix or any(ch.isdigit() for ch in word):
        return False
    head = word[:prefix]
    return any(len(other) >= prefix and other.startswith(head) for other in evidence)


def _said(candidate: Candidate) -> str:
    """What a chosen sentence says, with the question the article asked just before it, if any."""
    return f"{candidate.asked} {candidate.hit.text}" if candidate.asked else candidate.hit.text


def _same_name(word: str, name: str) -> bool:
    """Whether a text's stemmed ``word`` says the stemmed ``name``. "Kazakh" names Kazakhstan and
    "Azerbaijani" Azerbaijan: a long stem that begins the other counts. A number is said by its ordinal
    too: "12" (as "12-й", "12." or "12-ci" give it) is "12th"."""
    if name.isdigit():
        return word == name or (word.startswith(name) and word[len(name) :] in ORDINAL_ENDINGS)
    return word == name or (len(name) >= 5 and len(word) >= 5 and (word.startswith(name) or name.startswith(word)))


def _specific(word: str, question: str) -> bool:
    """Whether an unknown word counts against answering: only names and numbers (ordinary words a
    paraphrase brings are not evidence of a missing answer)."""
    return any(ch.isdigit() for ch in word) or bool(
        re.search(rf"\b{re.escape(word)}\b", question, re.I)
        and re.search(rf"(?<!^)(?<![.?!] )\b{re.escape(word[0].upper() + word[1:])}", question)
    )
