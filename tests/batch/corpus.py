"""Twelve team-written articles to run batches over, and what a store holds after a run."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from spinscope.io.jsonl import to_json
from spinscope.store import Store
from spinscope.store.schema import AnalysisRow, DocumentRow

ARTICLES = {
    "b01": (
        "Harbour tax passes\n\n"
        "The council voted for the harbour tax on Monday.\n"
        "Critics called it a shameless raid on working families.\n"
    ),
    "b02": (
        "Bridge survey ordered\n\n"
        "Engineers asked for another survey of the old bridge.\n"
        "The mayor said every delay betrays the valley.\n"
    ),
    "b03": (
        "School meals to cost more\n\n"
        "Parents will pay twenty cents more for a school lunch from May.\n"
        "Only a fool would believe the price stops there, one parent said.\n"
    ),
    "b04": (
        "Ferry strike ends\n\n"
        "Crews went back to work after a four-day strike.\n"
        "The union thanked passengers for their patience.\n"
    ),
    "b05": (
        "Library hours cut\n\n"
        "The central library will close at six on weekdays.\n"
        "Readers fear this is the first step to shutting it for good.\n"
    ),
    "b06": (
        "New park opens\n\n"
        "A park with a pond and two playgrounds opened by the river.\n"
        "Real patriots plant trees, the councillor told the crowd.\n"
    ),
    "b07": (
        "Water rates frozen\n\n"
        "Water bills will not rise this year, the utility said.\n"
        "Everyone knows the board only froze them because of the election.\n"
    ),
    "b08": (
        "Market square to be paved\n\n"
        "Cobbles in the market square will give way to stone slabs.\n"
        "Traders said the work must not touch the Saturday market.\n"
    ),
    "b09": (
        "Tram line approved\n\n"
        "A tram line from the station to the hospital won approval.\n"
        "Opponents called the plan a reckless gamble with our money.\n"
    ),
    "b10": (
        "Hospital wing delayed\n\n"
        "The new hospital wing will open a year late.\n"
        "The contractor blamed shortages of steel and glass.\n"
    ),
    "b11": (
        "Festival draws record crowd\n\n"
        "Forty thousand people came to the harbour festival.\n"
        "Organisers praised the volunteers who cleaned up overnight.\n"
    ),
    "b12": (
        "Police station to move\n\n"
        "The police station will move to the former post office.\n"
        "Residents of the old town say they are being abandoned.\n"
    ),
}


def current(url: str) -> dict[str, str]:
    """The canonical JSON of each stored document's current analysis, by document key."""
    with Store(url) as store:
        documents = store.documents(limit=10_000)
    return {
        d.key: json.dumps(to_json(a.document), sort_keys=True)
        for d in documents
        for a in d.analyses
        if a.current
    }


def analyses(url: str) -> Counter[str]:
    """How many analyses each document key has, over all its texts."""
    with Store(url) as store, store.session() as session:
        return Counter(key for (key,) in session.execute(select(DocumentRow.key).join(AnalysisRow)))


def saved(path: Path) -> int:
    """Analyses in a SQLite store, read without opening (and migrating) it."""
    try:
        with sqlite3.connect(path) as connection:
            return int(connection.execute("SELECT count(*) FROM analyses").fetchone()[0])
    except sqlite3.OperationalError:  # not made yet
        return 0
