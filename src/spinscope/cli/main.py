"""The ``spinscope`` command: a thin typer layer over the library."""

from __future__ import annotations

import typer

from spinscope import __version__
from spinscope.cli import analyze, batch, data, score, serve, stats, techniques, train

app = typer.Typer(
    name="spinscope",
    help="Find persuasion and propaganda techniques in news articles, span by span.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("analyze")(analyze.analyze_cli)
app.command("classify-spans")(analyze.classify_spans_cli)
app.command("batch")(batch.batch_cli)
app.command("score")(score.score_cli)
app.command("train")(train.train_cli)
app.command("evaluate")(train.evaluate_cli)
app.command("train-heads")(train.train_heads_cli)
app.command("techniques")(techniques.techniques_cli)
app.command("stats")(stats.stats_cli)
app.command("serve")(serve.serve_cli)
app.add_typer(data.app, name="data")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spinscope {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    """Find persuasion and propaganda techniques in news articles, span by span."""


if __name__ == "__main__":  # python -m spinscope.cli.main, as tests run it in a subprocess
    app()
