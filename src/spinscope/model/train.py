"""Training on two CPU cores: the lower encoder layers run once, the top layers and heads learn.

The frozen lower layers are deterministic, so their outputs are computed once per window and
kept in memory (fp16); each epoch then only runs and trains the top layers and the heads.
A checkpoint is written after every epoch; training resumes from it.
"""

from __future__ import annotations

import os
import pickle
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import torch
from torch import nn

from spinscope.model import e5, encoder, lexical
from spinscope.model.article import Encoded, encode, piece_targets
from spinscope.model.lexical import Lexical
from spinscope.model.network import Network, batch_windows
from spinscope.model.predict import CONFIG, VOCABULARY, WEIGHTS, ModelConfig, fragment_features
from spinscope.types import Document

if TYPE_CHECKING:
    from tokenizers import Tokenizer

CHECKPOINT = "checkpoint.pt"

Progress = Callable[[str, int, int], None]


@dataclass
class Settings:
    """Training settings; the defaults are the shipped model's recipe."""

    epochs: int = 7
    frozen: int = 1
    batch_windows: int = 16
    encoder_lr: float = 8e-5
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.06
    seed: int = 13
    threads: int = 2
    encoder: str = encoder.PACKAGE_PIN


@dataclass
class Example:
    """One training article with its cached lower-layer states and targets."""

    article: Encoded
    hidden: torch.Tensor  # (windows, length, HIDDEN) fp16
    mask: torch.Tensor  # (windows, length)
    tags: torch.Tensor  # (pieces, 3)
    spans: list[tuple[int, int]]
    span_targets: torch.Tensor  # (spans, techniques), a distribution per span
    paragraph_targets: torch.Tensor  # (segments, techniques), multi-hot


def _targets(
    document: Document, article: Encoded, techniques: list[str]
) -> tuple[torch.Tensor, list[tuple[int, int]], torch.Tensor, torch.Tensor]:
    index = {name: i for i, name in enumerate(techniques)}
    by_offsets: dict[tuple[int, int], list[int]] = {}
    for span in document.spans:
        if span.technique in index:
            by_offsets.setdefault((span.start, span.end), []).append(index[span.technique])
    spans = sorted(by_offsets)
    tags = torch.as_tensor(piece_targets(article, spans))
    span_targets = torch.zeros((len(spans), len(techniques)))
    for row, key in enumerate(spans):
        for column in by_offsets[key]:
            span_targets[row, column] += 1.0 / len(by_offsets[key])
    labels = document.paragraph_labels
    if labels is None:
        labels = document.derived_paragraph_labels()
    paragraphs = torch.zeros((len(article.segments), len(techniques)))
    for row, segment in enumerate(article.segments):
        for name in labels.get(segment.line, []):
            if name in index:
                paragraphs[row, index[name]] = 1.0
    return tags, spans, span_targets, paragraphs


def prepare(
    network: Network,
    documents: list[Document],
    techniques: list[str],
    tokenizer: Tokenizer,
    specials: tuple[int, int],
    progress: Progress | None = None,
) -> list[Example]:
    """Encode the articles and run the frozen layers once over every window."""
    examples = []
    with torch.no_grad():
        for number, document in enumerate(documents, start=1):
            article = encode(document.text, tokenizer, specials)
            if article.size == 0:
                continue
            ids, mask = batch_windows(
                [article.window_input(w) for w in range(len(article.windows))]
            )
            hidden = network.bottom(ids, mask).to(torch.float16)
            tags, spans, span_targets, paragraphs = _targets(document, article, techniques)
            examples.append(
                Example(article, hidden.clone(), mask, tags, spans, span_targets, paragraphs)
            )
            if progress:
                progress("encoding", number, len(documents))
    return examples


def batches(examples: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Groups of whole articles with about ``size`` windows each, in a shuffled order."""
    order = examples[:]
    rng.shuffle(order)
    groups: list[list[Example]] = []
    current: list[Example] = []
    windows = 0
    for example in order:
        count = example.hidden.shape[0]
        if current and windows + count > size:
            groups.append(current)
            current, windows = [], 0
        current.append(example)
        windows += count
    if current:
        groups.append(current)
    return groups


def step_loss(network: Network, group: list[Example]) -> torch.Tensor:
    """The summed tagging, classification and paragraph losses of a group of articles."""
    longest = max(e.hidden.shape[1] for e in group)
    hidden = torch.cat(
        [nn.functional.pad(e.hidden.float(), (0, 0, 0, longest - e.hidden.shape[1])) for e in group]
    )
    mask = torch.cat([nn.functional.pad(e.mask, (0, longest - e.mask.shape[1])) for e in group])
    final = network.top(hidden, mask)
    firsts = np.cumsum([0] + [e.hidden.shape[0] for e in group])[:-1].tolist()
    outputs = network.articles([e.article for e in group], final, firsts)
    bce = nn.functional.binary_cross_entropy_with_logits
    tag_loss = torch.stack(
        [bce(o.tags, e.tags) for o, e in zip(outputs, group, strict=True)]
    ).mean()
    span_losses = [
        -(torch.log_softmax(network.classify(o, e.spans), dim=1) * e.span_targets).sum(1).mean()
        for o, e in zip(outputs, group, strict=True)
        if e.spans
    ]
    span_loss = torch.stack(span_losses).mean() if span_losses else final.new_zeros(())
    paragraph_loss = torch.stack(
        [
            bce(network.paragraphs(o), e.paragraph_targets)
            for o, e in zip(outputs, group, strict=True)
        ]
    ).mean()
    return tag_loss + span_loss + 4.0 * paragraph_loss


def _trainable(network: Network) -> tuple[list[nn.Parameter], list[nn.Parameter]]:
    for parameter in network.parameters():
        parameter.requires_grad = False
    top = [
        p for layer in network.encoder.encoder.layer[network.frozen :] for p in layer.parameters()
    ]
    heads = list(network.heads.parameters())
    for parameter in top + heads:
        parameter.requires_grad = True
    return top, heads


def _read_checkpoint(path: Path) -> dict[str, Any] | None:
    """A checkpoint to resume from, or None when there is none or it cannot be read."""
    if not path.is_file():
        return None
    try:
        saved: dict[str, Any] = torch.load(path, weights_only=False)
    except (OSError, RuntimeError, EOFError, pickle.UnpicklingError):
        return None  # a damaged checkpoint: train from the start and overwrite it
    return saved


def _save_checkpoint(state: dict[str, Any], path: Path) -> None:
    """Write a checkpoint whole or not at all: a kill mid-save keeps the previous one."""
    partial = path.with_suffix(".partial")
    torch.save(state, partial)
    os.replace(partial, path)


def _resumable(saved: dict[str, object], wanted: dict[str, object]) -> bool:
    """A checkpoint resumes when only the number of epochs differs (more epochs extend it)."""
    return {**saved, "epochs": 0} == {**wanted, "epochs": 0}


def _same_vocabulary(saved: object, wanted: npt.NDArray[np.int64] | None) -> bool:
    """Whether a checkpoint's trimmed vocabulary (its embedding rows) is the one wanted."""
    if saved is None or wanted is None:
        return saved is None and wanted is None
    return isinstance(saved, np.ndarray) and np.array_equal(saved, wanted)


def trained_state(
    network: Network, vocabulary: npt.NDArray[np.int64] | None = None
) -> dict[str, torch.Tensor]:
    """The weights a model folder ships: the trained top layers and the heads, in fp16,
    and the kept pieces of a trimmed encoder vocabulary."""
    state = {
        name: value.detach().to(torch.float16).contiguous()
        for name, value in network.state_dict().items()
        if name.startswith("heads.")
        or (name.startswith("encoder.encoder.layer.") and int(name.split(".")[3]) >= network.frozen)
    }
    if vocabulary is not None:
        state[VOCABULARY] = torch.as_tensor(vocabulary, dtype=torch.int64)
    return state


def train(
    documents: list[Document],
    techniques: list[str],
    out: Path,
    settings: Settings,
    language: str = "en",
    progress: Progress | None = None,
) -> ModelConfig:
    """Train a model on annotated documents and write it (config and weights) to ``out``."""
    from safetensors.torch import save_file

    started = time.monotonic()
    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    out.mkdir(parents=True, exist_ok=True)
    vocabulary = (
        e5.vocabulary_for([d.text for d in documents])
        if settings.encoder == e5.PACKAGE_PIN
        else None
    )
    loaded = encoder.load(settings.encoder, vocabulary)
    network = Network(loaded.network, len(techniques), settings.frozen)
    network.eval()
    examples = prepare(network, documents, techniques, loaded.tokenizer, loaded.specials, progress)
    top, heads = _trainable(network)
    optimizer = torch.optim.AdamW(
        [{"params": top, "lr": settings.encoder_lr}, {"params": heads, "lr": settings.head_lr}],
        weight_decay=settings.weight_decay,
    )
    total = sum(
        len(batches(examples, settings.batch_windows, random.Random(settings.seed + epoch)))
        for epoch in range(settings.epochs)
    )
    warmup = max(1, int(total * settings.warmup))

    def schedule(step: int) -> float:
        return min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    first_epoch, history = 0, []
    checkpoint = out / CHECKPOINT
    saved = _read_checkpoint(checkpoint)
    if (
        saved is not None
        and _resumable(saved["settings"], asdict(settings))
        and saved["techniques"] == techniques
        and _same_vocabulary(saved.get("vocabulary"), vocabulary)
    ):
        network.load_state_dict(saved["network"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        first_epoch, history = saved["epoch"], saved["history"]
        if history:  # seconds count from the first start, across resumptions
            started -= history[-1]["seconds"]
    for epoch in range(first_epoch, settings.epochs):
        network.train()
        network.encoder.embeddings.eval()
        for layer in network.encoder.encoder.layer[: settings.frozen]:
            layer.eval()
        groups = batches(examples, settings.batch_windows, random.Random(settings.seed + epoch))
        losses = []
        for number, group in enumerate(groups, start=1):
            loss = step_loss(network, group)
            optimizer.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            nn.utils.clip_grad_norm_(top + heads, 1.0)
            optimizer.step()
            scheduler.step()
            losses.append(loss.item())
            if progress:
                progress(
                    f"epoch {epoch + 1}/{settings.epochs} loss {np.mean(losses[-20:]):.3f}",
                    number,
                    len(groups),
                )
        history.append(
            {
                "epoch": epoch + 1,
                "loss": float(np.mean(losses)),
                "seconds": time.monotonic() - started,
            }
        )
        _save_checkpoint(
            {
                "settings": asdict(settings),
                "techniques": techniques,
                "vocabulary": vocabulary,
                "network": network.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "epoch": epoch + 1,
                "history": history,
            },
            checkpoint,
        )
    network.eval()
    save_file(trained_state(network, vocabulary), str(out / WEIGHTS))
    if progress:
        progress("fitting the lexical classifier", 0, 1)
    words = fit_lexical(examples, documents, techniques)
    if words is not None:
        lexical.save(words, out)
    config = ModelConfig(
        techniques=techniques,
        frozen=settings.frozen,
        language=language,
        encoder=settings.encoder,
        encoder_sha256=encoder.digest(settings.encoder),
        span_counts={
            name: sum(s.technique == name for d in documents for s in d.spans)
            for name in techniques
        },
        training={
            "settings": asdict(settings),
            "articles": len(examples),
            "spans": sum(len(d.spans) for d in documents),
            "history": history,
            "seconds": round(time.monotonic() - started),
        },
    )
    (out / CONFIG).write_text(config.to_json(), encoding="utf-8")
    return config


def fit_lexical(
    examples: list[Example], documents: list[Document], techniques: list[str]
) -> Lexical | None:
    """The lexical classifier, fitted on every training span (a span with two labels twice).

    None when the spans show fewer than two techniques: there is nothing to tell apart.
    """
    index = {name: i for i, name in enumerate(techniques)}
    by_text = {example.article.text: example.article for example in examples}
    fragments, features, targets = [], [], []
    for document in documents:
        article = by_text.get(document.text)
        if article is None:
            continue
        for span in document.spans:
            if span.technique in index:
                fragments.append(document.text[span.start : span.end])
                features.append(fragment_features(article, span.start, span.end))
                targets.append(index[span.technique])
    if len(set(targets)) < 2:
        return None
    return Lexical.fit(fragments, np.stack(features), targets, len(techniques))


def write_config(out: Path, config: ModelConfig) -> None:
    """Rewrite a model folder's config (after tuning its thresholds)."""
    (out / CONFIG).write_text(config.to_json(), encoding="utf-8")
