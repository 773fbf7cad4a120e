"""Tiny invented corpora laid out like the SemEval-2023 and PTC-2020 distributions.

Every article here is written for these tests (the town of Varnholt, Mayor Ilse Brandt);
nothing comes from the shared data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Gold:
    """One intended span: its technique and the exact fragment it covers."""

    technique: str
    fragment: str


@dataclass(frozen=True)
class Article:
    """An invented article with its intended spans and paragraph labels."""

    id: str
    text: str
    spans: tuple[Gold, ...]
    paragraphs: dict[int, tuple[str, ...]]  # every non-empty line -> sorted techniques
    genre: str
    frames: tuple[str, ...]

    def offsets(self, gold: Gold) -> tuple[int, int]:
        start = self.text.index(gold.fragment)
        return start, start + len(gold.fragment)

    def crlf_offsets(self, gold: Gold) -> tuple[int, int]:
        """The offsets as counted on a copy of the text with CR LF line ends."""
        start, end = self.offsets(gold)
        return start + self.text[:start].count("\n"), end + self.text[:end].count("\n")


CORRECT = Article(
    "101",
    "Varnholt vote on harbour wall\n"
    "\n"
    "Mayor Ilse Brandt said the wall would save the town.\n"
    "Her rivals called the plan a disgraceful waste of money.\n"
    "\n"
    "Everyone in Varnholt already supports the wall.\n",
    (
        Gold("Loaded_Language", "disgraceful waste"),
        Gold("Doubt", "save the town.\nHer rivals"),
        Gold("Appeal_to_Popularity", "Everyone in Varnholt already supports the wall"),
    ),
    {1: (), 3: ("Doubt",), 4: ("Doubt", "Loaded_Language"), 6: ("Appeal_to_Popularity",)},
    "reporting",
    ("Political", "Economic"),
)

DRIFTED = Article(
    "102",
    "Oldmere ferry plan stalls\n"
    "\n"
    "Councillor Dorn warned of gangs roaming the streets.\n"
    "\n"
    "Harbour first, Varnholt forever, the crowd chanted.\n"
    "\n"
    "The treasurer called the overrun a tiny hiccup.",
    (
        Gold("Appeal_to_Fear-Prejudice", "gangs roaming the streets"),
        Gold("Slogans", "Harbour first, Varnholt forever"),
        Gold("Exaggeration-Minimisation", "a tiny hiccup"),
    ),
    {
        1: (),
        3: ("Appeal_to_Fear-Prejudice",),
        5: ("Slogans",),
        7: ("Exaggeration-Minimisation",),
    },
    "opinion",
    ("Morality",),
)

WITH_BAD_ROW = Article(
    "103",
    "Varnholt bridge overrun\n\nCan we trust a treasurer who hides the ledgers?\n",
    (Gold("Doubt", "Can we trust a treasurer who hides the ledgers?"),),
    {1: (), 3: ("Doubt",)},
    "satire",
    (),
)

ARTICLES = (CORRECT, DRIFTED, WITH_BAD_ROW)
BAD_ROW = "103\tBogus_Trick\t0\t5"  # line 2 of article 103's span file


def span_file_text(article: Article, crlf: bool) -> str:
    lines = []
    for gold in article.spans:
        start, end = article.crlf_offsets(gold) if crlf else article.offsets(gold)
        lines.append(f"{article.id}\t{gold.technique}\t{start}\t{end}")
    if article is WITH_BAD_ROW:
        lines.insert(1, BAD_ROW)
    return "".join(line + "\n" for line in lines)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def semeval_tree(root: Path, folder: str = "fr") -> Path:
    """``root/semeval2023/{folder}`` with the three articles; returns ``root/semeval2023``."""
    base = root / "semeval2023" / folder
    for subtask in (1, 2, 3):
        for article in ARTICLES:
            write(
                base / f"train-articles-subtask-{subtask}" / f"article{article.id}.txt",
                article.text,
            )
    write(
        base / "train-labels-subtask-1.txt",
        "".join(f"{a.id}\t{a.genre}\n" for a in ARTICLES),
    )
    write(
        base / "train-labels-subtask-2.txt",
        "".join(f"{a.id}\t{','.join(a.frames)}\n" for a in ARTICLES),
    )
    write(
        base / "train-labels-subtask-3.txt",
        "".join(
            f"{a.id}\t{line}\t{','.join(labels)}\n"
            for a in ARTICLES
            for line, labels in a.paragraphs.items()
        ),
    )
    for article in ARTICLES:
        write(
            span_path(root, article, folder),
            span_file_text(article, crlf=article is DRIFTED),
        )
    return root / "semeval2023"


def span_path(root: Path, article: Article, folder: str = "fr") -> Path:
    spans = root / "semeval2023" / folder / "train-labels-subtask-3-spans"
    return spans / f"article{article.id}-labels-subtask-3.txt"


PTC_ARTICLE = (
    "Varnholt harbour wall approved\n"
    "\n"
    "The council's savage cuts gutted the libraries.\n"
    "Anyone who loves Varnholt will vote yes.\n"
    "Those pension thieves of the Harbour Party lied again.\n"
)
PTC_SPANS = (
    ("Loaded_Language", "savage cuts"),
    ("Flag-Waving", "Anyone who loves Varnholt will vote yes"),
    ("Name_Calling,Labeling", "pension thieves"),
    ("Bandwagon,Reductio_ad_hitlerum", "Anyone who loves Varnholt"),
)
PTC_UNLABELLED = "Quay Street gets a new bench\n\nThe bench is green.\n"


def ptc_tree(root: Path) -> Path:
    """``root/ptc2020``: article 201 with labels, 202 without, and a dev article 301."""
    base = root / "ptc2020"
    write(base / "train-articles" / "article201.txt", PTC_ARTICLE)
    write(base / "train-articles" / "article202.txt", PTC_UNLABELLED)
    write(base / "dev-articles" / "article301.txt", PTC_UNLABELLED)
    rows = []
    for technique, fragment in PTC_SPANS:
        start = PTC_ARTICLE.index(fragment)
        rows.append(f"201\t{technique}\t{start}\t{start + len(fragment)}\n")
    write(
        base / "train-labels-task2-technique-classification" / "article201.task2-TC.labels",
        "".join(rows),
    )
    return base
