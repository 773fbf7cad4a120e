"""The REST API and web page of ``spinscope serve`` (FastAPI), over the library's pipeline."""

from spinscope.service.app import create_app
from spinscope.service.settings import Settings, load_settings

__all__ = ["Settings", "create_app", "load_settings"]
