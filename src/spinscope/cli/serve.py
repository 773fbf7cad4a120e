"""``spinscope serve``: the REST API and the web page in one process, on the shipped models."""

from __future__ import annotations

import copy

import typer

from spinscope.cli.common import fail
from spinscope.errors import SpinscopeError


def serve_cli(
    host: str | None = typer.Option(
        None, help="Address to listen on.", show_default="127.0.0.1, or SPINSCOPE_HOST"
    ),
    port: int | None = typer.Option(None, help="Port.", show_default="8000, or SPINSCOPE_PORT"),
    allowed_host: list[str] | None = typer.Option(
        None,
        help="A name the server is reached by besides localhost and --host (behind a "
        "reverse proxy, say); repeatable; '*' for any. Other Host headers are answered 400.",
        show_default="none, or SPINSCOPE_ALLOWED_HOSTS (comma-separated)",
    ),
    workers: int | None = typer.Option(
        None,
        help="Inference threads: articles analysed at the same time.",
        show_default="one a CPU core, or SPINSCOPE_WORKERS",
    ),
    torch_threads: int | None = typer.Option(
        None,
        help="torch's threads in each inference thread.",
        show_default="1, or SPINSCOPE_TORCH_THREADS",
    ),
    model: str | None = typer.Option(
        None,
        help="Model folder or shipped model name.",
        show_default="the shipped model of each article's language, or SPINSCOPE_MODEL",
    ),
    store: str | None = typer.Option(
        None,
        help="Database URL or SQLite file that keeps every analysis.",
        show_default="SPINSCOPE_STORE, else ~/.local/share/spinscope/store.sqlite",
    ),
    no_store: bool = typer.Option(
        False, "--no-store", help="Keep no analyses; /v1/documents then answers 404."
    ),
    allow_urls: bool | None = typer.Option(
        None,
        "--allow-urls/--no-allow-urls",
        help="Fetch articles by URL (public addresses only).",
        show_default="off, or SPINSCOPE_ALLOW_URLS",
    ),
    max_body_bytes: int | None = typer.Option(
        None,
        help="Largest request body; 413 above.",
        show_default="2097152, or SPINSCOPE_MAX_BODY_BYTES",
    ),
    max_article_chars: int | None = typer.Option(
        None,
        help="Longest article, in characters (its text, extracted or given); 422 above.",
        show_default="100000, or SPINSCOPE_MAX_ARTICLE_CHARS",
    ),
    max_batch_chars: int | None = typer.Option(
        None,
        help="Characters of a batch's articles together; 422 above.",
        show_default="400000, or SPINSCOPE_MAX_BATCH_CHARS",
    ),
    queue: int | None = typer.Option(
        None,
        help="Analyses that may wait, per inference thread; 503 with Retry-After beyond.",
        show_default="16, or SPINSCOPE_QUEUE",
    ),
    shutdown_timeout: int | None = typer.Option(
        None,
        help="Seconds that requests in flight get to finish after SIGTERM or Ctrl-C.",
        show_default="30, or SPINSCOPE_SHUTDOWN_TIMEOUT",
    ),
) -> None:
    """Serve the REST API (/v1/..., /openapi.json) and the web page (/)."""
    import uvicorn

    from spinscope.model.predict import resolve_model
    from spinscope.service import create_app, load_settings
    from spinscope.store import default_url, normalize_url

    if no_store and store is not None:
        fail("give --store URL or --no-store, not both")
    try:
        settings = load_settings(
            host=host,
            port=port,
            allowed_hosts=tuple(allowed_host) if allowed_host else None,
            workers=workers,
            torch_threads=torch_threads,
            model=model,
            store=store,
            use_store=False if no_store else None,
            allow_urls=allow_urls,
            max_body_bytes=max_body_bytes,
            max_article_chars=max_article_chars,
            max_batch_chars=max_batch_chars,
            queue=queue,
            shutdown_timeout=shutdown_timeout,
        )
        if settings.model is not None:
            resolve_model(settings.model)
        if settings.use_store:
            normalize_url(settings.store or default_url())
    except SpinscopeError as err:
        fail(str(err))
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)  # spinscope's lines too
    log_config["loggers"]["spinscope"] = {"handlers": ["default"], "level": "INFO"}
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        timeout_graceful_shutdown=settings.shutdown_timeout,
        log_config=log_config,
    )
