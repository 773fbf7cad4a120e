"""The network: the MiniLM encoder with three heads over article-wide piece representations.

- tagger: per piece, technique-agnostic "inside a span", "first piece", "last piece";
- classifier: the technique of a fragment, from its pieces, its paragraph and its features;
- paragraph: the techniques of a paragraph, from its pooled pieces.

The lower encoder layers stay as pretrained; only the top layers and the heads are trained,
so a shipped model is the top layers and heads, merged over the pinned encoder at load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch
from torch import nn

from spinscope.model.article import PIECE_FEATURES, SPAN_FEATURES, Encoded, span_features
from spinscope.model.encoder import HIDDEN

if TYPE_CHECKING:
    from transformers import BertModel


class Heads(nn.Module):
    """The three task heads."""

    def __init__(self, techniques: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.tagger = nn.Sequential(
            nn.Linear(HIDDEN + PIECE_FEATURES, 256),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(256, 3),
        )
        self.classifier = nn.Sequential(
            nn.Linear(4 * HIDDEN + SPAN_FEATURES, 512),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(512, techniques),
        )
        self.paragraph = nn.Sequential(
            nn.Linear(2 * HIDDEN, 256), nn.GELU(), nn.Dropout(dropout), nn.Linear(256, techniques)
        )


@dataclass
class ArticleOutput:
    """What the network makes of one article: piece representations and tagger logits."""

    article: Encoded
    pieces: torch.Tensor  # (n, HIDDEN)
    tags: torch.Tensor  # (n, 3) logits

    def prefix(self) -> torch.Tensor:
        """Cumulative sums of the piece representations, for fast span means."""
        zero = self.pieces.new_zeros((1, self.pieces.shape[1]))
        return torch.cat([zero, self.pieces.cumsum(0)])


class Network(nn.Module):
    """Encoder, split at ``frozen`` layers, and heads."""

    def __init__(self, encoder: BertModel, techniques: int, frozen: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.frozen = frozen
        self.techniques = techniques
        self.heads = Heads(techniques)

    def _mask(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        from transformers.masking_utils import create_bidirectional_mask

        made: torch.Tensor = create_bidirectional_mask(
            config=self.encoder.config, inputs_embeds=hidden, attention_mask=mask
        )
        return made

    def bottom(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Hidden states after the frozen layers."""
        hidden: torch.Tensor = self.encoder.embeddings(input_ids=ids)
        extended = self._mask(hidden, mask)
        for layer in self.encoder.encoder.layer[: self.frozen]:
            hidden = layer(hidden, extended)
        return hidden

    def top(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Hidden states after the trained layers."""
        extended = self._mask(hidden, mask)
        for layer in self.encoder.encoder.layer[self.frozen :]:
            hidden = layer(hidden, extended)
        return hidden

    def articles(
        self, articles: list[Encoded], hidden: torch.Tensor, first_window: list[int]
    ) -> list[ArticleOutput]:
        """Gather each article's pieces from its windows' final states and tag them."""
        outputs = []
        for article, base in zip(articles, first_window, strict=True):
            window = torch.as_tensor(article.owner + base)
            position = torch.as_tensor(article.position)
            pieces = hidden[window, position]
            features = torch.as_tensor(article.piece_features)
            tags = self.heads.tagger(torch.cat([pieces, features], dim=1))
            outputs.append(ArticleOutput(article, pieces, tags))
        return outputs

    def classify(self, output: ArticleOutput, spans: list[tuple[int, int]]) -> torch.Tensor:
        """Technique logits for char spans of one article; (len(spans), techniques)."""
        article = output.article
        ranges, paragraphs, features = [], [], []
        for start, end in spans:
            found = article.pieces_of(start, end)
            first, last = found if found is not None else (0, max(article.size, 1))
            last = max(last, first + 1)
            ranges.append((first, last))
            paragraphs.append(article.segment_pieces[article.segment_index(first)])
            features.append(span_features(article, start, end))
        prefix = output.prefix()
        starts = torch.as_tensor([r[0] for r in ranges])
        ends = torch.as_tensor([r[1] for r in ranges])
        lengths = (ends - starts).clamp(min=1).unsqueeze(1).to(prefix.dtype)
        mean = (prefix[ends] - prefix[starts]) / lengths
        p_starts = torch.as_tensor([p[0] for p in paragraphs])
        p_ends = torch.as_tensor([max(p[1], p[0] + 1) for p in paragraphs]).clamp(max=article.size)
        p_len = (p_ends - p_starts).clamp(min=1).unsqueeze(1).to(prefix.dtype)
        context = (prefix[p_ends] - prefix[p_starts]) / p_len
        rows = torch.cat(
            [
                mean,
                output.pieces[starts],
                output.pieces[ends - 1],
                context,
                torch.as_tensor(np.stack(features)),
            ],
            dim=1,
        )
        logits: torch.Tensor = self.heads.classifier(rows)
        return logits

    def paragraphs(self, output: ArticleOutput) -> torch.Tensor:
        """Technique logits for each segment of one article; (segments, techniques)."""
        pooled = []
        for first, last in output.article.segment_pieces:
            if last <= first:
                pooled.append(output.pieces.new_zeros(2 * HIDDEN))
                continue
            block = output.pieces[first:last]
            pooled.append(torch.cat([block.mean(0), block.max(0).values]))
        if not pooled:
            return output.pieces.new_zeros((0, self.techniques))
        logits: torch.Tensor = self.heads.paragraph(torch.stack(pooled))
        return logits


def batch_windows(inputs: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Pad window inputs to one tensor of ids and its attention mask."""
    longest = max(len(ids) for ids in inputs)
    ids = torch.zeros((len(inputs), longest), dtype=torch.long)
    mask = torch.zeros((len(inputs), longest), dtype=torch.long)
    for row, window in enumerate(inputs):
        ids[row, : len(window)] = torch.as_tensor(window)
        mask[row, : len(window)] = 1
    return ids, mask
