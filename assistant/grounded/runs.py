"""Sentence runs: what completes the best sentence, so that a quote reads as the author's thought
and not as a line torn out of it.

A sentence ending in ":" brings the list that follows; otherwise the next sentences of its paragraph
come along (analysis prose often states the topic in one sentence and the substance in the next). A
sentence that opens by pointing back ("Its drone platforms …", "Türkiye subsequently …") brings the one
before it. A footnote that spells the sentence out comes instead of the sentences after it. A run is
cited to one passage that holds it, and the chosen sentences are put in reading order. All of it
reads the article's text and the stored sentences around the lead; none of it scores.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer import Passage
from assistant.grounded.params import GroundedParams
from assistant.grounded.quotable import LIST_ITEM, Candidate, is_heading, quotable
from assistant.lookup import chunks_holding, sentences_after, sentences_before, sentences_in_passages
from assistant.quoting import ArticleTexts
from assistant.retrieval import passage_from_record
from otsqa.text import MONTH, stemmed_terms
from store.base import SentenceRecord, Store

# A sentence that opens by pointing back at the one before it (within its first three words).
_LEANS_BACK = re.compile(
    r"\s*(?:\S+\s+){0,2}?(?:it|its|this|these|those|such|they|their|subsequently|thereafter|then|"
    r"however|but|yet|also|moreover|furthermore|therefore|thus|hence|instead|likewise|similarly)\b",
    re.I,
)
# A conclusion drawn from the sentence before: "So prevention has become an information problem."
# answers "why" only with the reason it follows from.
_CONCLUDES = re.compile(
    r"\s*(?:so|that is why|this is why|for that reason|as a result|consequently)\b(?!\s+(?:far|much|many|long)\b)", re.I
)
# "It is worth noting that …", "It should be noted …": an "it" that points at nothing.
_EXPLETIVE_IT = re.compile(
    r"\s*it\s+(?:is|was|has been|should|would|may|might|seems|appears|remains)\s+(?:also\s+|not\s+|now\s+)?(?:be\s+)?"
    r"(?:worth|clear|unclear|likely|unlikely|important|notable|noteworthy|possible|true|evident|noted|said|argued)\b",
    re.I,
)


def points_back(text: str) -> bool:
    """Whether a sentence opens by pointing at the one before it ("Its drone platforms …", "So …"),
    and is not an "it" that points at nothing ("It is worth noting …")."""
    return bool(_LEANS_BACK.match(text) or _CONCLUDES.match(text)) and not _EXPLETIVE_IT.match(text)


# An entry that opens with its date ("- December 2023 — …", "18–19 May 2023: …"): the date heads the whole entry.
_DATED_ENTRY = re.compile(
    rf"^\s*(?:[-*•]\s+)?(?:\d{{1,2}}(?:\s*[–-]\s*\d{{1,2}})?\s+)?(?:{MONTH}\s+)?(?:\d{{1,2}},?\s+)?(?:19|20)\d\d\b"
)
_SPELLS_OUT = re.compile(r"\s*(?:namely|specifically|in particular|that is|i\.e\.|refers to|meaning)\b", re.I)


class SentenceRuns:
    """The lead sentence and what completes it, read from the store around it."""

    def __init__(self, store: Store, texts: ArticleTexts, params: GroundedParams):
        self.store = store
        self.texts = texts
        self.params = params

    def lead_and_run(self, lead: Candidate, candidates: list[Candidate], passages: list[Passage]) -> list[Candidate]:
        """The lead sentence (after the one it leans on) and what completes it: the footnote that
        explains it, else the next sentences of its passage."""
        article = self.texts(lead.doc_id)
        run = [replace(lead, role="lead")] + [replace(c, role="next") for c in self.continuation(lead, candidates, article)]
        held = self.one_passage(run, passages)
        before = self.leans_on(lead, candidates, article)
        if before is not None:
            with_before = self.one_passage([replace(before, role="context")] + run, passages)
            if len(with_before) > len(held):  # only when one passage holds it with all the rest
                held = with_before
        notes = [replace(c, role="footnote") for c in self.explained_by(lead, candidates, passages)]
        if notes and not lead.hit.text.rstrip().endswith(":"):
            # The author's note completes the lead's thought; the sentences after the lead move on to
            # the paragraph's next point (measured: dropping them only removes citations of no evidence).
            # A list the lead opens stays: it is the answer.
            held = [c for c in held if c.role != "next"]
        return held + notes

    def rest_of_run(self, lead: Candidate, candidates: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
        """The sentences of the lead's run that no passage holding the lead holds (`one_passage` leaves
        them out), each cited to its own passage: "Azerbaijan was represented by …" and "The panel was
        moderated by …" after the sentence about the panel. Read after the decision to answer, which
        weighs the run as one passage holds it."""
        if lead.passage.footnotes and self.explained_by(lead, candidates, [lead.passage]):
            return []  # the note that spells the lead out took the run's place
        taken = {c.hit.id for c in chosen}
        if lead.hit.id not in taken or lead.hit.text.rstrip().endswith(":"):
            return []  # not quoted, or a list, which `one_passage` keeps whole
        run = self.continuation(lead, candidates, self.texts(lead.doc_id))
        return [replace(c, role="next", passage=self.home(c.hit, lead.passage)) for c in run if c.hit.id not in taken]

    def leans_on(self, lead: Candidate, candidates: list[Candidate], article: str) -> Candidate | None:
        """The sentence just before the lead in its paragraph, when the lead opens by pointing back at it
        ("Türkiye subsequently eased …", "Its drone platforms, in particular, …"): without it the
        reader does not know what "subsequently" or "its" refers to."""
        if not points_back(lead.hit.text):
            return None
        found = sentences_before(self.store, lead.hit, self.params.lookback_chars)
        if not found:
            return None
        hit, vector = max(found, key=lambda pair: pair[0].end)
        same_note = hit.marker == lead.hit.marker
        if (
            hit.kind != lead.hit.kind
            or not same_note
            or not quotable(hit, self.params.min_words)
            or "\n" in article[hit.end : lead.start]
        ):
            return None  # a heading, a fragment, another footnote, or the end of another paragraph
        by_id = {c.hit.id: c for c in candidates}
        return by_id.get(hit.id) or Candidate(hit, vector, self.home(hit, lead.passage))

    def same_paragraph_before(self, lead: Candidate, candidates: list[Candidate]) -> list[Candidate]:
        """The sentences before the lead in its own paragraph or list item, nearest first: where a dated
        entry's date is said ("- December 2023 — … . The customs heads hold their 9th meeting in Tashkent.")."""
        article = self.texts(lead.doc_id)
        by_id = {c.hit.id: c for c in candidates}
        out: list[Candidate] = []
        begins = lead.start
        for hit, vector in sorted(sentences_before(self.store, lead.hit, self.params.lookback_chars), key=lambda p: -p[0].end):
            if hit.kind != lead.hit.kind or "\n" in article[hit.end : begins]:
                break
            out.append(by_id.get(hit.id) or Candidate(hit, vector, self.home(hit, lead.passage)))
            begins = hit.start
        return out

    def explained_by(self, lead: Candidate, candidates: list[Candidate], passages: list[Passage]) -> list[Candidate]:
        """The opening sentences of the footnote the lead sentence cites, when they explain it rather
        than name a source ("¹⁴ This roadmap emphasizes interoperability in mountain warfare …"): the
        author put there what the sentence leaves out."""
        if lead.hit.kind != "body" or not lead.passage.footnotes:
            return []
        citing = self.store.passages.get([lead.passage.chunk_id])
        notes = [h for h in self.store.passages.get(citing[0].note_chunk_ids() if citing else []) if h.cited_start == lead.start]
        if not notes:
            return []
        note = next((p for p in passages if p.chunk_id == notes[0].id), None) or passage_from_record(notes[0], lead.passage.rank)
        found = sentences_in_passages(self.store, [note])
        by_id = {c.hit.id: c for c in candidates}
        out: list[Candidate] = []
        for hit, vector in sorted(found, key=lambda pair: pair[0].start):
            if hit.kind != "footnote" or not quotable(hit, self.params.min_words) or len(out) == self.params.note_sentences:
                break  # the source it names follows the explanation
            out.append(replace(by_id[hit.id], passage=note) if hit.id in by_id else Candidate(hit, vector, note))
        # A marker often closes a paragraph and the note may explain an earlier sentence of it: the note
        # must take up the lead's own words or say that it spells the lead out ("Namely, …").
        lead_words = {w for w in stemmed_terms(lead.hit.text) if w.isalpha()}  # a shared year links nothing
        if out and not (_SPELLS_OUT.match(out[0].hit.text) or lead_words & set(stemmed_terms(out[0].hit.text))):
            return []
        return out

    def continuation(self, best: Candidate, candidates: list[Candidate], article: str) -> list[Candidate]:
        """What completes the best sentence: the list after a ":", else the rest of its thought.

        Analysis prose often states the topic in one sentence and the substance in the next ("This
        explains Ankara's preference for formats." → "Formats endure leadership transitions, …"),
        so the next sentences of the same paragraph come along, up to ``params.follow``.
        """
        p = self.params
        footnote = best.hit.kind == "footnote"  # what follows in a note is mostly sources
        wants = p.list_items if best.hit.text.rstrip().endswith(":") else (0 if footnote else p.follow)
        if not wants:
            return []
        following = sentences_after(self.store, best.hit, p.lookahead_chars)
        by_id = {c.hit.id: c for c in candidates}
        out: list[Candidate] = []
        previous, previous_end = best.hit.text.rstrip(), best.end
        counted = 0
        for hit, vector in following:
            # "That is true." between two sentences of one thought is part of it, but adds nothing to count.
            aside = not is_heading(hit) and len(hit.text.split()) < p.min_words and hit.text.rstrip()[-1:] in ".!?"
            if hit.kind != best.hit.kind or not quotable(hit, p.min_words) and not hit.text.startswith(LIST_ITEM) and not aside:
                break
            item = hit.text.startswith(LIST_ITEM)
            in_list = previous.endswith(":") or (item and out and out[-1].hit.text.startswith(LIST_ITEM))
            if not in_list and "\n" in article[previous_end : hit.start]:
                break  # the paragraph ended and no list continues it
            out.append(by_id.get(hit.id) or Candidate(hit, vector, self.home(hit, best.passage)))
            previous, previous_end = hit.text.rstrip(), hit.end
            # A short verdict ("That is not necessarily a weakness.") announces what the next sentence explains.
            counted += not aside and len(hit.text.split()) >= p.counted_words
            if previous.endswith(":"):
                wants = counted + p.list_items  # a list follows: take its items
            if counted >= wants:
                break
        while out and len(out[-1].hit.text.split()) < p.min_words and not out[-1].hit.text.startswith(LIST_ITEM):
            out.pop()  # an aside does not end an answer
        return out

    def one_passage(self, run: list[Candidate], passages: list[Passage]) -> list[Candidate]:
        """Cite a quoted run of consecutive sentences to one passage, cut to what that passage holds.

        Chunks overlap, so some passage holding the first sentence usually holds the next ones too:
        the reader then sees the whole run in context, under one citation of the passage that holds the
        best sentence. Sentences past the end of every such passage are left out of what the confidence
        weighs (measured: weighed, they let near misses through); once it has decided to answer,
        `rest_of_run` quotes them under their own passage.
        """
        if len(run) < 2:
            return run
        first = run[0]

        def held(p: Passage) -> int:
            if p.doc_id != first.doc_id or not (p.start <= first.start and first.end <= p.end):
                return 0
            count = 0
            for c in run:
                if c.start < p.start or c.end > p.end:
                    break
                count += 1
            return count

        # The passage holding most of the run; a retrieved one (in rank order) before one from the store.
        holder = max((p for p in passages if held(p)), key=held, default=first.passage)
        if held(holder) < len(run):
            found = chunks_holding(self.store, first.doc_id, first.start, first.end, first.hit.chunk_id)
            stored = [passage_from_record(h, first.passage.rank) for h in sorted(found, key=lambda h: h.start)]
            holder = max([holder] + stored, key=held)
        kept = max(held(holder), 1)
        if first.hit.text.rstrip().endswith(":"):
            # A list is the answer whole: the items past this passage are cited to their own.
            rest = [replace(c, passage=self.home(c.hit, holder)) for c in run[kept:]]
            return [replace(c, passage=holder) for c in run[:kept]] + rest
        return [replace(c, passage=holder) for c in run[:kept]]

    def home(self, hit: SentenceRecord, near: Passage) -> Passage:
        """The passage to cite for a sentence: ``near`` if it holds the sentence, else its own chunk."""
        if near.doc_id == hit.doc_id and near.start <= hit.start and hit.end <= near.end:
            return near
        found = self.store.passages.get([hit.chunk_id])
        return passage_from_record(found[0], near.rank) if found else near


def reading_order(chosen: list[Candidate]) -> list[Candidate]:
    """Articles in the order of their best sentence; sentences of one article in text order."""
    rank: dict[str, int] = {}
    for cand in chosen:
        rank.setdefault(cand.doc_id, len(rank))
    return sorted(chosen, key=lambda c: (rank[c.doc_id], c.hit.kind == "footnote", c.start))


def opens_with_date(text: str) -> bool:
    """Whether a sentence is a dated entry's opening (its date first), whose date the entry's other
    sentences share."""
    return bool(_DATED_ENTRY.match(text))
