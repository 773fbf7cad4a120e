"""Articles from web pages: saved HTML, standard input and URLs, all offline."""

from __future__ import annotations

import http.server
import io
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from spinscope.errors import InputError
from spinscope.io.articles import article_paths, read_article
from spinscope.io.html import RefusedAddressError, fetch, from_html, non_public, read_url
from spinscope.io.sources import check_target, from_text, read_target

PAGES = Path(__file__).parent / "pages"


def test_the_article_is_extracted_without_boilerplate() -> None:
    document = read_article(PAGES / "harbour.html")
    lines = document.text.split("\n")
    assert lines[0] == "Harbour tax passes after stormy night" and lines[1] == ""
    assert "a gang of saboteurs" in document.text
    assert "The new rate applies from March." in document.text
    for boilerplate in ("Subscribe", "Weather", "council nonsense", "rights reserved", "Ferry"):
        assert boilerplate not in document.text, boilerplate
    assert document.metadata["author"] == "Ada Lind"
    assert document.metadata["site"] == "The Varnholt Gazette"
    assert document.metadata["date"] == "2026-03-02"
    assert document.id == "harbour"
    # every paragraph is one line: the document's own paragraph convention holds
    assert all(line.strip() == line for line in lines)


def test_markup_written_in_the_article_stays_text() -> None:
    document = read_article(PAGES / "escaping.html")
    assert '<script>alert("rigged")</script>' in document.text
    assert '<b onclick="x()">A Friend</b>' in document.text


def test_a_folder_mixes_text_and_html(tmp_path: Path) -> None:
    (tmp_path / "article1.txt").write_text("Title\n\nBody.\n", encoding="utf-8")
    (tmp_path / "page.html").write_bytes((PAGES / "harbour.html").read_bytes())
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    assert [p.name for p in article_paths(tmp_path)] == ["article1.txt", "page.html"]
    loaded = read_target(str(tmp_path))
    assert [d.id for d in loaded.documents] == ["1", "page"] and not loaded.problems


def test_a_page_without_an_article_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    loaded = read_target(str(page))
    assert not loaded.documents and "no article text" in str(loaded.problems[0])


def test_standard_input_takes_text_or_html() -> None:
    text = "Title\n\nThe council, a gang of saboteurs, voted.\n"
    loaded = read_target("-", io.StringIO(text))
    assert loaded.documents[0].text == text and loaded.documents[0].id == "stdin"
    html = (PAGES / "harbour.html").read_text("utf-8")
    assert from_text(html).text.startswith("Harbour tax passes after stormy night\n\n")
    empty = read_target("-", io.StringIO("  \n"))
    assert not empty.documents and "no text" in str(empty.problems[0])


def test_an_unknown_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="expected an article file, a folder, - or a URL"):
        check_target(str(tmp_path / "missing.txt"))


class _Pages(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        if self.path.startswith("/to/"):  # /to/HOST:PORT/PATH redirects there
            self.send_response(302)
            self.send_header("Location", "http://" + self.path[len("/to/") :])
            self.end_headers()
        elif self.path == "/harbour":
            body = (PAGES / "harbour.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_url_is_fetched_and_extracted(server: str) -> None:
    document = read_url(f"{server}/harbour")
    assert document.id == "harbour"
    assert document.metadata["url"] == f"{server}/harbour"
    assert "a gang of saboteurs" in document.text


def test_fetch_errors_name_the_url_and_the_reason(server: str) -> None:
    with pytest.raises(InputError, match="answered 404") as raised:
        fetch(f"{server}/missing")
    assert "/missing" in str(raised.value)
    with pytest.raises(InputError, match="larger than"):
        fetch(f"{server}/harbour", limit=100)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(InputError, match="offline"):
        fetch(f"http://127.0.0.1:{port}/x")


def test_a_server_that_never_answers_times_out() -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        with pytest.raises(InputError, match="no answer within"):
            fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/", timeout=0.5)
    finally:
        silent.close()


def test_a_server_that_trickles_its_page_times_out_all_the_same() -> None:
    # each byte comes well within the socket's timeout; the whole page never would
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(1)

    def trickle() -> None:
        connection, _ = listening.accept()
        with connection:
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            try:
                for _ in range(40):
                    connection.sendall(b"x")
                    time.sleep(0.1)
            except OSError:
                pass

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError, match=r"no answer within 0\.5 s"):
            fetch(f"http://127.0.0.1:{listening.getsockname()[1]}/", timeout=0.5)
    finally:
        listening.close()
    assert time.monotonic() - started < 3  # the trickle lasts 4 s


def test_from_html_needs_text() -> None:
    with pytest.raises(InputError, match="no article text"):
        from_html("<html></html>", "x", "inline")


def test_plain_text_mentioning_a_tag_stays_text() -> None:
    text = "Title\n\nThe editor wrote <p> tags by hand in the old days.\n"
    assert from_text(text).text == text


def test_a_page_in_another_charset_is_decoded_from_its_meta_tag(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1251"><title>Налог на порт</title></head><body>'
        "<article><h1>Налог на порт</h1><p>Совет назвал оппозицию бандой саботажников, "
        "готовых продать порт.</p><p>Новая ставка начнёт действовать с марта.</p>"  # noqa: RUF001
        "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1251"))
    document = read_article(path)
    assert "бандой саботажников" in document.text and "\ufffd" not in document.text


class _Redirect(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", "ftp://127.0.0.1/secret")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_redirects_leave_http_never() -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with pytest.raises(InputError, match="refused a redirect to ftp"):
            fetch(f"http://127.0.0.1:{httpd.server_address[1]}/start")
    finally:
        httpd.shutdown()


def test_odd_addresses_give_clear_errors(server: str) -> None:
    with pytest.raises(InputError, match="answered 404"):
        fetch(f"{server}/\u0441\u0442\u0430\u0442\u044c\u044f \u00e9")  # quoted, no crash
    with pytest.raises(InputError, match="cannot"):
        fetch("http://[::1")


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("fd00::5", "private"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "not globally reachable"),
        ("fec0::1", "site-local"),
        ("2002:7f00:1::1", "loopback (inside 6to4)"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private (inside Teredo)"),
        ("2002:5db8:d70e::1", None),
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_non_public_names_what_an_address_is(address: str, reason: str | None) -> None:
    assert non_public(address) == reason


def test_a_refused_address_is_never_contacted(server: str) -> None:
    _Pages.seen.clear()
    named = server.replace("127.0.0.1", "localhost")
    with pytest.raises(RefusedAddressError, match="is at a loopback address") as raised:
        fetch(f"{named}/harbour", refuse=non_public)
    assert raised.value.path == f"{named}/harbour"
    assert "127.0.0.1" not in raised.value.message  # a service's clients do not learn it
    assert _Pages.seen == []


def test_every_redirect_hop_is_checked(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    _Pages.seen.clear()
    with pytest.raises(RefusedAddressError, match=r"127\.0\.0\.2 is at a test address"):
        fetch(
            f"{server}/to/127.0.0.2:{port}/harbour",
            refuse=lambda address: "test" if address == "127.0.0.2" else None,
        )
    assert _Pages.seen == [f"/to/127.0.0.2:{port}/harbour"]


def test_an_allowed_address_is_fetched_through_the_guard(server: str) -> None:
    checked: list[str] = []

    def allow(address: str) -> None:
        checked.append(address)

    document = read_url(f"{server}/to/localhost:{server.rsplit(':', 1)[1]}/harbour", refuse=allow)
    assert "a gang of saboteurs" in document.text
    assert checked[0] == "127.0.0.1" and "127.0.0.1" in checked[1:]
