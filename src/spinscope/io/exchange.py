"""Exchange with annotation tools: Label Studio's span-labelling JSON and the SemEval-2021 shape.

Export writes a model's spans so that people can correct them in the tool; import reads the
corrected file back into documents that ``spinscope train`` learns from.

Offsets are written in code points, as spinscope and current Label Studio count them. Older
Label Studio versions counted UTF-16 code units (JavaScript string lengths), which differ
after any character outside the Basic Multilingual Plane (most emoji); on import, a span is
read in whichever of the two units makes its offsets match its text, and every imported
span's text is checked against the article.

Training labels come from people: a task's newest annotation that was not cancelled. The
model's predictions are read only from a file that holds no annotation at all (a spinscope
export corrected by hand, not in the tool).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spinscope.errors import InputError, SpanError
from spinscope.io.articles import read_text
from spinscope.techniques import TECHNIQUES
from spinscope.types import Document, Span

LABEL_STUDIO = "labelstudio"
SEMEVAL2021 = "semeval2021"
FORMATS = (LABEL_STUDIO, SEMEVAL2021)
FROM_NAME = "technique"  # the <Labels name=...> of the labelling config below
TO_NAME = "text"  # the <Text name=...>


def labelling_config() -> str:
    """Label Studio's labelling interface for the 23 techniques, to paste into a project."""
    labels = "\n".join(f'    <Label value="{name}"/>' for name in TECHNIQUES)
    return (
        "<View>\n"
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{labels}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="$text" granularity="word"/>\n'
        "</View>\n"
    )


def utf16_offset(text: str, index: int) -> int:
    """A code-point offset as UTF-16 code units."""
    return index + sum(1 for c in text[:index] if ord(c) > 0xFFFF)


def code_point_offset(text: str, units: int) -> int:
    """A UTF-16 offset as code points; ValueError if it falls inside a surrogate pair."""
    count = 0
    for index, char in enumerate(text):
        if count == units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
        if count > units:
            raise ValueError(f"UTF-16 offset {units} falls inside a character")
    if count == units:
        return len(text)
    raise ValueError(f"UTF-16 offset {units} is past the end of the text ({count})")


def _result(document: Document, span: Span, number: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": f"{document.id}-{number}",
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "value": {
            "start": span.start,
            "end": span.end,
            "text": document.fragment(span),
            "labels": [span.technique],
        },
    }
    if span.score is not None:
        result["score"] = span.score
    return result


def to_label_studio(documents: Iterable[Document], model: str = "spinscope") -> list[Any]:
    """Label Studio tasks: the article in ``data``, its spans as a prediction to review."""
    tasks = []
    for document in documents:
        spans = sorted(document.spans, key=lambda s: (s.start, s.end, s.technique))
        tasks.append(
            {
                "data": {
                    "text": document.text,
                    "article_id": document.id,
                    "language": document.language,
                },
                "predictions": [
                    {
                        "model_version": model,
                        "result": [_result(document, s, i) for i, s in enumerate(spans)],
                    }
                ],
            }
        )
    return tasks


def to_semeval2021(documents: Iterable[Document]) -> list[Any]:
    """The SemEval-2021 Task 6 shape: id, text and labels with ``text_fragment``."""
    return [
        {
            "id": document.id,
            "text": document.text,
            "labels": [
                {
                    "start": span.start,
                    "end": span.end,
                    "technique": span.technique,
                    "text_fragment": document.fragment(span),
                }
                for span in sorted(document.spans, key=lambda s: (s.start, s.end, s.technique))
            ],
        }
        for document in documents
    ]


def export(documents: Iterable[Document], fmt: str, path: Path) -> None:
    """Write documents in an exchange format."""
    data = to_label_studio(documents) if fmt == LABEL_STUDIO else to_semeval2021(documents)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _span(text: str, start: int, end: int, technique: str, fragment: object, where: str) -> Span:
    if technique not in TECHNIQUES:
        raise SpanError(f"{where}: unknown technique {technique!r}")
    span = Span(start, end, technique)
    if not 0 <= start < end <= len(text):
        raise SpanError(f"{where}: span {start}-{end} is outside the text (0-{len(text)})")
    if fragment is not None and text[start:end] != fragment:
        raise SpanError(
            f"{where}: span {start}-{end} says {fragment!r} but the text there is "
            f"{text[start:end]!r}"
        )
    return span


def _results(task: dict[str, Any], annotated: bool) -> list[Any] | None:
    """The labels of a task: its newest annotation not cancelled; in a file without any
    annotation, its first prediction. None when the task has no labels to learn from."""
    if annotated:
        kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not kept:
            return None
        newest = max(kept, key=lambda a: (str(a.get("updated_at") or ""), _number(a.get("id"))))
        return list(newest.get("result") or [])
    predictions = task.get("predictions") or []
    return list(predictions[0].get("result") or []) if predictions else []


def _number(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _offsets(text: str, value: dict[str, Any]) -> tuple[int, int]:
    """A result's offsets in code points, read as code points or, failing that, as UTF-16."""
    start, end = int(value["start"]), int(value["end"])
    fragment = value.get("text")
    if fragment is None or text[start:end] == fragment:
        return start, end
    try:
        converted = code_point_offset(text, start), code_point_offset(text, end)
    except ValueError:
        return start, end
    return converted if text[converted[0] : converted[1]] == fragment else (start, end)


def from_label_studio(data: Any, source: str) -> list[Document]:
    """Documents from a Label Studio JSON export (a list of tasks)."""
    if not isinstance(data, list):
        raise InputError(source, "not a Label Studio export; expected a list of tasks")
    annotated = any(isinstance(t, dict) and t.get("annotations") for t in data)
    documents = []
    for number, task in enumerate(data, start=1):
        where = f"task {number}"
        try:
            results = _results(task, annotated)
            if results is None:
                continue  # every annotation of the task was cancelled
            text = task["data"]["text"]
            article = str(task["data"].get("article_id") or task.get("id") or number)
            document = Document(article, text, task["data"].get("language"))
            found: set[Span] = set()
            for result in results:
                labels = result.get("value", {}).get("labels") or []
                other_control = result.get("from_name") not in (None, FROM_NAME) and not any(
                    label in TECHNIQUES for label in labels
                )
                if result.get("type") != "labels" or other_control:
                    continue
                value = result["value"]
                start, end = _offsets(text, value)
                for technique in labels:
                    found.add(_span(text, start, end, technique, value.get("text"), where))
            for span in sorted(found):
                document.add(span)
        except (KeyError, TypeError, AttributeError) as error:
            raise InputError(source, f"{where}: not a Label Studio task ({error})") from None
        except (ValueError, SpanError) as error:
            raise InputError(source, str(error)) from None
        documents.append(document)
    return documents


def from_semeval2021(data: Any, source: str) -> list[Document]:
    """Documents from the SemEval-2021 Task 6 shape."""
    if not isinstance(data, list):
        raise InputError(source, "not SemEval-2021 JSON; expected a list of articles")
    documents = []
    for number, item in enumerate(data, start=1):
        where = f"article {number}"
        try:
            document = Document(str(item["id"]), item["text"])
            for label in item.get("labels") or []:
                span = _span(
                    document.text,
                    int(label["start"]),
                    int(label["end"]),
                    label["technique"],
                    label.get("text_fragment"),
                    where,
                )
                document.add(span)
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise InputError(source, f"{where}: not a SemEval-2021 article ({error})") from None
        except SpanError as error:
            raise InputError(source, str(error)) from None
        documents.append(document)
    return documents


def guess_format(data: Any) -> str | None:
    """The exchange format a parsed file looks like, or None."""
    if isinstance(data, list) and data and isinstance(data[0], dict):
        if "data" in data[0]:
            return LABEL_STUDIO
        if "labels" in data[0] and "text" in data[0]:
            return SEMEVAL2021
    return None


def import_file(path: str | Path, fmt: str | None = None) -> list[Document]:
    """Documents from an exchange file; ``fmt`` guessed from its shape when left out."""
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise InputError(path, f"not JSON ({error.msg}); expected {' or '.join(FORMATS)}") from None
    chosen = fmt or guess_format(data)
    if chosen == LABEL_STUDIO:
        return from_label_studio(data, str(path))
    if chosen == SEMEVAL2021:
        return from_semeval2021(data, str(path))
    raise InputError(path, f"not a known exchange file; expected {' or '.join(FORMATS)}")
