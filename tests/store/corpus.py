"""A tiny team-written corpus saved through ``Store.save``, with figures counted by hand.

Five articles of 25 words and 4 lines (title included) each, from two outlets and one
without an outlet, in English and French, March and April 2026. The first article was
analysed twice: its old analysis (a Doubt span) is not current and never counts.

- a1: Harbour Post, en, Mon 2 March (W10), opinion, Political + Economic; Name_Calling
  (Reputation), Flag_Waving (Justification)
- a2: Harbour Post, en, Sun 8 March (W10), reporting, Economic; Name_Calling, its
  fragment in other case and spacing
- a3: Valley Times, fr, Wed 15 April (W16), opinion, Political; Loaded_Language x2
  (Wording), Appeal_to_Time (Call)
- a4: no outlet, en, no date (analysed Mon 20 April, W17), no genre, no frames; no span
- a5: Valley Times, en, Fri 20 March (W12), satire, Political + Morality;
  Appeal_to_Popularity (Justification), Slogans (Call), Loaded_Language (Wording)

Paragraphs flagged (lines with a span): a1 2, a2 1, a3 2, a4 0, a5 2.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update

from spinscope.store import ModelInfo, Store
from spinscope.store.schema import AnalysisRow
from spinscope.types import Document, Span

OLD = ModelInfo("en", "aaaaaaaaaaaa")
NEW = ModelInfo("en", "bbbbbbbbbbbb")

ARTICLES: dict[str, tuple[str, ...]] = {
    "a1": (
        "Harbour tax passes",
        "The council, a gang of saboteurs, voted for the tax.",
        "Every true patriot loves this harbour.",
        "The vote was close last night.",
    ),
    "a2": (
        "Ferry fares rise",
        "Critics called the board A  Gang of   Saboteurs again.",
        "Fares rise by two crowns on Monday, the board said.",
        "Nothing else changed.",
    ),
    "a3": (
        "Le pont attend",
        "Ce projet honteux est une trahison du village.",
        "Il faut agir maintenant ou jamais.",
        "Le conseil se réunit jeudi prochain pour voter.",
    ),
    "a4": (
        "Quiet day at the port",
        "Ships came and went as usual.",
        "Nothing was said about the tax.",
        "The port closes at nine tonight, as ever.",
    ),
    "a5": (
        "Mayor wins again",
        "Everyone knows the mayor is always right.",
        "Vote for the mayor, vote for Varnholt!",
        "The mayor declined to comment on the result.",
    ),
}
SPANS: dict[str, list[tuple[str, str]]] = {
    "a1": [
        ("a gang of saboteurs", "Name_Calling-Labeling"),
        ("Every true patriot loves this harbour", "Flag_Waving"),
    ],
    "a2": [("A  Gang of   Saboteurs", "Name_Calling-Labeling")],
    "a3": [
        ("honteux", "Loaded_Language"),
        ("trahison", "Loaded_Language"),
        ("Il faut agir maintenant ou jamais", "Appeal_to_Time"),
    ],
    "a4": [],
    "a5": [
        ("Everyone knows the mayor is always right", "Appeal_to_Popularity"),
        ("always right", "Loaded_Language"),
        ("Vote for the mayor, vote for Varnholt!", "Slogans"),
    ],
}
META: dict[str, tuple[str | None, str, date | None, str | None, list[str] | None]] = {
    "a1": ("Harbour Post", "en", date(2026, 3, 2), "opinion", ["Political", "Economic"]),
    "a2": ("Harbour Post", "en", date(2026, 3, 8), "reporting", ["Economic"]),
    "a3": ("Valley Times", "fr", date(2026, 4, 15), "opinion", ["Political"]),
    "a4": (None, "en", None, None, None),
    "a5": ("Valley Times", "en", date(2026, 3, 20), "satire", ["Political", "Morality"]),
}
A4_ANALYSED = datetime(2026, 4, 20, 23, 30)


def article(key: str, spans: list[tuple[str, str]] | None = None) -> Document:
    """One article of the corpus with its spans (or the ones given)."""
    text = "\n".join(ARTICLES[key]) + "\n"
    found = []
    for fragment, technique in SPANS[key] if spans is None else spans:
        start = text.index(fragment)
        found.append(Span(start, start + len(fragment), technique, 0.9))
    _, language, _, genre, frames = META[key]
    return Document(key, text, language=language, spans=found, genre=genre, frames=frames)


def fill(store: Store) -> None:
    """Save the corpus; a4 has no publication date and was analysed on 2026-04-20."""
    source, _, published, _, _ = META["a1"]
    store.save(article("a1", [("voted for the tax", "Doubt")]), OLD, source, published=published)
    for key, (source, _, published, _, _) in META.items():
        store.save(article(key), NEW, source=source, published=published)
    with store.engine.begin() as connection:
        connection.execute(
            update(AnalysisRow)
            .where(AnalysisRow.current.is_(True), AnalysisRow.published.is_(None))
            .values(created=A4_ANALYSED)
        )
