"""A request's article as a document: its text, title and body, a web page, or a fetched URL."""

from __future__ import annotations

from spinscope.errors import InputError
from spinscope.io import html
from spinscope.service.errors import FieldError
from spinscope.service.schemas import Article
from spinscope.store import content_hash
from spinscope.types import Document


def _given(article: Article) -> str:
    """The field the article came in: text, body (with title), html or url."""
    for field in ("text", "html", "url"):
        if getattr(article, field) is not None:
            return field
    return "body"


def document_of(article: Article, most_chars: int) -> Document:
    """The document of an article; blocking, as a page may be extracted or fetched.

    FieldError names the field at fault (its text over ``most_chars`` too);
    RefusedAddressError when a fetch is refused.
    """
    field = _given(article)
    try:
        if article.url is not None:  # the module's guard, looked up now: tests replace it
            document = html.read_url(article.url, refuse=html.non_public)
        elif article.html is not None:
            document = html.from_html(article.html, "page", "html")
        else:
            text = article.text or f"{article.title}\n\n{article.body}"
            document = Document("text", text, metadata={})
    except html.RefusedAddressError:
        raise
    except InputError as error:
        raise FieldError(field, str(error)) from None
    if not document.text.strip():
        raise FieldError(field, "no text (only white space); expected an article")
    if len(document.text) > most_chars:
        raise FieldError(
            field,
            f"the article is {len(document.text):,} characters long; at most {most_chars:,} "
            "are analysed (the server's --max-article-chars)",
        )
    document.id = article.id or content_hash(document.text)[:16]
    if article.source is not None:
        document.metadata["site"] = article.source
    if article.published is not None:
        document.metadata["date"] = article.published.isoformat()
    return document
