"""What routes take from the app (FastAPI dependencies): its settings and its analyzer."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from spinscope.service.analyzer import Analyzer
from spinscope.service.settings import Settings


def settings(request: Request) -> Settings:
    """The settings the app was made with."""
    found: Settings = request.app.state.settings
    return found


def analyzer(request: Request) -> Analyzer:
    """The analyzer made at startup."""
    found: Analyzer = request.app.state.analyzer
    return found


SettingsDep = Annotated[Settings, Depends(settings)]
AnalyzerDep = Annotated[Analyzer, Depends(analyzer)]
