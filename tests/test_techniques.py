"""Tests for the label taxonomy in spinscope.techniques."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from spinscope.errors import UnknownLabelError
from spinscope.techniques import (
    CATEGORIES,
    FRAME_DESCRIPTIONS,
    FRAMES,
    GENRE_DESCRIPTIONS,
    GENRES,
    PTC14,
    PTC14_DEFINITIONS,
    SCHEMES,
    TECHNIQUE_NAMES,
    TECHNIQUES,
    Technique,
    category_of,
    check_category,
    check_frame,
    check_genre,
    check_ptc14,
    check_scheme,
    check_technique,
    convert,
    get_technique,
    label_category,
    taxonomy,
    technique_names,
    techniques_by_category,
    to_ptc14,
)

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

EXPECTED_23 = (
    "Appeal_to_Authority",
    "Appeal_to_Popularity",
    "Appeal_to_Values",
    "Appeal_to_Fear-Prejudice",
    "Flag_Waving",
    "Causal_Oversimplification",
    "False_Dilemma-No_Choice",
    "Consequential_Oversimplification",
    "Straw_Man",
    "Red_Herring",
    "Whataboutism",
    "Slogans",
    "Appeal_to_Time",
    "Conversation_Killer",
    "Loaded_Language",
    "Repetition",
    "Exaggeration-Minimisation",
    "Obfuscation-Vagueness-Confusion",
    "Name_Calling-Labeling",
    "Doubt",
    "Guilt_by_Association",
    "Appeal_to_Hypocrisy",
    "Questioning_the_Reputation",
)

EXPECTED_PTC14 = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

EXPECTED_CATEGORIES = {
    "Attack on Reputation": {
        "Name_Calling-Labeling",
        "Guilt_by_Association",
        "Doubt",
        "Appeal_to_Hypocrisy",
        "Questioning_the_Reputation",
    },
    "Justification": {
        "Flag_Waving",
        "Appeal_to_Authority",
        "Appeal_to_Popularity",
        "Appeal_to_Values",
        "Appeal_to_Fear-Prejudice",
    },
    "Distraction": {"Straw_Man", "Red_Herring", "Whataboutism"},
    "Simplification": {
        "Causal_Oversimplification",
        "False_Dilemma-No_Choice",
        "Consequential_Oversimplification",
    },
    "Call": {"Slogans", "Conversation_Killer", "Appeal_to_Time"},
    "Manipulative Wording": {
        "Loaded_Language",
        "Obfuscation-Vagueness-Confusion",
        "Exaggeration-Minimisation",
        "Repetition",
    },
}

EXPECTED_MAPPING: dict[str, str | None] = {
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Appeal_to_Popularity": "Bandwagon,Reductio_ad_hitlerum",
    "Appeal_to_Values": None,
    "Appeal_to_Fear-Prejudice": "Appeal_to_fear-prejudice",
    "Flag_Waving": "Flag-Waving",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "False_Dilemma-No_Choice": "Black-and-White_Fallacy",
    "Consequential_Oversimplification": None,
    "Straw_Man": "Whataboutism,Straw_Men,Red_Herring",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Slogans": "Slogans",
    "Appeal_to_Time": None,
    "Conversation_Killer": "Thought-terminating_Cliches",
    "Loaded_Language": "Loaded_Language",
    "Repetition": "Repetition",
    "Exaggeration-Minimisation": "Exaggeration,Minimisation",
    "Obfuscation-Vagueness-Confusion": None,
    "Name_Calling-Labeling": "Name_Calling,Labeling",
    "Doubt": "Doubt",
    "Guilt_by_Association": "Bandwagon,Reductio_ad_hitlerum",
    "Appeal_to_Hypocrisy": "Whataboutism,Straw_Men,Red_Herring",
    "Questioning_the_Reputation": None,
}

EXPECTED_FRAMES = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)


# --- the 23 techniques and their categories ---------------------------------------------


def test_twenty_three_techniques_in_task_order() -> None:
    assert len(TECHNIQUES) == 23
    assert tuple(TECHNIQUES) == EXPECTED_23
    assert TECHNIQUE_NAMES == EXPECTED_23
    assert technique_names() == EXPECTED_23
    assert all(TECHNIQUES[name].name == name for name in TECHNIQUES)


def test_technique_is_frozen() -> None:
    technique = get_technique("Doubt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        technique.name = "Other"  # type: ignore[misc]


def test_six_categories_in_order() -> None:
    assert CATEGORIES == (
        "Attack on Reputation",
        "Justification",
        "Distraction",
        "Simplification",
        "Call",
        "Manipulative Wording",
    )


def test_every_technique_in_exactly_one_known_category() -> None:
    assert all(t.category in CATEGORIES for t in TECHNIQUES.values())
    grouped = techniques_by_category()
    assert list(grouped) == list(CATEGORIES)
    assert all(grouped[c] for c in CATEGORIES)
    counts = Counter(t.name for members in grouped.values() for t in members)
    assert set(counts) == set(EXPECTED_23)
    assert set(counts.values()) == {1}


def test_category_membership_matches_taxonomy() -> None:
    grouped = techniques_by_category()
    assert {c: {t.name for t in members} for c, members in grouped.items()} == (EXPECTED_CATEGORIES)
    for category, names in EXPECTED_CATEGORIES.items():
        for name in names:
            assert category_of(name) == category


def test_techniques_by_category_keeps_task_order_and_is_fresh() -> None:
    grouped = techniques_by_category()
    for members in grouped.values():
        positions = [EXPECTED_23.index(t.name) for t in members]
        assert positions == sorted(positions)
    grouped["Call"].clear()
    assert techniques_by_category()["Call"]


def test_definitions_and_examples_present_and_distinct() -> None:
    for technique in TECHNIQUES.values():
        assert technique.definition.strip(), technique.name
        assert technique.example.strip(), technique.name
        assert technique.example != technique.definition, technique.name
        assert technique.definition.endswith("."), technique.name
    definitions = [t.definition for t in TECHNIQUES.values()]
    examples = [t.example for t in TECHNIQUES.values()]
    assert len(set(definitions)) == len(definitions)
    assert len(set(examples)) == len(examples)


# --- the 14 PTC-2020 classes and the mapping ----------------------------------------------


def test_ptc14_classes_in_order_with_definitions() -> None:
    assert PTC14 == EXPECTED_PTC14
    assert technique_names("ptc14") == EXPECTED_PTC14
    assert tuple(PTC14_DEFINITIONS) == EXPECTED_PTC14
    assert all(d.strip() for d in PTC14_DEFINITIONS.values())


def test_mapping_table_exact() -> None:
    assert {name: t.ptc14 for name, t in TECHNIQUES.items()} == EXPECTED_MAPPING
    assert {name: to_ptc14(name) for name in EXPECTED_23} == EXPECTED_MAPPING
    assert {name: convert(name, "ptc14") for name in EXPECTED_23} == EXPECTED_MAPPING


def test_five_techniques_without_counterpart() -> None:
    unmapped = {name for name, t in TECHNIQUES.items() if t.ptc14 is None}
    assert unmapped == {
        "Obfuscation-Vagueness-Confusion",
        "Appeal_to_Values",
        "Consequential_Oversimplification",
        "Appeal_to_Time",
        "Questioning_the_Reputation",
    }


def test_every_ptc_class_is_reached() -> None:
    reached = {t.ptc14 for t in TECHNIQUES.values() if t.ptc14 is not None}
    assert reached == set(PTC14)
    assert all(check_ptc14(name) == name for name in reached)


def test_merged_ptc_classes_collect_their_sources() -> None:
    sources: dict[str, set[str]] = {}
    for t in TECHNIQUES.values():
        if t.ptc14 is not None:
            sources.setdefault(t.ptc14, set()).add(t.name)
    assert sources["Bandwagon,Reductio_ad_hitlerum"] == {
        "Appeal_to_Popularity",
        "Guilt_by_Association",
    }
    assert sources["Whataboutism,Straw_Men,Red_Herring"] == {
        "Straw_Man",
        "Red_Herring",
        "Whataboutism",
        "Appeal_to_Hypocrisy",
    }
    assert sum(len(s) for s in sources.values()) == 18


# --- frames and genres ---------------------------------------------------------------------


def test_frames_and_genres() -> None:
    assert FRAMES == EXPECTED_FRAMES
    assert tuple(FRAME_DESCRIPTIONS) == EXPECTED_FRAMES
    assert all(d.strip() and "\n" not in d for d in FRAME_DESCRIPTIONS.values())
    assert GENRES == ("opinion", "reporting", "satire")
    assert tuple(GENRE_DESCRIPTIONS) == GENRES
    assert all(check_frame(f) == f for f in FRAMES)
    assert all(check_genre(g) == g for g in GENRES)
    assert all(check_category(c) == c for c in CATEGORIES)


# --- schemes and lookups --------------------------------------------------------------------


def test_schemes() -> None:
    assert SCHEMES == ("semeval23", "ptc14")
    assert all(check_scheme(s) == s for s in SCHEMES)
    assert technique_names("semeval23") == EXPECTED_23
    assert technique_names("ptc14") == EXPECTED_PTC14


def test_convert_identity_for_semeval23() -> None:
    assert all(convert(name, "semeval23") == name for name in EXPECTED_23)


def test_check_technique_per_scheme() -> None:
    assert check_technique("Flag_Waving") == "Flag_Waving"
    assert check_technique("Flag-Waving", "ptc14") == "Flag-Waving"
    with pytest.raises(UnknownLabelError):
        check_technique("Flag-Waving")
    with pytest.raises(UnknownLabelError):
        check_technique("Flag_Waving", "ptc14")


def _assert_lists(err: UnknownLabelError, bad: str, known: tuple[str, ...]) -> None:
    message = str(err)
    assert repr(bad) in message
    assert err.name == bad
    assert err.known == list(known)
    assert message.endswith("known: " + ", ".join(known))


def test_unknown_technique_lists_known_names() -> None:
    with pytest.raises(UnknownLabelError) as info:
        get_technique("Flagwaving")
    assert "Flag_Waving" in str(info.value)
    assert info.value.kind == "technique"
    _assert_lists(info.value, "Flagwaving", EXPECTED_23)


@pytest.mark.parametrize(
    "call",
    [get_technique, category_of, to_ptc14, check_technique, lambda n: convert(n, "ptc14")],
)
def test_every_technique_lookup_rejects_unknown(call: Callable[[str], object]) -> None:
    with pytest.raises(UnknownLabelError) as info:
        call("Flagwaving")
    _assert_lists(info.value, "Flagwaving", EXPECTED_23)


def test_unknown_ptc_class() -> None:
    with pytest.raises(UnknownLabelError) as info:
        check_ptc14("Bandwagon")
    _assert_lists(info.value, "Bandwagon", EXPECTED_PTC14)
    assert "Bandwagon,Reductio_ad_hitlerum" in str(info.value)


def test_unknown_frame_and_genre() -> None:
    with pytest.raises(UnknownLabelError) as frame:
        check_frame("economic")
    _assert_lists(frame.value, "economic", EXPECTED_FRAMES)
    assert frame.value.kind == "frame"
    with pytest.raises(UnknownLabelError) as genre:
        check_genre("news")
    _assert_lists(genre.value, "news", GENRES)
    assert genre.value.kind == "genre"


def test_unknown_category() -> None:
    with pytest.raises(UnknownLabelError) as info:
        check_category("Justifications")
    _assert_lists(info.value, "Justifications", CATEGORIES)
    assert info.value.kind == "category"


@pytest.mark.parametrize(
    "call",
    [
        check_scheme,
        technique_names,
        lambda s: check_technique("Doubt", s),
        lambda s: convert("Doubt", s),
    ],
)
def test_unknown_scheme(call: Callable[[str], object]) -> None:
    with pytest.raises(UnknownLabelError) as info:
        call("ptc18")
    assert info.value.kind == "scheme"
    _assert_lists(info.value, "ptc18", SCHEMES)


def test_lookups_return_registry_objects() -> None:
    technique = get_technique("Appeal_to_Time")
    assert isinstance(technique, Technique)
    assert technique is TECHNIQUES["Appeal_to_Time"]
    assert category_of("Appeal_to_Time") == "Call"
    assert to_ptc14("Appeal_to_Time") is None


def test_label_category_is_none_outside_the_23_techniques() -> None:
    assert label_category("Flag_Waving") == "Justification"
    assert label_category("Flag-Waving") is None  # the PTC-14 class


def test_taxonomy_lists_each_scheme_with_definitions() -> None:
    techniques = taxonomy()
    assert [e.name for e in techniques] == [
        t.name for members in techniques_by_category().values() for t in members
    ]
    assert all(e.category in CATEGORIES and e.definition and e.example for e in techniques)
    classes = taxonomy("ptc14")
    assert [e.name for e in classes] == list(PTC14)
    assert all(e.category is None and e.example is None and e.definition for e in classes)


# --- agreement with the shared task's label files ------------------------------------------


def _lines(path: Path) -> tuple[str, ...]:
    return tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line)


@pytest.mark.data
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data")
def test_names_match_shared_label_files() -> None:
    assert _lines(SHARED_DATA / "semeval2023" / "techniques_subtask3.txt") == TECHNIQUE_NAMES
    assert _lines(SHARED_DATA / "ptc2020" / "techniques.txt") == PTC14
    assert _lines(SHARED_DATA / "semeval2023" / "frames_subtask2.txt") == FRAMES
