"""A trained model: load it, find technique spans, classify given spans, label paragraphs."""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from spinscope.errors import SpinscopeError
from spinscope.model import articles, encoder, lexical
from spinscope.model.article import Encoded, encode, span_features
from spinscope.model.articles import ArticleHeads
from spinscope.model.decode import Detected, decode
from spinscope.model.encoder import HIDDEN, MINILM_SPECIALS, PACKAGE_PIN, WEIGHTS_SHA256
from spinscope.model.lexical import Lexical, repetition_features
from spinscope.techniques import convert
from spinscope.types import Document, Span

if TYPE_CHECKING:
    from tokenizers import Tokenizer

    from spinscope.model.network import ArticleOutput, Network

FORMAT = 1
CONFIG = "config.json"
WEIGHTS = "weights.safetensors"
VOCABULARY = "vocabulary"  # the kept pieces of a trimmed encoder vocabulary, in the weights
BATCH_WINDOWS = 16
MODELS = Path(__file__).resolve().parent.parent / "models"
DEFAULT_MODEL = "en"
QUANTIZE = "SPINSCOPE_QUANTIZE"  # 0: fp32 encoder, else int8, whatever the model's config says


@dataclass
class Thresholds:
    """Decision thresholds, tuned on a development split."""

    inside: float = 0.5
    begin: float = 0.5
    extra: float = 1.01  # a second technique on a span needs at least this probability
    paragraph: dict[str, float] = field(default_factory=dict)
    paragraph_source: str = "head"  # head | spans | union
    prior_power: float = 0.0  # logit adjustment of detected spans' techniques


@dataclass
class ModelConfig:
    """What a model folder's config.json holds."""

    techniques: list[str]
    frozen: int
    thresholds: Thresholds = field(default_factory=Thresholds)
    language: str = "en"  # the language trained for, or "multi"
    languages: list[str] = field(default_factory=list)  # the languages served
    quantize: bool = True
    lexical_weight: float = 0.5  # share of the lexical classifier in span probabilities
    span_counts: dict[str, int] = field(default_factory=dict)  # training spans per technique
    encoder: str = PACKAGE_PIN
    encoder_sha256: str = WEIGHTS_SHA256
    format: int = FORMAT
    training: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    @property
    def serves(self) -> list[str]:
        """The languages the model analyses."""
        return self.languages or [self.language]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelConfig:
        data = dict(data)
        data["thresholds"] = Thresholds(**data.get("thresholds", {}))
        return cls(**data)


@dataclass
class Analysis:
    """The raw outputs for one article, before thresholds: kept for tuning and explanation."""

    article: Encoded
    tags: npt.NDArray[np.float32]  # (pieces, 3) probabilities
    paragraphs: npt.NDArray[np.float32]  # (segments, techniques) probabilities
    output: ArticleOutput
    cache: dict[tuple[tuple[int, int], ...], npt.NDArray[np.float32]] = field(
        default_factory=dict, repr=False
    )  # span probabilities already computed, for tuning


def resolve_model(name: str | Path | None) -> Path:
    """A model folder from a path or the name of a shipped model."""
    chosen = str(name) if name is not None else os.environ.get("SPINSCOPE_MODEL") or DEFAULT_MODEL
    path = Path(chosen)
    if (path / CONFIG).is_file():
        return path
    shipped = MODELS / chosen
    if (shipped / CONFIG).is_file():
        return shipped
    known = (
        sorted(p.name for p in MODELS.iterdir() if (p / CONFIG).is_file())
        if MODELS.is_dir()
        else []
    )
    raise SpinscopeError(
        f"No model at '{chosen}': expected a folder with {CONFIG} or a shipped model name "
        f"({', '.join(known) or 'none shipped'})"
    )


def read_config(folder: Path) -> ModelConfig:
    """The config of a model folder, read without loading any weights."""
    try:
        config = ModelConfig.from_json(json.loads((folder / CONFIG).read_text("utf-8")))
    except (ValueError, TypeError) as error:
        raise SpinscopeError(
            f"{folder / CONFIG} is not a spinscope model config: {error}"
        ) from None
    if config.format != FORMAT:
        raise SpinscopeError(f"{folder} has model format {config.format}; expected {FORMAT}")
    return config


def model_name(folder: Path) -> str:
    """A shipped model's name, or the absolute path of the folder a model is loaded from,
    however the path was written (the store knows a model by this name)."""
    resolved = folder.resolve()
    return resolved.name if resolved.parent == MODELS else str(resolved)


def quantize_setting() -> bool | None:
    """What ``SPINSCOPE_QUANTIZE`` asks for (False for 0, else True); None when it is unset."""
    chosen = os.environ.get(QUANTIZE)
    return None if chosen is None else chosen != "0"


def quantized(config: ModelConfig, quantize: bool | None = None) -> bool:
    """Whether a model runs an int8 encoder: ``quantize`` when given, else its config's."""
    return config.quantize if quantize is None else quantize


def model_version(folder: Path, quantize: bool) -> str:
    """The first 12 hex digits of SHA-256 over the files a model loads, in name order, then
    ``-int8`` or ``-fp32``: the encoder's weights change its results too."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.suffix == ".safetensors" or path.name in (CONFIG, "lexical.json"):
            digest.update(path.name.encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return f"{digest.hexdigest()[:12]}-{'int8' if quantize else 'fp32'}"


class Model:
    """Encoder, heads and thresholds, ready for inference on the CPU."""

    def __init__(
        self,
        network: Network,
        tokenizer: Tokenizer,
        config: ModelConfig,
        lexical: Lexical | None = None,
        specials: tuple[int, int] = MINILM_SPECIALS,
        heads: ArticleHeads | None = None,
        name: str = "unsaved",
        version: str = "unsaved",
    ) -> None:
        self.name = name  # a shipped model's name, or the folder it was loaded from
        self.version = version  # digest of the model's files: changes when it is retrained
        self.network = network
        self.tokenizer = tokenizer
        self.specials = specials
        self.heads = heads
        self.config = config
        self.lexical = lexical
        self.techniques = config.techniques
        counts = np.asarray([config.span_counts.get(n, 0) for n in self.techniques])
        # log training prior of each technique; 0 (no adjustment) where it had no spans
        self._log_prior = np.where(counts > 0, np.log((counts + 1) / (counts.sum() + 1)), 0.0)

    @classmethod
    def load(cls, name: str | Path | None = None, quantize: bool | None = None) -> Model:
        """Load a model folder (or a shipped model by name) over the pinned encoder.

        ``quantize``: int8 encoder weights (per channel) for speed; by default the model's
        own setting, overridden by ``SPINSCOPE_QUANTIZE=0`` or ``1``. The model's version
        says which.
        """
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        from spinscope.model.network import Network

        folder = resolve_model(name)
        config = read_config(folder)
        try:
            state = load_file(str(folder / WEIGHTS))
            words = lexical.load(folder)
            heads = articles.load(folder)
        except (OSError, ValueError, KeyError, SafetensorError) as error:
            raise SpinscopeError(f"{folder} holds no readable model weights: {error}") from None
        if heads is not None:
            heads.check(2 * HIDDEN + 3 * len(config.techniques) + 1, folder)
        kept = state.pop(VOCABULARY, None)
        loaded = encoder.load(config.encoder, None if kept is None else kept.numpy())
        network = Network(loaded.network, len(config.techniques), config.frozen)
        state = {k: v.float() for k, v in state.items()}
        missing, unexpected = network.load_state_dict(state, strict=False)
        trained = [k for k in missing if k.startswith("heads.") or _is_top(k, config.frozen)]
        if trained or unexpected:
            raise SpinscopeError(
                f"{folder / WEIGHTS} does not fit the network: missing {trained[:3]}, "
                f"unexpected {unexpected[:3]}"
            )
        network.eval()
        quantize = quantized(config, quantize_setting() if quantize is None else quantize)
        if quantize:
            network = _quantized(network)
        return cls(
            network,
            loaded.tokenizer,
            config,
            words,
            loaded.specials,
            heads,
            name=model_name(folder),
            version=model_version(folder, quantize),
        )

    # -- raw outputs -------------------------------------------------------

    def run(self, texts: list[str]) -> list[Analysis]:
        """Encode articles and apply the heads.

        Each article's windows are batched together and never with another article's:
        int8 activations are scaled per batch, so an article's result must not depend on
        which other articles came with it.
        """
        import torch

        from spinscope.model.network import batch_windows

        results = []
        with torch.inference_mode():
            for text in texts:
                article = encode(text, self.tokenizer, self.specials)
                inputs = [article.window_input(w) for w in range(len(article.windows))]
                parts = []
                for start in range(0, len(inputs), BATCH_WINDOWS):
                    ids, mask = batch_windows(inputs[start : start + BATCH_WINDOWS])
                    parts.append(self.network.top(self.network.bottom(ids, mask), mask))
                # an article of several windows has them all full length: parts stack as is
                hidden = torch.cat(parts)
                output = self.network.articles([article], hidden, [0])[0]
                tags = torch.sigmoid(output.tags).numpy()
                paragraphs = torch.sigmoid(self.network.paragraphs(output)).numpy()
                results.append(Analysis(article, tags, paragraphs, output))
        return results

    def span_probabilities(
        self, analysis: Analysis, spans: list[tuple[int, int]]
    ) -> npt.NDArray[np.float32]:
        """Technique probabilities for char spans of an analysed article."""
        import torch

        if not spans:
            return np.zeros((0, len(self.techniques)), dtype=np.float32)
        key = tuple(spans)
        if key in analysis.cache:
            return analysis.cache[key]
        result: npt.NDArray[np.float32]
        if analysis.article.size == 0:  # nothing for the network to read
            result = np.full((len(spans), len(self.techniques)), 1 / len(self.techniques))
        else:
            with torch.inference_mode():
                logits = self.network.classify(analysis.output, spans)
                result = torch.softmax(logits, dim=1).numpy()
        if self.lexical is not None:
            text = analysis.article.text
            features = np.stack([fragment_features(analysis.article, s, e) for s, e in spans])
            words = self.lexical.probabilities([text[s:e] for s, e in spans], features)
            weight = self.config.lexical_weight
            result = (1 - weight) * result + weight * words
        analysis.cache[key] = result
        return result

    # -- decisions ---------------------------------------------------------

    def detect(
        self, analysis: Analysis, thresholds: Thresholds | None = None, scheme: str = "semeval23"
    ) -> list[Span]:
        """Technique spans of an analysed article.

        Under ``ptc14`` the techniques are chosen among those with a PTC class, by the summed
        probability of each class, so that no span is lost to a technique PTC lacks.
        """
        t = thresholds or self.config.thresholds
        found: list[Detected] = decode(analysis.article, analysis.tags, t.inside, t.begin)
        probs = self.span_probabilities(analysis, [(d.start, d.end) for d in found])
        spans = []
        for detected, row in zip(found, probs, strict=True):
            chosen = (
                self._labels(row, t) if scheme == "semeval23" else self._classes(row, t, scheme)
            )
            for index in chosen:
                score = round(float(detected.score * row[index]), 4)
                spans.append(Span(detected.start, detected.end, self.techniques[index], score))
        return spans

    def _labels(self, row: npt.NDArray[np.float32], t: Thresholds) -> list[int]:
        """The techniques of a detected span: the best after prior adjustment, then extras.

        Dividing by the training prior to a power (logit adjustment) lets rare techniques
        win where the classifier is unsure; the power is tuned on a development split.
        """
        adjusted = np.log(row + 1e-9) - t.prior_power * self._log_prior
        order = np.argsort(-adjusted, kind="stable")
        extras = [int(i) for i in order[1:] if row[i] >= t.extra]
        return [int(order[0]), *extras]

    def _classes(self, row: npt.NDArray[np.float32], t: Thresholds, scheme: str) -> list[int]:
        """Best technique of the best class of ``scheme``, then of classes above ``extra``."""
        totals, best = self._by_class(row, scheme)
        order = sorted(totals, key=lambda label: -totals[label])
        return [best[order[0]], *(best[c] for c in order[1:] if totals[c] >= t.extra)]

    def paragraph_labels(
        self, analysis: Analysis, spans: list[Span], thresholds: Thresholds | None = None
    ) -> dict[int, list[str]]:
        """Techniques of each non-empty line, from the paragraph head, the spans or both."""
        t = thresholds or self.config.thresholds
        segments = analysis.article.segments
        labels: dict[int, set[str]] = {segment.line: set() for segment in segments}
        if t.paragraph_source in ("head", "union"):
            for segment, row in zip(segments, analysis.paragraphs, strict=True):
                for index, technique in enumerate(self.techniques):
                    if row[index] >= t.paragraph.get(technique, 0.5):
                        labels[segment.line].add(technique)
        if t.paragraph_source in ("spans", "union"):
            starts = [segment.start for segment in segments]
            for span in spans:
                at = int(np.searchsorted(starts, span.start, side="right")) - 1
                if at >= 0:
                    labels[segments[at].line].add(span.technique)
        return {line: sorted(found) for line, found in labels.items()}

    def article_features(self, analysis: Analysis, spans: list[Span]) -> npt.NDArray[np.float32]:
        """What the genre and frame heads read of an article (23-technique spans)."""
        return articles.features(
            analysis.output.pieces.numpy(),
            analysis.paragraphs,
            spans,
            self.techniques,
            len(analysis.article.words),
        )

    def analyze(self, documents: list[Document], scheme: str = "semeval23") -> list[Document]:
        """Copies of the documents with detected spans, paragraph labels, genre and frames.

        Paragraph labels are always in the 23-technique scheme; ``scheme`` picks the spans.
        Genre and frames are set when the model has article heads.
        """
        results = []
        for document, analysis in zip(
            documents, self.run([d.text for d in documents]), strict=True
        ):
            spans = self.detect(analysis)
            paragraphs = self.paragraph_labels(analysis, spans)
            genre, frames = (
                self.heads.label(self.article_features(analysis, spans))
                if self.heads is not None
                else (None, None)
            )
            labelled = replace(document, paragraph_labels=paragraphs, genre=genre, frames=frames)
            if scheme != "semeval23":
                spans = self.detect(analysis, scheme=scheme)
            results.append(replace(labelled, spans=spans))
        return results

    def classify(
        self,
        document: Document,
        spans: list[tuple[int, int]],
        scheme: str = "semeval23",
        analysis: Analysis | None = None,
    ) -> list[str]:
        """The technique of each given span, in order; repeated offsets get the next best.

        Under ``ptc14`` the probabilities of the techniques that map to one PTC class add up.
        """
        if not spans:
            return []
        analysis = analysis or self.run([document.text])[0]
        unique = sorted(set(spans))
        probs = self.span_probabilities(analysis, unique)
        ranked = {key: self.ranked(row, scheme) for key, row in zip(unique, probs, strict=True)}
        seen: dict[tuple[int, int], int] = defaultdict(int)
        labels = []
        for key in spans:
            order = ranked[key]
            labels.append(order[min(seen[key], len(order) - 1)])
            seen[key] += 1
        return labels

    def ranked(self, probs: npt.NDArray[np.float32], scheme: str = "semeval23") -> list[str]:
        """Labels of a scheme from most to least probable, given technique probabilities."""
        totals, _ = self._by_class(probs, scheme)
        return sorted(totals, key=lambda label: -totals[label])

    def _by_class(
        self, probs: npt.NDArray[np.float32], scheme: str
    ) -> tuple[dict[str, float], dict[str, int]]:
        """Summed probability of each label of ``scheme`` and its most probable technique."""
        totals: dict[str, float] = defaultdict(float)
        best: dict[str, int] = {}
        for index, technique in enumerate(self.techniques):
            label = convert(technique, scheme)
            if label is None:
                continue
            totals[label] += float(probs[index])
            if label not in best or probs[index] > probs[best[label]]:
                best[label] = index
        return totals, best


def fragment_features(article: Encoded, start: int, end: int) -> npt.NDArray[np.float32]:
    """What the lexical classifier sees besides the words: span and repetition features."""
    return np.concatenate(
        [span_features(article, start, end), repetition_features(article.text, start, end)]
    )


def _is_top(key: str, frozen: int) -> bool:
    parts = key.split(".")
    return key.startswith("encoder.encoder.layer.") and int(parts[3]) >= frozen


def _quantized(network: Network) -> Network:
    """Per-channel int8 weights for the encoder's linear layers; heads stay in float."""
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network.encoder = quantize_dynamic(  # type: ignore[no-untyped-call]
            network.encoder, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8
        )
    return network
