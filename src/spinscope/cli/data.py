"""``spinscope data``: check a corpus, measure its span drift, export it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from spinscope.cli.common import fail, warn
from spinscope.errors import SpinscopeError
from spinscope.io.check import check_path
from spinscope.io.corpus import LANGUAGE_FOLDERS, load_semeval, paragraph_agreement, split_ids
from spinscope.io.drift import DRIFT_POLICIES, DriftPolicy
from spinscope.io.formats import OUTPUT_FORMATS, check_format, write_format
from spinscope.techniques import check_scheme

app = typer.Typer(help="Check, measure and export the annotated corpora.", no_args_is_help=True)


@app.command("check")
def check_cli(
    path: Path = typer.Argument(..., help="A corpus folder (e.g. ../shared/data) or one file."),
    as_json: bool = typer.Option(False, "--json", help="Print every finding as JSON lines."),
    show: int = typer.Option(3, help="Findings to print per kind (0 for all)."),
    drift: str = typer.Option(
        "keep",
        help="keep: check offsets as distributed; repair: "
        "check CR LF-counted articles after repair.",
    ),
) -> None:
    """Report defects: bad encodings, offsets out of range, drifted spans, unknown labels."""
    if drift not in ("keep", "repair"):
        fail(f"Unknown drift policy {drift!r} for check; known: keep, repair")
    try:
        findings = list(check_path(path, "repair" if drift == "repair" else "keep"))
    except SpinscopeError as err:
        fail(str(err))
    if as_json:
        for f in findings:
            typer.echo(
                json.dumps({"path": f.path, "line": f.line, "kind": f.kind, "message": f.message})
            )
        return
    kinds = Counter(f.kind for f in findings)
    console = Console()
    for kind, _ in kinds.most_common():
        listed = [f for f in findings if f.kind == kind]
        for finding in listed[: show or None]:
            console.print(str(finding), markup=False, highlight=False, soft_wrap=True)
    table = Table("kind", "findings", title=f"data check of {path}", title_justify="left")
    for kind, count in kinds.most_common():
        table.add_row(kind, str(count))
    console.print(table)


@app.command("drift")
def drift_cli(
    root: Path = typer.Argument(..., help="The semeval2023 folder of the shared data."),
    lang: list[str] = typer.Option(list(LANGUAGE_FOLDERS), help="Languages to measure."),
) -> None:
    """Paragraph labels derived from spans vs the distributed ones, per language and policy."""
    table = Table(
        "language",
        "policy",
        "paragraphs agreeing",
        "share",
        "drifted articles",
        "spans out of range",
        title="span drift",
        title_justify="left",
    )
    for language in lang:
        for policy in DRIFT_POLICIES:
            try:
                corpus = load_semeval(root, language, drift=policy)
            except SpinscopeError as err:
                fail(str(err))
            agree, total = paragraph_agreement(corpus)
            assert corpus.drift is not None
            table.add_row(
                language,
                policy,
                f"{agree}/{total}",
                f"{agree / max(total, 1):.4f}",
                f"{len(corpus.drift.drifted_articles)}/{corpus.drift.articles}",
                str(corpus.drift.out_of_range),
            )
    Console().print(table)


@app.command("export")
def export_cli(
    root: Path = typer.Argument(
        ..., help="The shared data folder (holding semeval2023/ and splits/)."
    ),
    lang: str = typer.Option("en", help="Language: en, fr, de, it, pl, ru."),
    split: str = typer.Option("", help="Only the IDs of this split (train or dev); all if empty."),
    fmt: str = typer.Option(
        "jsonl",
        "--format",
        help=", ".join(OUTPUT_FORMATS),
    ),
    drift: str = typer.Option("keep", help="Drifted spans: keep, repair or drop."),
    scheme: str = typer.Option("semeval23", help="Technique names for semeval-spans."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
) -> None:
    """Write gold annotations of the SemEval-2023 data in a contract format or JSONL."""
    if drift not in DRIFT_POLICIES:
        fail(f"Unknown drift policy {drift!r}; known: {', '.join(DRIFT_POLICIES)}")
    policy: DriftPolicy = drift
    try:
        check_format(fmt)
        check_scheme(scheme)
        ids = split_ids(root, lang, split) if split else None
        corpus = load_semeval(root / "semeval2023", lang, ids=ids, drift=policy)
        warn(corpus.problems)
        write_format(corpus.documents, fmt, output, scheme)
    except SpinscopeError as err:
        fail(str(err))
    assert corpus.drift is not None
    Console(stderr=True).print(
        f"{len(corpus.documents)} articles written to {output}; {corpus.drift.summary()}"
    )
