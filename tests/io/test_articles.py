"""Tests for reading and writing plain-text articles byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.errors import InputError
from spinscope.io.articles import (
    article_id,
    article_paths,
    decode_text,
    read_article,
    read_folder,
    read_text,
    write_article,
)

APPLEDOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02"


def put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_read_text_keeps_bom_and_crlf(tmp_path: Path) -> None:
    data = "\ufeffVarnholt news\r\n\r\nMayor Ilse Brandt spoke.\r\n".encode()
    text = read_text(put(tmp_path / "article1.txt", data))
    assert text[0] == "\ufeff"
    assert text[1:9] == "Varnholt"
    assert text.count("\r\n") == 3
    assert text.encode("utf-8") == data
    assert len(text) == 1 + 13 + 2 + 2 + 24 + 2


def test_read_text_keeps_lone_cr_and_line_separators(tmp_path: Path) -> None:
    data = "Title\rstill title\u2028and more\n\nBody\u0085end".encode()
    assert read_text(put(tmp_path / "a.txt", data)) == data.decode("utf-8")


@pytest.mark.parametrize(
    "content",
    [
        "Varnholt vote\n\nMayor Ilse Brandt won.\n",
        "Grüße aus Varnholt\n\nBürgermeisterin Ilse Brandt sagt: „Nein“.\n",
        "Harbour party 🎉🚢\n\nThe crowd cheered 👏 loudly.",  # no final newline
        "Title\r\n\r\nCRLF body line.\r\nSecond line.\r\n",
        "\ufeffBOM title\n\nBody",
        "Mixed\r\n\nline\rends\u2028here\n\n\n",
        "Ελληνικά και русский текст\n\n中文 段落",
    ],
)
def test_write_article_round_trip_is_byte_identical(tmp_path: Path, content: str) -> None:
    original = put(tmp_path / "article77.txt", content.encode("utf-8"))
    doc = read_article(original, "xx")
    assert doc.id == "77"
    assert doc.language == "xx"
    assert doc.metadata["path"] == str(original)
    out = tmp_path / "out"
    out.mkdir()
    written = write_article(doc, out)
    assert written == out / "article77.txt"
    assert written.read_bytes() == original.read_bytes()


def test_empty_file_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    path = put(tmp_path / "article5.txt", b"")
    with pytest.raises(InputError) as info:
        read_article(path)
    assert info.value.path == str(path)
    assert str(info.value).startswith(str(path))
    assert "empty" in info.value.message


def test_whitespace_only_file_is_an_input_error(tmp_path: Path) -> None:
    path = put(tmp_path / "article6.txt", b" \n\t\r\n\n")
    assert read_text(path) == " \n\t\r\n\n"  # it is text...
    with pytest.raises(InputError) as info:
        read_article(path)  # ...but not an article
    assert info.value.path == str(path)
    assert "white space" in info.value.message


def test_binary_file_names_the_line_of_the_nul_byte(tmp_path: Path) -> None:
    path = put(tmp_path / "article7.txt", b"Title\n\nsome\x00binary\n")
    with pytest.raises(InputError) as info:
        read_article(path)
    assert info.value.line == 3
    assert "NUL" in info.value.message
    assert str(info.value).startswith(f"{path}:3: ")


def test_invalid_utf8_names_line_and_byte(tmp_path: Path) -> None:
    data = b"Varnholt\n\nBad \xff byte here\nfine\n"
    path = put(tmp_path / "article8.txt", data)
    with pytest.raises(InputError) as info:
        read_text(path)
    err = info.value
    offset = data.index(b"\xff")
    assert err.line == 3
    assert "0xff" in err.message
    assert f"byte offset {offset}" in err.message
    assert str(err).startswith(f"{path}:3: ")


def test_invalid_utf8_in_a_multibyte_sequence(tmp_path: Path) -> None:
    # a truncated 3-byte sequence: lead byte 0xe2 followed by ASCII
    data = b"ok\nok\nok\n\xe2\x82x\n"
    with pytest.raises(InputError) as info:
        decode_text(data, tmp_path / "x.txt")
    assert info.value.line == 4
    assert "0xe2" in info.value.message


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_text(tmp_path / "article404.txt")


def test_read_folder_skips_appledouble_and_reports_bad_files(tmp_path: Path) -> None:
    put(tmp_path / "article1.txt", b"Varnholt one\n\nBody one.\n")
    put(tmp_path / "article2.txt", b"Varnholt two\n\nBody two.")
    bad = put(tmp_path / "article3.txt", b"Title\n\n\xc3\x28 broken\n")
    empty = put(tmp_path / "article4.txt", b"")
    put(tmp_path / "._article1.txt", APPLEDOUBLE)
    put(tmp_path / "notes.md", b"not an article")

    loaded = read_folder(tmp_path, "de")
    assert [d.id for d in loaded.documents] == ["1", "2"]
    assert [d.language for d in loaded.documents] == ["de", "de"]
    assert loaded.documents[1].text == "Varnholt two\n\nBody two."
    assert sorted(p.path for p in loaded.problems) == [str(bad), str(empty)]
    by_path = {p.path: p for p in loaded.problems}
    assert by_path[str(bad)].line == 3
    assert all("._" not in p.path for p in loaded.problems)


def test_article_paths_sorted_and_hidden_left_out(tmp_path: Path) -> None:
    for name in ("article20.txt", "article3.txt", ".hidden.txt", "._article3.txt", "x.labels"):
        put(tmp_path / name, b"T\n")
    assert [p.name for p in article_paths(tmp_path)] == ["article20.txt", "article3.txt"]


def test_article_paths_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        article_paths(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("article123.txt", "123"),
        ("/some/dir/article111111112.txt", "111111112"),
        ("articleAB-7.txt", "AB-7"),
        ("story9.txt", "story9"),
        ("article.txt", "article"),
    ],
)
def test_article_id(name: str, expected: str) -> None:
    assert article_id(name) == expected
