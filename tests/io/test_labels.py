"""Tests for the tab-separated label readers and ``write_rows``: lossless, line-precise."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spinscope.errors import InputError
from spinscope.io.labels import (
    ArticleRow,
    ParagraphRow,
    SpanRow,
    Table,
    TemplateRow,
    format_row,
    read_frame_labels,
    read_genre_labels,
    read_paragraph_labels,
    read_span_labels,
    read_template,
    write_rows,
)

Reader = Callable[[Path], Table[Any]]

READERS: dict[str, Reader] = {
    "span": lambda p: read_span_labels(p, "semeval23"),
    "span-unchecked": lambda p: read_span_labels(p),
    "span-ptc": lambda p: read_span_labels(p, "ptc14"),
    "si": lambda p: read_span_labels(p),
    "paragraph": read_paragraph_labels,
    "genre": read_genre_labels,
    "frames": read_frame_labels,
    "template": read_template,
}

CONTENTS: dict[str, str] = {
    "span": "101\tLoaded_Language\t12\t30\n101\tFlag_Waving\t0\t8\n102\tDoubt\t5\t5\n",
    "span-unchecked": "101\tMy_Own_Label\t3\t9\n",
    "span-ptc": (
        "201\tBandwagon,Reductio_ad_hitlerum\t4\t19\n"
        "201\tWhataboutism,Straw_Men,Red_Herring\t20\t44\n"
        "201\tFlag-Waving\t0\t3\n"
    ),
    "si": "201\t12\t30\n201\t40\t52\n",
    "paragraph": "101\t1\t\n101\t3\tDoubt,Slogans\n101\t4\tLoaded_Language\n",
    "genre": "101\topinion\n102\treporting\n103\tsatire\n",
    "frames": "101\tPolitical,Economic\n102\t\n103\tMorality\n",
    "template": (
        "101\t1\tVarnholt votes\tagain\n"
        "101\t3\tMayor Ilse Brandt\u2028said\tno\t\tand left.\n"
        "101\t5\tEnd \u00e9\U0001f600\n"
    ),
}


def put(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def round_trip(reader: Reader, path: Path) -> tuple[Table[Any], bytes]:
    table = reader(path)
    out = path.with_name(path.name + ".out")
    write_rows(table.rows, out, final_newline=table.final_newline)
    return table, out.read_bytes()


@pytest.mark.parametrize("kind", sorted(READERS))
@pytest.mark.parametrize("final_newline", [True, False])
def test_round_trip_byte_for_byte(tmp_path: Path, kind: str, final_newline: bool) -> None:
    content = CONTENTS[kind] if final_newline else CONTENTS[kind].removesuffix("\n")
    path = put(tmp_path / "labels.txt", content)
    table, written = round_trip(READERS[kind], path)
    assert table.problems == []
    assert table.final_newline is final_newline
    assert len(table.rows) == content.count("\n") + (not final_newline)
    assert written == path.read_bytes()
    # the same through a text stream
    stream = io.StringIO()
    write_rows(table.rows, stream, final_newline=table.final_newline)
    assert stream.getvalue() == content


@pytest.mark.parametrize("kind", sorted(READERS))
def test_empty_file_round_trips(tmp_path: Path, kind: str) -> None:
    path = put(tmp_path / "empty.txt", "")
    table, written = round_trip(READERS[kind], path)
    assert table.rows == []
    assert table.problems == []
    assert written == b""


def test_rows_hold_the_values_of_the_columns(tmp_path: Path) -> None:
    spans = read_span_labels(put(tmp_path / "s.txt", CONTENTS["span"]), "semeval23")
    assert spans.rows == [
        SpanRow("101", "Loaded_Language", 12, 30),
        SpanRow("101", "Flag_Waving", 0, 8),
        SpanRow("102", "Doubt", 5, 5),
    ]
    assert [r.source_line for r in spans.rows] == [1, 2, 3]
    si = read_span_labels(put(tmp_path / "si.txt", CONTENTS["si"]))
    assert si.rows == [SpanRow("201", None, 12, 30), SpanRow("201", None, 40, 52)]
    ptc = read_span_labels(put(tmp_path / "p.txt", CONTENTS["span-ptc"]), "ptc14")
    assert ptc.rows[0].technique == "Bandwagon,Reductio_ad_hitlerum"  # a comma inside one name
    paragraphs = read_paragraph_labels(put(tmp_path / "par.txt", CONTENTS["paragraph"]))
    assert paragraphs.rows == [
        ParagraphRow("101", 1, ()),
        ParagraphRow("101", 3, ("Doubt", "Slogans")),
        ParagraphRow("101", 4, ("Loaded_Language",)),
    ]
    genres = read_genre_labels(put(tmp_path / "g.txt", CONTENTS["genre"]))
    assert genres.rows[2] == ArticleRow("103", ("satire",))
    frames = read_frame_labels(put(tmp_path / "f.txt", CONTENTS["frames"]))
    assert frames.rows == [
        ArticleRow("101", ("Political", "Economic")),
        ArticleRow("102", ()),
        ArticleRow("103", ("Morality",)),
    ]
    template = read_template(put(tmp_path / "t.template", CONTENTS["template"]))
    assert template.rows[0] == TemplateRow("101", 1, "Varnholt votes\tagain")
    assert template.rows[1].text == "Mayor Ilse Brandt\u2028said\tno\t\tand left."
    assert len(template.rows) == 3  # U+2028 does not start a new row


def test_format_row() -> None:
    assert format_row(SpanRow("1", "Doubt", 2, 7)) == "1\tDoubt\t2\t7"
    assert format_row(SpanRow("1", None, 2, 7)) == "1\t2\t7"
    assert format_row(ParagraphRow("1", 3, ())) == "1\t3\t"
    assert format_row(ParagraphRow("1", 3, ("A", "B"))) == "1\t3\tA,B"
    assert format_row(ArticleRow("1", ("opinion",))) == "1\topinion"
    assert format_row(TemplateRow("1", 3, "a\tb")) == "1\t3\ta\tb"


def test_blank_lines_and_crlf_line_ends_are_read(tmp_path: Path) -> None:
    table = read_span_labels(put(tmp_path / "s.txt", "\n1\tDoubt\t1\t4\r\n  \n2\t0\t3\r\n"))
    assert table.rows == [SpanRow("1", "Doubt", 1, 4), SpanRow("2", None, 0, 3)]
    assert [r.source_line for r in table.rows] == [2, 4]


# --- bad lines -------------------------------------------------------------------------------


def problem_lines(table: Table[Any], path: Path) -> dict[int, str]:
    assert all(p.path == str(path) for p in table.problems)
    lines = {p.line: p.message for p in table.problems if p.line is not None}
    assert len(lines) == len(table.problems)
    return lines


def test_bad_span_lines_are_reported_and_later_lines_still_read(tmp_path: Path) -> None:
    path = put(
        tmp_path / "article9-labels-subtask-3.txt",
        "9\tDoubt\t0\t4\n"  # 1 good
        "9\tDoubt\t0\n"  # 2 three columns: read as ID start end -> start 'Doubt'
        "9\tDoubt\t0\t4\textra\n"  # 3 five columns
        "9\tDoubt\tten\t14\n"  # 4 not an integer
        "9\tDoubt\t-3\t14\n"  # 5 negative
        "9\tDoubt\t20\t14\n"  # 6 end before start
        "9\tFlagWaving\t1\t2\n"  # 7 unknown technique
        "9\n"  # 8 one column
        "9\tSlogans\t30\t41\n",  # 9 good
    )
    table = read_span_labels(path, "semeval23")
    assert table.rows == [SpanRow("9", "Doubt", 0, 4), SpanRow("9", "Slogans", 30, 41)]
    assert [r.source_line for r in table.rows] == [1, 9]
    lines = problem_lines(table, path)
    assert sorted(lines) == [2, 3, 4, 5, 6, 7, 8]
    assert "'Doubt' is not a non-negative integer" in lines[2]
    assert "expected 3 or 4 tab-separated columns" in lines[3]
    assert "got 5" in lines[3]
    assert "'ten' is not a non-negative integer" in lines[4]
    assert "'-3' is not a non-negative integer" in lines[5]
    assert "end 14 is before start 20" in lines[6]
    assert "Unknown technique 'FlagWaving'" in lines[7]
    assert "Flag_Waving" in lines[7]  # the message lists the known names
    assert "got 1" in lines[8]
    for problem in table.problems:
        assert str(problem).startswith(f"{path}:{problem.line}: ")


def test_unknown_ptc_name_under_ptc14(tmp_path: Path) -> None:
    path = put(
        tmp_path / "article5.task2-TC.labels",
        "5\tFlag_Waving\t0\t4\n5\tFlag-Waving\t6\t9\n5\tStraw_Men\t1\t2\n",
    )
    table = read_span_labels(path, "ptc14")
    assert table.rows == [SpanRow("5", "Flag-Waving", 6, 9)]
    lines = problem_lines(table, path)
    assert sorted(lines) == [1, 3]
    assert "Unknown PTC-2020 technique 'Flag_Waving'" in lines[1]
    assert "Flag-Waving" in lines[1]
    assert "Whataboutism,Straw_Men,Red_Herring" in lines[3]


def test_without_a_scheme_any_technique_is_accepted(tmp_path: Path) -> None:
    table = read_span_labels(put(tmp_path / "s.txt", "5\tNot_A_Technique\t0\t4\n"))
    assert table.problems == []
    assert table.rows[0].technique == "Not_A_Technique"


def test_unknown_paragraph_technique(tmp_path: Path) -> None:
    path = put(tmp_path / "p.txt", "7\t1\tDoubt,Slogan\n7\t3\tx\ty\n7\tthree\tDoubt\n7\t5\tDoubt\n")
    table = read_paragraph_labels(path)
    assert table.rows == [ParagraphRow("7", 5, ("Doubt",))]
    lines = problem_lines(table, path)
    assert sorted(lines) == [1, 2, 3]
    assert "Unknown technique 'Slogan'" in lines[1]
    assert "line number 'three' is not a non-negative integer" in lines[3]
    unchecked = read_paragraph_labels(path, check=False)
    assert unchecked.rows[0] == ParagraphRow("7", 1, ("Doubt", "Slogan"))


def test_unknown_frame(tmp_path: Path) -> None:
    path = put(tmp_path / "f.txt", "1\tPolitical,Economy\n2\tMorality\n")
    table = read_frame_labels(path)
    assert table.rows == [ArticleRow("2", ("Morality",))]
    lines = problem_lines(table, path)
    assert list(lines) == [1]
    assert "Unknown frame 'Economy'" in lines[1]
    assert "Economic" in lines[1]
    assert read_frame_labels(path, check=False).rows[0].labels == ("Political", "Economy")


def test_unknown_genre(tmp_path: Path) -> None:
    path = put(tmp_path / "g.txt", "1\tnews\n2\topinion\n3\topinion\textra\n")
    table = read_genre_labels(path)
    assert table.rows == [ArticleRow("2", ("opinion",))]
    lines = problem_lines(table, path)
    assert sorted(lines) == [1, 3]
    assert "Unknown genre 'news'" in lines[1]
    assert "opinion, reporting, satire" in lines[1]
    assert "expected 2 tab-separated columns (ID, genre); got 3" in lines[3]


def test_bad_template_line(tmp_path: Path) -> None:
    path = put(tmp_path / "t.template", "1\t1\tTitle\n1\tx\tText\n1\t3\n1\t4\tok\n")
    table = read_template(path)
    assert [r.line for r in table.rows] == [1, 4]
    assert sorted(problem_lines(table, path)) == [2, 3]


def test_invalid_utf8_label_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_bytes(b"1\tDoubt\t0\t4\n1\tDoubt\xff\t0\t4\n")
    with pytest.raises(InputError) as info:
        read_span_labels(path)
    assert info.value.line == 2


def test_missing_label_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_span_labels(tmp_path / "missing.txt")


@pytest.mark.parametrize("value", ["1_0", "+5", "\u0665"])
def test_non_canonical_integers_are_problems(tmp_path: Path, value: str) -> None:
    path = put(tmp_path / "s.txt", f"1\tDoubt\t{value}\t40\n")
    table = read_span_labels(path)
    assert table.rows == []
    assert [p.line for p in table.problems] == [1]
