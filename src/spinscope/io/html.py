"""Articles from web pages: the main text of an HTML page (trafilatura), fetched when asked.

The extracted article becomes a document in spinscope's convention (title on line 1, a
blank line, then one paragraph a line), so all offsets refer to the extracted text, which the
outputs carry. Navigation, comments, footers and other boilerplate are left out; the title,
author, date and site name go into the document's metadata.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spinscope import __version__
from spinscope.errors import InputError
from spinscope.types import Document

HTML_SUFFIXES = (".html", ".htm")
TIMEOUT = 20.0  # seconds for the whole transfer
LIMIT = 5 * 1024 * 1024  # bytes of a fetched page, at most
Refuse = Callable[[str], str | None]  # why an IP address must not be fetched from, or None
MARKUP = re.compile(r"<\s*(!doctype\s+html|html|head|body|article|p|div)[\s>]", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether a text (read from standard input, say) is an HTML page rather than an article:
    it starts with a tag and has page markup."""
    start = text.lstrip("\ufeff \t\r\n")
    return start.startswith("<") and bool(MARKUP.search(start[:2000]))


def from_html(html: str | bytes, article: str, source: str, url: str | None = None) -> Document:
    """The article of an HTML page as a document; InputError when the page has no article."""
    import trafilatura

    found = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    body = (getattr(found, "text", None) or "").strip() if found is not None else ""
    if not body:
        raise InputError(source, "no article text found in the page; expected an HTML article")
    title = " ".join((getattr(found, "title", None) or "").split())
    lines = [" ".join(line.split()) for line in body.splitlines()]
    lines = [line for line in lines if line]
    if title and lines and lines[0] == title:
        lines = lines[1:]
    if not title:
        title, lines = lines[0], lines[1:]
    if not lines:
        raise InputError(source, "no article text found in the page, only a title or a link")
    text = title + "\n\n" + "".join(line + "\n" for line in lines)
    metadata = {"source": source, "extracted_from": "html"}
    for key, name in (("author", "author"), ("date", "date"), ("sitename", "site"), ("url", "url")):
        value = getattr(found, key, None) or (url if key == "url" else None)
        if value:
            metadata[name] = str(value)
    return Document(article, text, metadata=metadata)


def read_html_file(path: Path, article: str) -> Document:
    """A saved web page as a document."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    return from_html(data, article, str(path))  # trafilatura finds the page's charset


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https addresses only."""

    def redirect_request(  # type: ignore[no-untyped-def]
        self, req, fp, code, msg, headers, newurl
    ):
        if not newurl.startswith(("http://", "https://")):
            raise urllib.error.URLError(f"refused a redirect to {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class RefusedAddressError(InputError):
    """A URL whose host is, or redirects to, an address that the fetch was told to refuse."""


def non_public(address: str) -> str | None:
    """Why an IP address is not a public one (loopback, private, link-local...), or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        else:  # 6to4 and Teredo addresses carry an IPv4 address that the packets reach
            embedded = [ip.sixtofour] if ip.sixtofour is not None else []
            embedded += list(ip.teredo or ())
            for inner in embedded:
                reason = non_public(str(inner))
                if reason is not None:
                    return f"{reason} (inside {'6to4' if ip.sixtofour else 'Teredo'})"
            if ip.is_site_local:
                return "site-local"
    for reason, flag in (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("not globally reachable", not ip.is_global),
    ):
        if flag:
            return reason
    return None


def _guarded_socket(refuse: Refuse) -> Callable[..., socket.socket]:
    """``socket.create_connection`` that resolves the host once and connects only to the
    addresses it checked, so the name cannot resolve elsewhere in between."""

    def connect(address: tuple[str, int], timeout: Any = None, source: Any = None) -> socket.socket:
        host, port = address
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        for *_, where in found:
            reason = refuse(str(where[0]))
            if reason is not None:
                raise RefusedAddressError(
                    host,
                    # the address itself is left out: a service's clients must not
                    # learn the addresses of its network from it
                    f"refused: {host} is at a {reason} address; only public addresses are fetched",
                )
        error: OSError = OSError(f"no address for {host}")
        for *_, where in found:
            try:
                return socket.create_connection((str(where[0]), port), timeout, source)
            except OSError as failed:
                error = failed
        raise error

    return connect


def _connection(kind: type[http.client.HTTPConnection], refuse: Refuse) -> Callable[..., Any]:
    def make(host: str, **options: Any) -> http.client.HTTPConnection:
        connection = kind(host, **options)
        # http.client opens its socket through this attribute (Python 3.11), HTTPS included
        connection._create_connection = _guarded_socket(refuse)  # type: ignore[attr-defined]
        return connection

    return make


class _GuardedHttp(urllib.request.HTTPHandler):
    """Plain http connections that refuse some addresses, at every redirect too."""

    def __init__(self, refuse: Refuse) -> None:
        super().__init__()
        self.refuse = refuse

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_connection(http.client.HTTPConnection, self.refuse), req)


class _GuardedHttps(urllib.request.HTTPSHandler):
    """https connections that refuse some addresses, at every redirect too."""

    def __init__(self, refuse: Refuse) -> None:
        super().__init__()
        self.refuse = refuse

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            _connection(http.client.HTTPSConnection, self.refuse),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


def _address(url: str) -> str:
    """The URL with a non-ASCII host in IDNA and a non-ASCII path and query quoted."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").encode("idna").decode("ascii")
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    path = urllib.parse.quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    query = urllib.parse.quote(parts.query, safe="=&%+/?:@!$'()*,;-._~")
    return urllib.parse.urlunsplit((parts.scheme, netloc, path, query, ""))


def _set_timeout(response: Any, seconds: float) -> None:
    """Give the socket under an http.client response ``seconds`` for its next recv."""
    raw = getattr(getattr(response, "fp", None), "raw", None)
    sock = getattr(raw, "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(seconds)


def fetch(
    url: str, timeout: float = TIMEOUT, limit: int = LIMIT, refuse: Refuse | None = None
) -> bytes:
    """The bytes of a page; InputError, naming the URL, when it cannot be had.

    Only http and https (redirects too); at most ``limit`` bytes; ``timeout`` seconds for the
    whole transfer. With ``refuse`` (such as ``non_public``), every address connected to,
    redirects included, is checked first and no proxy is used; RefusedAddressError when
    one is refused.
    """
    if not url.startswith(("http://", "https://")):
        raise InputError(url, "not an http(s) address")
    handlers: list[urllib.request.BaseHandler] = [_HttpOnly()]
    if refuse is not None:
        handlers += [urllib.request.ProxyHandler({}), _GuardedHttp(refuse), _GuardedHttps(refuse)]
    opener = urllib.request.build_opener(*handlers)
    deadline = time.monotonic() + timeout
    try:
        request = urllib.request.Request(
            _address(url), headers={"User-Agent": f"spinscope/{__version__} (+article analysis)"}
        )
        with opener.open(request, timeout=timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while True:
                # the socket's timeout applies to each recv: a server that trickles a byte
                # a second would never time out, so each read gets only the time left
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                _set_timeout(response, left)
                chunk = response.read1(64 * 1024)  # whatever has come, not a full 64 KiB
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    break
            data = b"".join(chunks)
    except RefusedAddressError as refused:
        raise RefusedAddressError(url, refused.message) from None
    except urllib.error.HTTPError as error:
        raise InputError(url, f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise InputError(url, f"no answer within {timeout:g} s") from None
        raise InputError(
            url, f"cannot reach it ({error.reason}); offline? save the page and pass the file"
        ) from None
    except TimeoutError:
        raise InputError(url, f"no answer within {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise InputError(url, f"cannot fetch it ({error})") from None
    if len(data) > limit:
        raise InputError(url, f"the page is larger than {limit / (1024 * 1024):g} MiB")
    return data


def read_url(
    url: str, timeout: float = TIMEOUT, limit: int = LIMIT, refuse: Refuse | None = None
) -> Document:
    """The article of a web page, fetched now (``refuse``: see ``fetch``)."""
    name = Path(url.split("?", 1)[0].rstrip("/")).name or "page"
    return from_html(fetch(url, timeout, limit, refuse), Path(name).stem or "page", url, url)
