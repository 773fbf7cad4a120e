"""``python -m spinscope``: the ``spinscope`` command."""

from spinscope.cli.main import app

app(prog_name="spinscope")
