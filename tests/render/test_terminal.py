"""The terminal view of an analysed article."""

from __future__ import annotations

from rich.console import Console

from spinscope.render.terminal import fragment, render
from spinscope.types import Document, Span

TEXT = "Harbour tax passes\n\nThe council, a gang of saboteurs, voted.\nThe end.\n"


def _span(fragment_text: str, technique: str, score: float = 0.8) -> Span:
    start = TEXT.index(fragment_text)
    return Span(start, start + len(fragment_text), technique, score)


def _shown(document: Document, explain: bool = False, plain: bool = True) -> str:
    console = Console(record=True, width=120, color_system=None)
    console.print(render(document, explain, plain))
    return console.export_text()


def test_fragments_are_bracketed_and_numbered_in_the_text_without_colour() -> None:
    span = _span("a gang of saboteurs", "Name_Calling-Labeling", 0.81)
    document = Document("7", TEXT, spans=[span], paragraph_labels={1: [], 3: [span.technique]})
    shown = _shown(document)
    assert "The council, [a gang of saboteurs]1, voted." in shown
    row = next(line for line in shown.splitlines() if line.startswith("1 "))
    assert "Name_Calling-Labeling" in row and "Attack on Reputation" in row and "0.81" in row


def test_three_overlapping_fragments_stay_visible_and_nested() -> None:
    spans = [
        _span("a gang of saboteurs", "Name_Calling-Labeling"),
        _span("saboteurs", "Loaded_Language"),
        _span("The council, a gang of saboteurs, voted", "Doubt"),
    ]
    shown = _shown(Document("7", TEXT, spans=spans))
    assert "[The council, [a gang of [saboteurs]3]2, voted]1." in shown
    for technique in ("Name_Calling-Labeling", "Loaded_Language", "Doubt"):
        assert technique in shown


def test_colour_marks_fragments_with_their_category_and_numbers() -> None:
    document = Document("7", TEXT, spans=[_span("a gang of saboteurs", "Name_Calling-Labeling")])
    console = Console(record=True, width=120, color_system="truecolor", force_terminal=True)
    console.print(render(document))
    styled = console.export_text(styles=True)
    assert "\x1b[1;31ma gang of saboteurs\x1b[0m" in styled and "[a gang" not in styled
    assert "Attack on Reputation" in styled


def test_explain_prints_the_definition() -> None:
    document = Document("7", TEXT, spans=[_span("a gang of saboteurs", "Name_Calling-Labeling")])
    assert "label" in _shown(document, explain=True).lower()
    assert len(_shown(document, explain=True)) > len(_shown(document))


def test_genre_frames_and_an_empty_article_are_shown() -> None:
    document = Document("8", TEXT, language="en", genre="opinion", frames=["Economic"])
    shown = _shown(document)
    assert "genre opinion" in shown and "frames Economic" in shown
    assert "no persuasion technique found" in shown


def test_long_fragments_are_shortened_in_the_middle_on_one_line() -> None:
    text = "word " * 60 + "\nend"
    document = Document("9", text)
    shown = fragment(document, 0, len(text), limit=41)
    assert len(shown) == 41 and "..." in shown and "\n" not in shown


def test_brackets_in_the_article_are_text_not_markup() -> None:
    text = "Title\n\nHe said [sic] the plan [/] was [bold]rigged[/bold].\n"
    start = text.index("[sic]")
    document = Document("3", text, spans=[Span(start, start + 20, "Doubt", 0.5)])
    shown = _shown(document, plain=True)
    assert "[sic] the plan [/]" in shown and "[bold]rigged[/bold]" in shown


def test_ptc14_classes_are_shown_without_a_category() -> None:
    span = _span("a gang of saboteurs", "Name_Calling,Labeling")
    shown = _shown(Document("7", TEXT, spans=[span]))
    assert "[a gang of saboteurs]1" in shown and "Name_Calling,Labeling" in shown
