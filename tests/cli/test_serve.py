"""``spinscope serve`` refuses bad options before it starts, and keeps other commands light."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from spinscope.cli.main import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("options", "environment", "words"),
    [
        (["--store", "x.sqlite", "--no-store"], {}, "give --store URL or --no-store, not both"),
        (["--model", "nowhere"], {}, "No model at 'nowhere'"),
        (["--store", "mysql://db/x"], {}, "uses 'mysql'; known: sqlite, postgresql"),
        (["--workers", "0"], {}, "workers is 0; expected 1 to 256"),
        ([], {"SPINSCOPE_PORT": "http"}, "SPINSCOPE_PORT='http' is not a whole number"),
    ],
)
def test_bad_settings_are_refused_before_the_server_starts(
    options: list[str], environment: dict[str, str], words: str
) -> None:
    result = runner.invoke(app, ["serve", *options], env=environment)
    assert result.exit_code == 2 and words in result.stderr


def test_the_other_commands_do_not_import_the_web_stack() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, spinscope.cli.main; "
            "print(sorted({'fastapi', 'uvicorn', 'starlette'} & set(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "[]"


def test_help_names_each_default_and_its_variable() -> None:
    shown = " ".join(runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"}).stdout.split())
    for words in ("127.0.0.1, or SPINSCOPE_HOST", "one a CPU core, or SPINSCOPE_WORKERS"):
        assert words in shown
