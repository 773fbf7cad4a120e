"""The label taxonomy: the 23 SemEval-2023 techniques, the 14 PTC-2020 classes, frames, genres.

Every definition and example here is written for this project (plain wording for journalists
and teachers); the examples are about invented places, people and parties.  Name tuples keep
the order of the shared tasks' label files, which is also the order used in reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinscope.errors import UnknownLabelError


@dataclass(frozen=True, slots=True)
class Technique:
    """One SemEval-2023 persuasion technique and its nearest PTC-2020 class, if any."""

    name: str
    category: str
    definition: str
    example: str
    ptc14: str | None


CATEGORIES: tuple[str, ...] = (
    "Attack on Reputation",
    "Justification",
    "Distraction",
    "Simplification",
    "Call",
    "Manipulative Wording",
)

_REPUTATION, _JUSTIFICATION, _DISTRACTION, _SIMPLIFICATION, _CALL, _WORDING = CATEGORIES

# PTC-2020 class names; three of them hold a comma and are still a single name each.
_BANDWAGON = "Bandwagon,Reductio_ad_hitlerum"
_DISTRACTIONS = "Whataboutism,Straw_Men,Red_Herring"

_TECHNIQUE_LIST: tuple[Technique, ...] = (
    Technique(
        "Appeal_to_Authority",
        _JUSTIFICATION,
        "Presents a claim as true mainly because an expert, official or famous person backs "
        "it, rather than because of the evidence for it.",
        "The celebrated economist Dr Lena Vos says the tram fare cut will pay for itself, "
        "so there is nothing left to debate.",
        "Appeal_to_Authority",
    ),
    Technique(
        "Appeal_to_Popularity",
        _JUSTIFICATION,
        "Argues that a view is right, or a choice wise, because many people (or 'everyone') "
        "already hold it or make it.",
        "Nine in ten families in Varnholt already back the Harbour Party, so you should join them.",
        _BANDWAGON,
    ),
    Technique(
        "Appeal_to_Values",
        _JUSTIFICATION,
        "Supports a position by tying it to values the audience holds dear, such as freedom, "
        "tradition, fairness or faith, instead of to evidence about the position itself.",
        "Keeping the old market hall open is simply a matter of honouring the hard-working "
        "traditions that built Varnholt.",
        None,
    ),
    Technique(
        "Appeal_to_Fear-Prejudice",
        _JUSTIFICATION,
        "Wins support by stirring up fear of a threat, or by playing on existing prejudice "
        "against a group, in place of a sober look at the real risks.",
        "If the new ferry route opens, gangs from across the bay will be roaming our streets "
        "within a month.",
        "Appeal_to_fear-prejudice",
    ),
    Technique(
        "Flag_Waving",
        _JUSTIFICATION,
        "Justifies an idea or action by appealing to pride in, or loyalty to, a nation, region "
        "or group, as if belonging settled the question.",
        "Anyone who truly loves Varnholt will vote yes on the new harbour wall.",
        "Flag-Waving",
    ),
    Technique(
        "Causal_Oversimplification",
        _SIMPLIFICATION,
        "Pins an outcome with many causes on a single one, or treats something that merely "
        "happened first as the cause of what followed.",
        "Rents in Varnholt rose for one reason only: the Harbour Party won the election.",
        "Causal_Oversimplification",
    ),
    Technique(
        "False_Dilemma-No_Choice",
        _SIMPLIFICATION,
        "Offers only two options, or just one, as if no others existed, so that the favoured "
        "choice looks unavoidable.",
        "Either we sell the port to a private firm this year or Varnholt goes bankrupt.",
        "Black-and-White_Fallacy",
    ),
    Technique(
        "Consequential_Oversimplification",
        _SIMPLIFICATION,
        "Claims that a first step will set off a chain of ever worse consequences, without "
        "showing why each link in the chain must follow.",
        "Allow one food truck on the square today and by next year the cafés will have closed "
        "and the old town will be a car park.",
        None,
    ),
    Technique(
        "Straw_Man",
        _DISTRACTION,
        "Swaps an opponent's actual position for a distorted, weaker or more extreme version "
        "and then attacks that version instead.",
        "Mayor Ilse Brandt wants a lower speed limit on Quay Street; in other words, she wants "
        "to ban cars from Varnholt altogether.",
        _DISTRACTIONS,
    ),
    Technique(
        "Red_Herring",
        _DISTRACTION,
        "Pulls attention away from the issue under discussion by bringing up a different topic "
        "that sounds related or stirs feelings but does not bear on it.",
        "Asked about the missing flood-defence money, the councillor spoke at length about "
        "Varnholt's splendid football season.",
        _DISTRACTIONS,
    ),
    Technique(
        "Whataboutism",
        _DISTRACTION,
        "Answers criticism by pointing to some other wrong, done by the critic or by someone "
        "else, instead of addressing the charge.",
        "Critics fret about our fishing quotas, but what about the factories poisoning the "
        "river over in Oldmere?",
        _DISTRACTIONS,
    ),
    Technique(
        "Slogans",
        _CALL,
        "Uses a short, catchy phrase, often a rallying cry, that packs a stance into a few "
        "words in place of an argument.",
        "Harbour first, Varnholt forever!",
        "Slogans",
    ),
    Technique(
        "Appeal_to_Time",
        _CALL,
        "Pushes for action by insisting that the moment is now or never and that time is "
        "running out.",
        "The chance to save the lighthouse ends tonight, so sign the petition before it is "
        "too late.",
        None,
    ),
    Technique(
        "Conversation_Killer",
        _CALL,
        "Uses a stock phrase that shuts down discussion or further thought by implying there "
        "is nothing more to say.",
        "The council has decided on the bypass, and that is the end of the matter.",
        "Thought-terminating_Cliches",
    ),
    Technique(
        "Loaded_Language",
        _WORDING,
        "Chooses words with a strong emotional charge, positive or negative, to sway the "
        "reader where neutral words would do.",
        "The council's savage cuts have gutted Varnholt's beloved libraries.",
        "Loaded_Language",
    ),
    Technique(
        "Repetition",
        _WORDING,
        "Repeats the same word, phrase or idea over and over so that it sticks and starts to "
        "feel true through sheer familiarity.",
        "Safe streets, safe homes, a safe Varnholt: Mayor Brandt says safe, safe, safe.",
        "Repetition",
    ),
    Technique(
        "Exaggeration-Minimisation",
        _WORDING,
        "Makes something seem much bigger, better or worse than it is, or plays it down as "
        "trivial when it is not.",
        "The treasurer called the bridge's three-year overrun 'a tiny hiccup'.",
        "Exaggeration,Minimisation",
    ),
    Technique(
        "Obfuscation-Vagueness-Confusion",
        _WORDING,
        "Uses deliberately unclear or ambiguous wording that can be read several ways, so the "
        "speaker avoids committing to anything checkable.",
        "The Harbour Party will address certain matters at the appropriate level in due course.",
        None,
    ),
    Technique(
        "Name_Calling-Labeling",
        _REPUTATION,
        "Attaches a loaded label or insult to a person or group so that the audience judges "
        "them by the tag rather than by what they said or did.",
        "The so-called reformers of the Harbour Party are nothing but a gang of pension thieves.",
        "Name_Calling,Labeling",
    ),
    Technique(
        "Doubt",
        _REPUTATION,
        "Raises suspicion about whether a person or organisation is honest, capable or "
        "credible, often through pointed questions rather than evidence.",
        "Can we really trust a treasurer who will not say where he was the night the ledgers "
        "vanished?",
        "Doubt",
    ),
    Technique(
        "Guilt_by_Association",
        _REPUTATION,
        "Discredits a person, group or idea by linking it to someone or something the audience "
        "already dislikes, without showing that the link matters.",
        "Mayor Brandt's cycle-lane plan is exactly the kind of scheme the disgraced old "
        "Varnholt junta loved.",
        _BANDWAGON,
    ),
    Technique(
        "Appeal_to_Hypocrisy",
        _REPUTATION,
        "Dismisses someone's position by pointing out that they once said or did the opposite, "
        "letting the charge of inconsistency stand in for an answer.",
        "Councillor Dorn now warns us about debt, yet he voted for every loan Varnholt took "
        "out in the last ten years.",
        _DISTRACTIONS,
    ),
    Technique(
        "Questioning_the_Reputation",
        _REPUTATION,
        "Runs down the general character or standing of a target, for instance by dwelling on "
        "past failures or alleged flaws, to make them seem unfit whatever the issue.",
        "Ilse Brandt has botched every project she has touched since her first term, so "
        "expect this bridge to collapse as well.",
        None,
    ),
)

TECHNIQUES: dict[str, Technique] = {t.name: t for t in _TECHNIQUE_LIST}
TECHNIQUE_NAMES: tuple[str, ...] = tuple(TECHNIQUES)

PTC14_DEFINITIONS: dict[str, str] = {
    "Appeal_to_Authority": "Treats a claim as settled because an authority or expert backs it.",
    "Appeal_to_fear-prejudice": (
        "Builds support for an idea by raising fear or anxiety, or by leaning on prejudice."
    ),
    _BANDWAGON: (
        "One merged class: urging people to adopt a view because many already do, or "
        "rejecting a view because a despised person or group holds it."
    ),
    "Black-and-White_Fallacy": (
        "Presents two alternatives as the only ones possible when more exist."
    ),
    "Causal_Oversimplification": "Credits an outcome with many causes to a single one.",
    "Doubt": "Undermines the credibility of a person, group or institution.",
    "Exaggeration,Minimisation": (
        "Overstates something to make it seem bigger or worse, or understates it as trivial."
    ),
    "Flag-Waving": "Appeals to national or group pride to justify an idea or action.",
    "Loaded_Language": "Uses emotionally charged words to sway the audience.",
    "Name_Calling,Labeling": (
        "Tags the target with a label the audience fears, hates or, less often, admires."
    ),
    "Repetition": "Repeats a message many times so that the audience comes to accept it.",
    "Slogans": "A brief, punchy phrase that stands in for an argument.",
    "Thought-terminating_Cliches": (
        "A short, generic phrase that discourages further thought or debate."
    ),
    _DISTRACTIONS: (
        "One merged class of distractions: answering criticism with a counter-accusation, "
        "attacking a distorted version of a position, or bringing in an irrelevant topic."
    ),
}
PTC14: tuple[str, ...] = tuple(PTC14_DEFINITIONS)

SCHEMES: tuple[str, ...] = ("semeval23", "ptc14")
_SCHEME_NAMES: dict[str, tuple[str, ...]] = {"semeval23": TECHNIQUE_NAMES, "ptc14": PTC14}
_SCHEME_KINDS: dict[str, str] = {"semeval23": "technique", "ptc14": "PTC-2020 technique"}

GENRE_DESCRIPTIONS: dict[str, str] = {
    "opinion": "Argues a point of view: editorials, columns, commentary.",
    "reporting": "Aims to inform about events and facts.",
    "satire": "Mocks its subject through irony or invented, exaggerated stories.",
}
GENRES: tuple[str, ...] = ("opinion", "reporting", "satire")

FRAME_DESCRIPTIONS: dict[str, str] = {
    "Economic": "Costs, benefits, money and the economic effects of an issue.",
    "Capacity_and_resources": "Whether there is enough of something: staff, space, supplies.",
    "Morality": "Right and wrong, duty, religious or ethical obligations.",
    "Fairness_and_equality": "Whether people or groups are treated equally or justly.",
    "Legality_Constitutionality_and_jurisprudence": (
        "Laws, rights, court rulings and the limits of legal authority."
    ),
    "Policy_prescription_and_evaluation": "Proposed policies and whether they will work.",
    "Crime_and_punishment": "Breaking the law, enforcement, sentencing and penalties.",
    "Security_and_defense": "Threats to a nation or community and how to guard against them.",
    "Health_and_safety": "Illness, injury, medical care and public safety.",
    "Quality_of_life": "How an issue affects people's daily lives, comfort and well-being.",
    "Cultural_identity": "Traditions, customs, language and a group's sense of itself.",
    "Public_opinion": "What the public thinks: polls, protests, popular mood.",
    "Political": "Parties, elections, campaigns and the contest for power.",
    "External_regulation_and_reputation": (
        "How a country or body is seen abroad, and its treaties and foreign relations."
    ),
}
FRAMES: tuple[str, ...] = tuple(FRAME_DESCRIPTIONS)


def get_technique(name: str) -> Technique:
    """The SemEval-2023 technique called ``name``; UnknownLabelError lists valid names."""
    try:
        return TECHNIQUES[name]
    except KeyError:
        raise UnknownLabelError("technique", name, TECHNIQUE_NAMES) from None


def category_of(name: str) -> str:
    """The category of a SemEval-2023 technique."""
    return get_technique(name).category


def label_category(name: str) -> str | None:
    """The category of a SemEval-2023 technique; None for a PTC-14 class or another label."""
    technique = TECHNIQUES.get(name)
    return technique.category if technique else None


def to_ptc14(name: str) -> str | None:
    """The PTC-2020 class of a SemEval-2023 technique, or None if it has no counterpart."""
    return get_technique(name).ptc14


def check_ptc14(name: str) -> str:
    """Return ``name`` if it is one of the 14 PTC-2020 classes, else raise UnknownLabelError."""
    return check_technique(name, "ptc14")


def check_category(name: str) -> str:
    """Return ``name`` if it is one of the 6 categories, else raise UnknownLabelError."""
    if name not in CATEGORIES:
        raise UnknownLabelError("category", name, CATEGORIES)
    return name


def check_frame(name: str) -> str:
    """Return ``name`` if it is one of the 14 frames, else raise UnknownLabelError."""
    if name not in FRAME_DESCRIPTIONS:
        raise UnknownLabelError("frame", name, FRAMES)
    return name


def check_genre(name: str) -> str:
    """Return ``name`` if it is one of the 3 genres, else raise UnknownLabelError."""
    if name not in GENRES:
        raise UnknownLabelError("genre", name, GENRES)
    return name


def check_scheme(scheme: str) -> str:
    """Return ``scheme`` if it is one of SCHEMES, else raise UnknownLabelError."""
    if scheme not in _SCHEME_NAMES:
        raise UnknownLabelError("scheme", scheme, SCHEMES)
    return scheme


def technique_names(scheme: str = "semeval23") -> tuple[str, ...]:
    """The technique names of a label scheme, in the shared task's order."""
    return _SCHEME_NAMES[check_scheme(scheme)]


def check_technique(name: str, scheme: str = "semeval23") -> str:
    """Return ``name`` if it is a technique of ``scheme``, else raise UnknownLabelError."""
    names = technique_names(scheme)
    if name not in names:
        raise UnknownLabelError(_SCHEME_KINDS[scheme], name, names)
    return name


def convert(name: str, scheme: str) -> str | None:
    """Map a SemEval-2023 technique into ``scheme``; None where ptc14 has no counterpart."""
    check_scheme(scheme)
    technique = get_technique(name)
    return technique.name if scheme == "semeval23" else technique.ptc14


def techniques_by_category() -> dict[str, list[Technique]]:
    """Each category, in CATEGORIES order, to its techniques in TECHNIQUE_NAMES order."""
    grouped: dict[str, list[Technique]] = {category: [] for category in CATEGORIES}
    for technique in TECHNIQUES.values():
        grouped[technique.category].append(technique)
    return grouped


@dataclass(frozen=True, slots=True)
class Entry:
    """One label of a scheme as listed to people: category and example where it has them."""

    name: str
    category: str | None
    definition: str
    example: str | None


def taxonomy(scheme: str = "semeval23") -> list[Entry]:
    """The labels of a scheme with their definitions: techniques by category, or PTC-14 classes."""
    if check_scheme(scheme) == "ptc14":
        return [Entry(name, None, PTC14_DEFINITIONS[name], None) for name in PTC14]
    return [
        Entry(t.name, category, t.definition, t.example)
        for category, members in techniques_by_category().items()
        for t in members
    ]
