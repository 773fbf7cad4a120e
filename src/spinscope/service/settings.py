"""The service's settings: packaged defaults, then ``SPINSCOPE_*`` variables, then arguments."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from spinscope.errors import SpinscopeError

MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_ARTICLE_CHARS = 100_000  # about 15,000 words; 64 KiB of text took 3.4 s and 732 MB
MAX_BATCH_CHARS = 400_000
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class Settings:
    """How ``spinscope serve`` runs; every field has a ``SPINSCOPE_<FIELD>`` variable."""

    host: str = "127.0.0.1"
    # Host headers answered besides the local names and ``host``; "*" answers any
    allowed_hosts: tuple[str, ...] = ()
    port: int = 8000
    workers: int = field(default_factory=lambda: min(os.cpu_count() or 1, 64))  # inference
    torch_threads: int = 1  # torch's threads in each inference thread
    model: str | None = None  # a model folder or shipped name; None: by language
    store: str | None = None  # a database URL or SQLite path; None: the default store
    use_store: bool = True  # save every analysis, and serve /v1/documents
    allow_urls: bool = False  # fetch articles by URL (public addresses only)
    max_body_bytes: int = MAX_BODY_BYTES
    max_article_chars: int = MAX_ARTICLE_CHARS  # an article's text, extracted or given
    max_batch_chars: int = MAX_BATCH_CHARS  # the articles of one batch together
    queue: int = 16  # analyses that may wait, per inference thread; 503 beyond
    shutdown_timeout: int = 30  # seconds that requests in flight get to finish

    def check(self) -> Settings:
        """The settings, or SpinscopeError naming the first one out of range."""
        limits = {
            "port": (self.port, 1, 65535),
            "workers": (self.workers, 1, 256),
            "torch_threads": (self.torch_threads, 1, 256),
            "max_body_bytes": (self.max_body_bytes, 1024, 1024**3),
            "max_article_chars": (self.max_article_chars, 100, 10**9),
            "max_batch_chars": (self.max_batch_chars, 100, 10**9),
            "queue": (self.queue, 0, 10_000),
            "shutdown_timeout": (self.shutdown_timeout, 0, 3600),
        }
        for name, (value, least, most) in limits.items():
            if not least <= value <= most:
                raise SpinscopeError(f"{name} is {value}; expected {least} to {most}")
        return self


def variable(name: str) -> str:
    """The environment variable of a setting."""
    return f"SPINSCOPE_{name.upper()}"


def _parse(name: str, kind: str, raw: str) -> object:
    """A variable's value as the setting's type (``kind``, as annotated)."""
    where = f"{variable(name)}={raw!r}"
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise SpinscopeError(f"{where} is not a whole number") from None
    if kind == "bool":
        if raw.lower() in TRUE + FALSE:
            return raw.lower() in TRUE
        raise SpinscopeError(
            f"{where} is not a yes or no; expected one of {', '.join(TRUE + FALSE)}"
        )
    if kind == "tuple[str, ...]":
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")
EVERY_INTERFACE = ("0.0.0.0", "::", "")


def trusted_hosts(settings: Settings) -> list[str]:
    """The Host headers the service answers (any other is 400, so that a web page whose
    name is made to resolve to this server cannot read it): the local names, ``host``
    (or, listening on every interface, the machine's name) and ``allowed_hosts``."""
    hosts = [*LOCAL_NAMES, *settings.allowed_hosts]
    if settings.host in EVERY_INTERFACE:
        hosts.append(socket.gethostname())
    else:
        hosts.append(f"[{settings.host}]" if ":" in settings.host else settings.host)
    return list(dict.fromkeys(hosts))


def load_settings(environ: Mapping[str, str] | None = None, **given: Any) -> Settings:
    """Settings from the defaults, then ``SPINSCOPE_*`` variables (an empty one is unset),
    then the ``given`` values (None: not given); SpinscopeError for a bad one."""
    environ = os.environ if environ is None else environ
    unknown = set(given) - {f.name for f in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown settings {sorted(unknown)}")
    values: dict[str, Any] = {}
    for setting in fields(Settings):
        raw = environ.get(variable(setting.name))
        if raw:
            values[setting.name] = _parse(setting.name, str(setting.type), raw)
    values.update((name, value) for name, value in given.items() if value is not None)
    return replace(Settings(), **values).check()
