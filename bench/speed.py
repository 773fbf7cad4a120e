"""Speed and memory of `spinscope analyze` on the dev articles, int8 and fp32.

Usage: .venv/bin/python bench/speed.py [--data ../shared/data] [--runs 3]

Copies dev articles into a temporary folder, runs the real command end to end (process
start, language detection, model load, reading, analysis, writing) for each inference path,
and records wall time, articles per second and peak resident memory in
bench/results/speed.json: the 75 English dev articles with the English model (int8 and
fp32), and the 122 French, German, Italian, Polish and Russian dev articles (those with
subtask 3 texts) with the multilingual model (int8), each language detected. Model load
time is measured in a fresh process. The machine is stated in the result.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import cpu_name

ROOT = Path(__file__).resolve().parent.parent
SPINSCOPE = ROOT / ".venv" / "bin" / "spinscope"
PYTHON = ROOT / ".venv" / "bin" / "python"
LOAD = (
    "import sys, time; t = time.perf_counter(); from spinscope.model.predict import Model; "
    "Model.load(sys.argv[1]); print(time.perf_counter() - t)"
)
RUNS = (  # result name, model, languages of the dev articles, SPINSCOPE_QUANTIZE
    ("int8", "en", ("en",), "1"),
    ("fp32", "en", ("en",), "0"),
    ("multilingual_int8", "multi", ("fr", "ge", "it", "po", "ru"), "1"),
)


def dev_folder(data: Path, target: Path, languages: tuple[str, ...]) -> int:
    """Copy the dev articles of the languages (SemEval folder names); their count."""
    target.mkdir()
    count = 0
    for language in languages:
        ids = (data / "splits" / f"semeval2023-{language}-dev.ids").read_text().split()
        source = data / "semeval2023" / language / "train-articles-subtask-3"
        for article in ids:
            if (source / f"article{article}.txt").is_file():
                shutil.copy(source / f"article{article}.txt", target)
                count += 1
    return count


def run_once(folder: Path, quantize: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `spinscope analyze` process."""
    env = {**os.environ, "SPINSCOPE_QUANTIZE": quantize}
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [
                str(SPINSCOPE),
                "analyze",
                str(folder),
                "--format",
                "semeval-spans",
                "-o",
                f"{out}/spans.txt",
                "--quiet",
            ],
            env=env,
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if status != 0:
            raise SystemExit(f"spinscope analyze failed with status {status}")
    return wall, usage.ru_maxrss / 1024


def load_seconds(model: str, quantize: str) -> float:
    env = {**os.environ, "SPINSCOPE_QUANTIZE": quantize}
    out = subprocess.run(
        [str(PYTHON), "-c", LOAD, model], check=True, env=env, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "speed.json")
    args = parser.parse_args()
    results: dict[str, object] = {
        "machine": {"cpu": cpu_name(), "cores": os.cpu_count(), "python": sys.version.split()[0]},
        "command": "spinscope analyze DEV --format semeval-spans -o OUT --quiet",
        "when": time.strftime("%Y-%m-%d"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, model, languages, quantize in RUNS:
            folder = Path(tmp) / name
            articles = dev_folder(args.data, folder, languages)
            walls, peaks = [], []
            for _ in range(args.runs):
                wall, peak = run_once(folder, quantize)
                walls.append(wall)
                peaks.append(peak)
            loads = [load_seconds(model, quantize) for _ in range(args.runs)]
            median = statistics.median(walls)
            results[name] = {
                "model": model,
                "articles": articles,
                "wall_seconds": [round(w, 2) for w in walls],
                "articles_per_second": round(articles / median, 2),
                "peak_rss_mib": round(max(peaks)),
                "model_load_seconds": round(statistics.median(loads), 2),
            }
            print(name, results[name], flush=True)
    int8, fp32 = results["int8"], results["fp32"]
    assert isinstance(int8, dict) and isinstance(fp32, dict)
    results["speedup_int8_over_fp32"] = round(
        int8["articles_per_second"] / fp32["articles_per_second"], 2
    )
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
