"""Analyse articles with the model of their language: what the CLI, and the service, call."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spinscope.errors import InputError, SpinscopeError
from spinscope.io.articles import article_id, read_folder
from spinscope.io.formats import concat, label_files
from spinscope.io.labels import SpanRow, read_span_labels
from spinscope.language import SUPPORTED, detect
from spinscope.model.predict import (
    Model,
    model_name,
    model_version,
    quantize_setting,
    quantized,
    read_config,
    resolve_model,
)
from spinscope.store import ModelInfo
from spinscope.types import Document

CHUNK = 8  # articles handed to a model together
SHIPPED = {"en": "en"}  # the shipped model of a language; the others go to MULTI
MULTI = "multi"

Progress = Callable[[int, int], None]


class Models:
    """The models to analyse with, loaded on first use and kept.

    Without a model name (or ``SPINSCOPE_MODEL``), each article goes to the shipped model
    of its language. A named model serves its own languages: with ``--lang auto`` an article
    is assumed to be in the model's language when it serves one only, and is detected among
    the model's languages otherwise.

    ``quantize`` overrides each model's own choice of an int8 encoder. With ``environment``,
    ``SPINSCOPE_MODEL`` and ``SPINSCOPE_QUANTIZE`` stand in for a name and a ``quantize``
    not given; without, a Dask worker does what the client chose, whatever its own settings.
    ``versions`` (from another process's ``versions()``) are what each model must load as.
    """

    def __init__(
        self,
        name: str | None = None,
        language: str = "auto",
        quantize: bool | None = None,
        *,
        environment: bool = True,
        versions: Mapping[str, ModelInfo] | None = None,
    ) -> None:
        if language != "auto" and language not in SUPPORTED:
            raise SpinscopeError(
                f"Unknown language {language!r}; known: auto, {', '.join(SUPPORTED)}"
            )
        if environment:
            name = name or os.environ.get("SPINSCOPE_MODEL")
            quantize = quantize_setting() if quantize is None else quantize
        self.name = name or None
        self.quantize = quantize
        self.language = language
        self._loaded: dict[str, Model] = {}
        self._infos: dict[str, ModelInfo] = dict(versions or {})
        self._serves: list[str] = []
        if self.name is not None:
            folder = resolve_model(self.name)
            self.name = model_name(folder)  # the same however its path was written
            # its languages, from its config: weights load only when needed
            self._serves = read_config(folder).serves
        if self.name is not None and language != "auto" and language not in self._serves:
            raise SpinscopeError(
                f"The model {self.name} analyses {', '.join(self._serves)} articles; "
                f"got --lang {language}. Use --lang auto or a model for that language."
            )
        self._loading = threading.Lock()

    def _load(self, name: str) -> Model:
        loaded = self._loaded.get(name)
        if loaded is not None:
            return loaded
        with self._loading:
            if name not in self._loaded:
                quantize = quantized(read_config(resolve_model(name)), self.quantize)
                model = Model.load(name, quantize)
                expected = self._infos.get(name)
                if expected is not None and expected != ModelInfo(model.name, model.version):
                    # what the store was asked about is not what would analyse
                    raise SpinscopeError(
                        f"The model {model.name} loads as version {model.version}, not as "
                        f"{expected.version} as when this run began: it changed meanwhile, or "
                        "this machine has another copy or other settings. Run again."
                    )
                self._loaded[name] = model
            return self._loaded[name]

    def names(self) -> list[str]:
        """The models this may analyse with: the named one, or the shipped ones."""
        return [self.name] if self.name is not None else [*dict.fromkeys(SHIPPED.values()), MULTI]

    def for_language(self, language: str) -> Model:
        """The model that analyses articles in ``language``."""
        if self.name is not None:
            return self._load(self.name)
        return self._load(SHIPPED.get(language, MULTI))

    def language_of(self, document: Document, language: str | None = None) -> str:
        """The language to analyse a document in (``language``, when given, overrides the
        one chosen at creation); raises SpinscopeError for one not served."""
        chosen = language or self.language
        serves = self._serves if self.name is not None else SUPPORTED
        if chosen == "auto":
            if self.name is None:
                return detect(document.text).language
            return serves[0] if len(serves) == 1 else detect(document.text, serves).language
        if chosen not in serves:
            owner = f"the model {self.name}" if self.name else "spinscope"
            raise SpinscopeError(
                f"{owner} analyses {', '.join(serves)} articles, not {chosen}; "
                "use auto or one of those"
            )
        return chosen

    def assign(
        self, documents: Sequence[Document], language: str | None = None
    ) -> tuple[list[Document], list[InputError]]:
        """Documents with their language set, and those whose language cannot be served."""
        ready, problems = [], []
        for document in documents:
            try:
                found = self.language_of(document, language)
                if self.name is None:
                    resolve_model(SHIPPED.get(found, MULTI))
            except SpinscopeError as err:
                source = document.metadata.get("path", document.id)
                problems.append(InputError(source, str(err)))
                continue
            ready.append(replace(document, language=found))
        return ready, problems

    def info_for(self, language: str) -> ModelInfo:
        """Name and version of the model that analyses ``language``, without loading it."""
        return self._info(self.name if self.name is not None else SHIPPED.get(language, MULTI))

    def _info(self, name: str) -> ModelInfo:
        if name not in self._infos:
            folder = resolve_model(name)
            quantize = quantized(read_config(folder), self.quantize)
            self._infos[name] = ModelInfo(model_name(folder), model_version(folder, quantize))
        return self._infos[name]

    def versions(self) -> dict[str, ModelInfo]:
        """Name and version of each model these may load (by the name they load it by),
        without loading any; a missing shipped model is left out (its articles are rejects)."""
        found = {}
        for name in self.names():
            try:
                found[name] = self._info(name)
            except SpinscopeError:
                continue
        return found

    @property
    def loaded(self) -> list[str]:
        """The names of the models loaded so far."""
        return list(self._loaded)


@dataclass
class Classified:
    """Labelled rows for the input rows that could be classified, and the rows that could not."""

    rows: list[SpanRow] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)


def analyze(
    models: Models,
    documents: Sequence[Document],
    progress: Progress | None = None,
    scheme: str = "semeval23",
) -> Iterator[Document]:
    """Analysed copies of documents whose language is set (``Models.assign``), in order."""
    for start in range(0, len(documents), CHUNK):
        chunk = list(documents[start : start + CHUNK])
        done: dict[int, Document] = {}
        for language in dict.fromkeys(d.language or "en" for d in chunk):
            group = [i for i, d in enumerate(chunk) if (d.language or "en") == language]
            results = models.for_language(language).analyze([chunk[i] for i in group], scheme)
            done.update(zip(group, results, strict=True))
        yield from (done[i] for i in range(len(chunk)))
        if progress:
            progress(min(start + CHUNK, len(documents)), len(documents))


def classify_spans(
    models: Models, folder: str | Path, spans: str | Path, scheme: str = "semeval23"
) -> Classified:
    """Name the technique of each row of a span file (or folder of them) whose article is in
    ``folder``."""
    loaded = read_folder(folder)
    ready, unserved = models.assign(loaded.documents)
    table = concat(read_span_labels(path) for path in label_files(spans))
    result = Classified(problems=[*loaded.problems, *unserved, *table.problems])
    documents = {d.id: d for d in ready}
    unreadable = {article_id(p.path) for p in [*loaded.problems, *unserved]}
    wanted: dict[str, list[SpanRow]] = {}
    for row in table.rows:
        document = documents.get(row.id)
        if document is None:
            why = "could not be read" if row.id in unreadable else f"is not in {folder}"
            result.problems.append(InputError(spans, f"article{row.id}.txt {why}", row.source_line))
        elif not 0 <= row.start <= row.end <= len(document.text):
            result.problems.append(
                InputError(
                    spans,
                    f"span {row.start}-{row.end} is outside article {row.id} "
                    f"(0-{len(document.text)})",
                    row.source_line,
                )
            )
        else:
            wanted.setdefault(row.id, []).append(row)
    labels: dict[int, str] = {}
    for article, rows in wanted.items():
        document = documents[article]
        model = models.for_language(document.language or "en")
        named = model.classify(document, [(r.start, r.end) for r in rows], scheme)
        labels.update((id(row), label) for row, label in zip(rows, named, strict=True))
    result.rows = [
        SpanRow(row.id, labels[id(row)], row.start, row.end)
        for row in table.rows
        if id(row) in labels
    ]
    return result
