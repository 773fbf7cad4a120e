"""Corpus figures over a store: per outlet, genre, frame, period and technique.

Each document counts once, through its current analysis (the latest of its key).
``Filters`` choose the analyses (outlets, languages, a date range) and the spans counted
(one technique, one category). Rates per 1,000 words keep the words of every chosen
analysis as their base, so outlets stay comparable under a technique filter; document
figures (articles, words, paragraphs, genres, frames) are not narrowed by a technique or
category, and ``documents_with_spans`` counts the articles holding a counted span. The
date of an analysis is its document's publication date, else the day it was analysed (in
UTC: analysis times are stored in UTC).
Aggregation runs in SQL, the same queries on SQLite and PostgreSQL but for periods and
frames, where the dialects' date and JSON functions differ: a summary reads the spans in
three statements (outlets, genres, periods and frames together; techniques; fragments),
``outlets`` in one. Fragments are folded in Python from each technique's most frequent
exact texts (see ``queries._fragments`` for what that leaves out).
"""

from spinscope.store.stats.export import write_csv
from spinscope.store.stats.figures import (
    OTHER,
    PERIODS,
    UNKNOWN,
    Figures,
    Filters,
    Summary,
    TechniqueFigures,
    check_period,
    combine,
    next_period,
    normalize_fragment,
    outlet_rates,
    period_label,
    period_start,
    shown_categories,
    top_outlets,
)
from spinscope.store.stats.queries import outlets, summary

__all__ = [
    "OTHER",
    "PERIODS",
    "UNKNOWN",
    "Figures",
    "Filters",
    "Summary",
    "TechniqueFigures",
    "check_period",
    "combine",
    "next_period",
    "normalize_fragment",
    "outlet_rates",
    "outlets",
    "period_label",
    "period_start",
    "shown_categories",
    "summary",
    "top_outlets",
    "write_csv",
]
