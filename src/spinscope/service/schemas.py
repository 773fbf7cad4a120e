"""The service's wire shapes (pydantic): requests, the canonical document, errors, listings.

They are kept apart from the library's types: a request becomes a ``Document`` in
``reading``, a ``Document`` goes back out as ``io.jsonl.to_json``, which ``DocumentOut``
describes for the OpenAPI document.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from spinscope.techniques import FRAMES, GENRES, PTC14, TECHNIQUE_NAMES

MAX_BATCH = 32  # articles in one batch request
MAX_SPANS = 2000  # spans of a document to render
# spans over any one character of a document to render: each piece where a span ends is
# marked again inside every span around it, so the HTML grows with spans times depth
MAX_DEPTH = 20
ID_PATTERN = r"^[A-Za-z0-9._-]{1,200}$"

Served = Literal["en", "fr", "de", "it", "pl", "ru"]  # language.SUPPORTED
Language = Literal["auto", "en", "fr", "de", "it", "pl", "ru"]
Scheme = Literal["semeval23", "ptc14"]
if TYPE_CHECKING:  # mypy reads the names as plain strings; pydantic lists them
    Technique = str
    Label = str
    Frame = str
    Genre = str
else:
    Technique = Literal[TECHNIQUE_NAMES]
    Label = Literal[TECHNIQUE_NAMES + tuple(n for n in PTC14 if n not in TECHNIQUE_NAMES)]
    Frame = Literal[FRAMES]
    Genre = Literal[GENRES]


def _unicode(value: object) -> object:
    """Refuse unpaired surrogates, which JSON escapes allow and UTF-8 cannot hold."""
    if isinstance(value, str):
        for index, char in enumerate(value):
            if "\ud800" <= char <= "\udfff":
                raise ValueError(
                    f"holds an unpaired surrogate (U+{ord(char):04X} at {index}); "
                    "expected Unicode text"
                )
    return value


Unicode = BeforeValidator(_unicode)
Text = Annotated[str, Unicode]
Filled = Annotated[str, StringConstraints(min_length=1), Unicode]
Url = Annotated[str, StringConstraints(min_length=1, max_length=2048), Unicode]
Source = Annotated[str, StringConstraints(min_length=1, max_length=200), Unicode]
Scalar = Text | int | float | bool | None


class Strict(BaseModel):
    """Unknown fields are refused, so that a misspelt option is not silently ignored."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Lenient(BaseModel):
    """Fields it does not read are ignored: a document as /v1/analyze returned it fits."""

    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)


class Article(Strict):
    """One article: ``text``, or ``title`` and ``body``, or ``html``, or a ``url`` to fetch."""

    model_config = ConfigDict(  # merged with Strict's
        json_schema_extra={
            "oneOf": [
                {"required": ["text"]},
                {"required": ["title", "body"]},
                {"required": ["html"]},
                {"required": ["url"]},
            ]
        },
    )

    text: Filled | None = Field(
        None,
        description="The article as plain text, title on the first line; offsets refer to it.",
    )
    title: Filled | None = Field(None, description="The title, one line.")
    body: Filled | None = Field(None, description="The body, one paragraph a line.")
    html: Filled | None = Field(None, description="A web page: its article text is extracted.")
    url: Url | None = Field(
        None,
        description="An http(s) page to fetch and extract. Only when the server allows it "
        "(--allow-urls); loopback, private, link-local and other non-public addresses are "
        "refused, at every redirect too.",
    )
    id: str | None = Field(
        None,
        pattern=ID_PATTERN,
        description="The article's id (letters, digits, . _ -); by default the first 16 hex "
        "digits of the SHA-256 of its text, so the same text keeps its id.",
    )
    language: Language = Field("auto", description="The article's language, or auto to detect it.")
    source: Source | None = Field(
        None,
        description="The outlet; it goes into the metadata as site (and into the store).",
    )
    published: date | None = Field(
        None, description="The publication date; it goes into the metadata as date."
    )

    @model_validator(mode="after")
    def _one_input(self) -> Article:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if self.title is not None or self.body is not None:
            given.append("title and body")
            if self.title is None or self.body is None:
                raise ValueError("title and body come together; got only one of them")
            if "\n" in self.title or "\r" in self.title:
                raise ValueError("title must be one line")
        if len(given) != 1:
            found = f"got {' and '.join(given)}" if given else "got none"
            raise ValueError(f"expected exactly one of text, title and body, html, url; {found}")
        return self


Threshold = Annotated[
    float,
    Field(
        ge=0.0,
        le=1.0,
        description="Leave out of `spans` every span whose score is below this (0 keeps all "
        "the model found). Paragraph labels, genre and frames are not affected; stored "
        "analyses keep every span.",
    ),
]
SchemeField = Annotated[
    Scheme,
    Field(
        description="semeval23 (the 23 techniques of SemEval-2023 Task 3) or ptc14 (the 14 "
        "classes of SemEval-2020 Task 11) for the spans; paragraph labels stay in semeval23. "
        "Only semeval23 analyses are stored."
    ),
]


class AnalyzeRequest(Article):
    """One article to analyse and how."""

    scheme: SchemeField = "semeval23"
    threshold: Threshold = 0.0


class BatchRequest(Strict):
    """Articles to analyse together, each with its own language."""

    articles: list[Article] = Field(min_length=1, max_length=MAX_BATCH)
    scheme: SchemeField = "semeval23"
    threshold: Threshold = 0.0


class SpanOut(BaseModel):
    """A fragment and its technique; ``text`` is ``document.text[start:end]``."""

    start: int
    end: int
    technique: str
    category: str | None
    score: float | None
    text: str
    paragraph: int | None


class ParagraphOut(BaseModel):
    """A non-empty line and its techniques (line 1 is the title)."""

    line: int
    start: int
    end: int
    techniques: list[str] | None


class DocumentOut(BaseModel):
    """The canonical document (src/spinscope/schemas/document.schema.json)."""

    format: int
    id: str
    language: str | None
    title: str
    text: str
    metadata: dict[str, Any]
    genre: str | None
    frames: list[str] | None
    paragraphs: list[ParagraphOut]
    spans: list[SpanOut]


class BatchItem(BaseModel):
    """The analysis of one article of a batch, or why it could not be analysed."""

    document: DocumentOut | None = None
    error: str | None = None


class BatchResponse(BaseModel):
    """One item per article, in the order given."""

    results: list[BatchItem]


class SpanIn(Lenient):
    """A span of a document to render."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    technique: Label
    score: float | None = Field(None, ge=0.0, le=1.0)
    text: Text | None = None


class ParagraphIn(Lenient):
    """A paragraph's labels in a document to render."""

    line: int = Field(ge=1)
    techniques: list[Technique] | None = None


class DocumentIn(Lenient):
    """A canonical document to render, such as /v1/analyze returns (title, category and
    paragraph numbers are derived again and may be left out)."""

    id: str = Field(min_length=1, max_length=200)
    text: Text
    language: Served | None = None
    metadata: dict[Text, Scalar] = Field(default_factory=dict)
    genre: Genre | None = None
    frames: list[Frame] | None = None
    paragraphs: list[ParagraphIn] = Field(default_factory=list)
    spans: list[SpanIn] = Field(
        default_factory=list,
        max_length=MAX_SPANS,
        description=f"At most {MAX_SPANS} spans, at most {MAX_DEPTH} over any one character.",
    )

    @model_validator(mode="after")
    def _not_too_deep(self) -> DocumentIn:
        ends = sorted(
            [(s.start, 1) for s in self.spans if s.end > s.start]
            + [(s.end, -1) for s in self.spans if s.end > s.start]
        )  # an end sorts before a start at the same offset: those spans do not overlap
        depth = 0
        for offset, step in ends:
            depth += step
            if depth > MAX_DEPTH:
                raise ValueError(
                    f"{depth} spans overlap at offset {offset}; at most {MAX_DEPTH} may "
                    "cover one character"
                )
        return self


class TechniqueOut(BaseModel):
    """A technique (or PTC-14 class) with its definition."""

    name: str
    category: str | None
    definition: str
    example: str | None


class Taxonomy(BaseModel):
    """The labels of a scheme and the categories of the 23 techniques."""

    scheme: Scheme
    categories: list[str]
    techniques: list[TechniqueOut]


class Health(BaseModel):
    """Whether the service is up, and the models loaded so far."""

    status: Literal["ok"]
    loaded: list[str]
    store: bool


class ModelOut(BaseModel):
    """A model's name, version, languages and dev figures (its model card)."""

    name: str
    version: str
    languages: list[str]
    figures: dict[str, float]


class Version(BaseModel):
    """The service's version and its models."""

    spinscope: str
    models: list[ModelOut]


class ModelRef(BaseModel):
    """The model an analysis came from."""

    name: str
    version: str


class StoredAnalysisOut(BaseModel):
    """One stored analysis of a document."""

    id: int
    model: ModelRef
    spinscope_version: str
    created: datetime
    current: bool
    document: DocumentOut


class StoredDocumentOut(BaseModel):
    """A stored document (its latest text) with every analysis of that text."""

    key: str
    source: str | None
    url: str | None
    title: str
    language: str | None
    published: date | None
    content_hash: str
    created: datetime
    analyses: list[StoredAnalysisOut]


class DocumentSummary(BaseModel):
    """A stored document in a listing, with the techniques of its current analysis."""

    key: str
    title: str
    source: str | None
    url: str | None
    language: str | None
    published: date | None
    analysed: datetime
    model: ModelRef
    genre: str | None
    spans: int
    techniques: dict[str, int]


class DocumentList(BaseModel):
    """A page of stored documents, newest analysis first."""

    documents: list[DocumentSummary]
    limit: int
    offset: int


class Problem(BaseModel):
    """What went wrong, in words."""

    detail: str


class FieldProblem(BaseModel):
    """A field at fault: where (``loc``), what is wrong and what is allowed (``msg``)."""

    loc: list[str | int]
    msg: str
    type: str


class Invalid(BaseModel):
    """The fields at fault in a request."""

    detail: list[FieldProblem]
