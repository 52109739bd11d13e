"""A small made-up collection (every word written for these tests, none from the corpus), ingested with
the hashing embedder into the in-memory store: fast tests of summaries and comparisons.

The hashing embedder has no meaning, only words, so the topics below are said in the sentences meant
to be about them, word for word: "border guards" in both the glacier and the railway article,
"glacier melt" only in the glacier one, "penguins" nowhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from store.base import ArticleRecord


def _article(header: str, *paragraphs: tuple[str, ...]) -> str:
    """An article file: its header lines, then each paragraph's sentences joined into one line."""
    return header + "\n\n" + "\n\n".join(" ".join(sentences) for sentences in paragraphs) + "\n"


GLACIERS = _article(
    "Glaciers and the Security of the Pamir Valleys\n\nBy Aida Karimova\n\nMarch 2, 2025",
    (
        "Glacier melt in the Pamir valleys is now a security question for every government downstream.",
        "Each summer the meltwater decides which villages can farm and which must leave.",
        "Officials in three capitals have started to treat the ice as strategic infrastructure.",
    ),
    (
        "Border guards patrol the high passes where the glaciers retreat fastest.",
        "Border guards report new seasonal lakes that did not exist a decade ago.",
        "When a lake bursts, the flood crosses the frontier before any warning does.",
    ),
    (
        "Glacier melt also changes the maps that border guards rely on.",
        "Streams that once marked the frontier wander across the valley floor.",
        "Survey teams from two countries now measure the streams together every autumn.",
    ),
    (
        "Water agreements signed in the last century assumed the glaciers would stay.",
        "Those treaties divide a flow that is shrinking year by year.",
        "Negotiators admit in private that the numbers no longer add up.",
    ),
    (
        "A joint monitoring centre for glacier melt would give every capital the same data.",
        "Shared data would not end the quarrels, but it would make them about the same facts.",
        "The centre would cost less than one season of emergency flood relief.",
    ),
)

RAILWAYS = _article(
    "Railways Across the Caspian Steppe\n\nBy Bolat Sultanov\n\nJanuary 9, 2026",
    (
        "Freight trains now cross the Caspian steppe in nine days instead of three weeks.",
        "The new line links the port at the sea with the inland dry port near the mountains.",
        "Shippers moved their containers from trucks to wagons within a single year.",
    ),
    (
        "Border guards at the railway crossing inspect every wagon with scanners bought last spring.",
        "Border guards and customs officers now share one control point instead of two.",
        "The shared point cut waiting times at the frontier from a day to four hours.",
    ),
    (
        "The dry port has become the busiest employer in the district.",
        "Warehouses, repair yards and a customs school opened around the new terminal.",
        "Young engineers who left the district a decade ago are coming back to work there.",
    ),
    (
        "Security of the line worries insurers more than the engineers.",
        "A single bridge over the river carries all the traffic of the corridor.",
        "Planners want a second bridge before the freight volume doubles again.",
    ),
)

FISHERIES = _article(
    "Fisheries of the Aral Basin",
    (
        "The fishing towns of the Aral basin are rebuilding their fleets after decades of decline.",
        "A dam on the northern shore raised the water level enough for the fish to return.",
        "Cooperatives now sell their catch to buyers in four countries.",
    ),
    (
        "The revival depends on careful quotas that the cooperatives set together each winter.",
        "Inspectors count the boats at the harbour and weigh the catch at the market.",
        "Fishermen who break the quota lose their licence for a season.",
    ),
    (
        "Salt dust from the dry seabed still blows across the towns each spring.",
        "Doctors in the district link the dust to illnesses among children and the elderly.",
        "Planting shrubs on the dry seabed has slowed the dust in some places.",
    ),
)

ARTICLES = {"glaciers.txt": GLACIERS, "railways.txt": RAILWAYS, "fisheries.txt": FISHERIES}


def long_article(paragraphs: int, sentences: int) -> str:
    """A long article of varied made-up sentences (to see that a summary grows with its article)."""
    who = "Engineers Farmers Teachers Surveyors Drivers Nurses Traders Clerks Pilots Miners Weavers Bakers Guards".split()
    places = "Osh Naryn Termez Kulob Khorog Tashkent Almaty Aktau Turkmenbashi Baku Ganja Kars Shymkent Nukus".split()
    verbs = "rebuilt expanded inspected funded repaired planned opened closed mapped painted measured cleaned".split()
    things = "roads bridges schools clinics markets railways pipelines dams harbours airports depots farms".split()
    near = "river mosque station bazaar stadium canal fortress library museum orchard quarry airfield".split()
    when = "last spring|before winter|after the floods|within a month|despite the strikes|ahead of schedule|every autumn".split(
        "|"
    )
    body = []
    for p in range(paragraphs):
        lines = []
        for s in range(sentences):
            n = p * sentences + s
            lines.append(
                f"{who[n % 13]} in {places[(n * 5) % 14]} {verbs[(n * 7) % 12]} the {things[(n * 11) % 12]} "
                f"beside the {near[(n * 3 + p) % 12]} {when[(n + p) % 7]}."
            )
        body.append(" ".join(lines))
    return "Public Works of the Long Valley\n\nBy Nodira Yusupova\n\n" + "\n\n".join(body) + "\n"


class MadeUp(NamedTuple):
    store: object
    lexical: object
    embedder: object
    texts: object
    retriever: object
    ids: dict[str, str]  # file name → doc_id


def ingest_made_up(tmp: Path, extra: dict[str, str] | None = None) -> MadeUp:
    """The made-up articles (and ``extra`` files) ingested into a MemoryStore with the hashing embedder,
    plus a pending article (an ingest still writing it) and an empty one, as records only."""
    from assistant.hybrid import HybridRetriever
    from assistant.quoting import ArticleTexts
    from ingest import Ingestor, store_fingerprint
    from store.embedding import HashingEmbedder
    from store.lexical import LexicalIndex
    from store.memory import MemoryStore
    from tests.conftest import make_settings

    folder = tmp / "articles"
    folder.mkdir()
    for file_name, text in (ARTICLES | (extra or {})).items():
        (folder / file_name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp, folder)
    embedder = HashingEmbedder()
    store = MemoryStore(store_fingerprint(settings, embedder))
    lexical = LexicalIndex(tmp / "lexical.sqlite3")
    report = Ingestor(settings, store, embedder, lexical=lexical).run([folder])
    assert not report.failed, report.failed
    store.put_articles(
        [
            ArticleRecord("winter-roads", str(folder / "winter_roads.txt"), "Winter Roads of the Altai", status="pending"),
            ArticleRecord("silent-archive", str(folder / "silent_archive.txt"), "The Silent Archive", "", "", text=""),
        ]
    )
    ids = {Path(a.source).name: a.doc_id for a in store.articles()}
    return MadeUp(store, lexical, embedder, ArticleTexts(store), HybridRetriever(store, embedder, lexical), ids)


def check_quotes(store, text: str, citations) -> None:
    """Every citation quotes its article's cleaned text exactly at its offsets, is numbered in text
    order, and its "[n]" follows its quote in the answer (its own line, or “in quotes” in an abstention)."""
    assert [c.n for c in citations] == list(range(1, len(citations) + 1))
    at = -1
    for c in citations:
        assert store.article(c.passage.doc_id).text[c.start : c.end] == c.quote and c.quote
        assert c.passage.start <= c.start and c.end <= c.passage.end or c.passage.text == c.quote
        found = max(text.find(f"{c.quote} [{c.n}]"), text.find(f"“{c.quote}” [{c.n}]"))  # a line, or quoted in a sentence
        assert found > at, f"[{c.n}] out of order or missing"
        at = found


def groups(text: str) -> list[list[str]]:
    """The answer's blocks (split at blank lines), each as its lines."""
    return [block.split("\n") for block in text.split("\n\n")]
