"""Cost of hostile and long inputs: ``python -m service.bench.hostile [--check]``.

Three measurements of the core in this process (CPU seconds of this process, so that load
from other jobs on a shared machine changes little; best of ``--repeat`` runs):

- **storms**: texts made of one hostile pattern (mark runs, spaced marks, marks on their own
  lines, unclosed marks, suffix chains, ...) at doubling lengths up to the request limit.
  Linear cost means each doubling at most doubles the time; ``--check`` fails when a
  doubling costs more than ``--max-doubling`` times (default 2.6: noise on a busy machine,
  not a second power) or a text of the limit's size takes longer than ``--max-seconds``.
- **long**: development articles joined into one text at doubling lengths up to the limit:
  ``attribute_text`` against the raw parse of the same pieces (``nlp.pipe`` over
  ``split_pieces``); ``--check`` fails above ``--max-ratio`` (default 1.2).
- **memory**: peak RSS (VmHWM) of a fresh process that loads the pipeline and attributes one
  text of the limit's size (an article, then a mark storm), against the same process
  after loading.

The articles are read at run time from the corpus (``--corpus``, default the GGT development
set beside the repository; generated prose if it is absent) and never stored.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from service.bench.corpus import load_corpus
from service.settings import Settings

_MARKS = "\"“”„«»‹›'‘’()[].,;:!?-— \n"
LIMIT = Settings(_env_file=None).max_text_chars
PATTERNS: dict[str, Callable[[int, random.Random], str]] = {
    "mark run": lambda n, rng: '"' * n,
    "paren run": lambda n, rng: "a" + ")" * (n - 1),
    "spaced marks": lambda n, rng: '" ' * (n // 2),
    "marks on lines": lambda n, rng: '"\n' * (n // 2),
    "random marks": lambda n, rng: "".join(rng.choice(_MARKS) for _ in range(n)),
    "unclosed marks": lambda n, rng: "«a " * (n // 3 + 1),
    "suffix chains": lambda n, rng: " ".join(
        rng.choice("abcdefgh") + "'s" * rng.randint(20, 60) for _ in range(n // 80 + 1)
    ),
    "glued words": lambda n, rng: "a," * (n // 2),
    "zero-width": lambda n, rng: "He said \u200bit \u2060was \u200bfine. " * (n // 24 + 1),
}


def cpu_seconds(run: Callable[[], object], repeat: int) -> float:
    """The least CPU time of ``repeat`` runs of ``run``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def lengths_up_to(limit: int, smallest: int) -> list[int]:
    """``smallest``, doubled until the next one would pass ``limit``, then ``limit``."""
    if smallest >= limit:
        return [limit]
    out = [smallest]
    while out[-1] * 2 < limit:
        out.append(out[-1] * 2)
    return [*out, limit]


def storms(nlp: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Seconds per pattern and length, and the worst doubling ratio."""
    from service.nlp.attribute import attribute_text

    results: dict[str, Any] = {}
    chosen = args.patterns.split(",") if args.patterns else list(PATTERNS)
    for name in chosen:
        make = PATTERNS[name]
        rows = []
        for n in lengths_up_to(args.limit, args.smallest):
            text = make(n, random.Random(n))[:n]
            seconds = cpu_seconds(partial(attribute_text, nlp, text), args.repeat)
            rows.append({"chars": len(text), "seconds": round(seconds, 3)})
            print(f"  storm {name!r}: {len(text)} chars {seconds:.2f} s", file=sys.stderr)
        ratios = [
            b["seconds"] / a["seconds"] * a["chars"] * 2 / b["chars"]
            for a, b in itertools.pairwise(rows)
            if a["seconds"] >= args.min_seconds
        ]
        results[name] = {"rows": rows, "worst_doubling": round(max(ratios, default=0.0), 2)}
    return results


def long_articles(nlp: Any, texts: list[str], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Extraction against the raw parse of the same pieces, per length."""
    from service.nlp.attribute import attribute_text
    from service.nlp.pipeline import split_pieces

    joined = "\n\n".join(texts)
    while len(joined) < args.limit:
        joined = joined + "\n\n" + joined
    rows = []
    for n in lengths_up_to(args.limit, 25_000):
        text = joined[:n]
        pieces = split_pieces(text)
        raw = cpu_seconds(partial(_parse_all, nlp, pieces), args.repeat)
        full = cpu_seconds(partial(attribute_text, nlp, text), args.repeat)
        rows.append({"chars": n, "raw_s": round(raw, 2), "extract_s": round(full, 2),
                     "ratio": round(full / raw, 2)})  # fmt: skip
        print(f"  long: {n} chars raw {raw:.2f} s extract {full:.2f} s", file=sys.stderr)
    return rows


def _parse_all(nlp: Any, pieces: list[str]) -> list[Any]:
    """The raw parse: every piece through ``nlp.pipe``, no rules."""
    return list(nlp.pipe(pieces))


def memory(args: argparse.Namespace) -> dict[str, Any]:
    """Peak RSS of a fresh process attributing one text of the limit's size, per kind."""
    out: dict[str, Any] = {}
    for kind in ("article", "storm"):
        command = [sys.executable, "-m", "service.bench.hostile", "--memory-child", kind,
                   "--limit", str(args.limit)]  # fmt: skip
        if args.corpus:
            command += ["--corpus", str(args.corpus)]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        out[kind] = json.loads(result.stdout)
    return out


def _status_mb(field: str) -> float:
    """A ``/proc/self/status`` memory field in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory_child(kind: str, args: argparse.Namespace) -> None:
    """Load, attribute one text of ``args.limit`` characters, print the RSS figures."""
    from service.nlp.attribute import attribute_text
    from service.nlp.pipeline import load_pipeline

    nlp = load_pipeline(Settings(_env_file=None).pipeline)
    attribute_text(nlp, "A warm-up sentence, she said.")
    loaded = _status_mb("VmHWM")
    if kind == "article":
        joined = "\n\n".join(load_corpus(args.corpus).texts)
        while len(joined) < args.limit:
            joined += "\n\n" + joined
        text = joined[: args.limit]
    else:
        text = '" ' * (args.limit // 2)
    start = time.process_time()
    quotes = len(attribute_text(nlp, text).quotes)
    print(json.dumps({"chars": len(text), "quotes": quotes,
                      "cpu_s": round(time.process_time() - start, 2),
                      "rss_after_load_mb": round(loaded), "peak_rss_mb": round(_status_mb("VmHWM")),
                      "rss_after_mb": round(_status_mb("VmRSS"))}))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run the chosen measurements; exit 1 with ``--check`` when a target is missed."""
    p = argparse.ArgumentParser(prog="python -m service.bench.hostile", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("--only", default="storms,long,memory", help="measurements to run")
    p.add_argument("--patterns", help=f"storm patterns, comma-separated: {', '.join(PATTERNS)}")
    p.add_argument("--corpus", type=Path, help="JSONL of {text} objects for the long articles")
    p.add_argument("--limit", type=int, default=LIMIT, help="longest text (the request limit)")
    p.add_argument("--smallest", type=int, default=12_500, help="shortest storm text")
    p.add_argument("--repeat", type=int, default=2, help="runs per measurement (least counts)")
    p.add_argument("--min-seconds", type=float, default=0.2,
                   help="doublings from a shorter time than this are noise, not judged")
    p.add_argument("--max-doubling", type=float, default=2.6)
    p.add_argument("--max-seconds", type=float, default=30.0)
    p.add_argument("--max-ratio", type=float, default=1.2)
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--memory-child", choices=("article", "storm"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child, args)
        return 0
    only = set(args.only.split(","))
    report: dict[str, Any] = {"limit": args.limit}
    if only & {"storms", "long"}:
        from service.nlp.pipeline import load_pipeline

        nlp = load_pipeline(Settings(_env_file=None).pipeline)
        if "storms" in only:
            report["storms"] = storms(nlp, args)
        if "long" in only:
            report["long"] = long_articles(nlp, load_corpus(args.corpus).texts, args)
    if "memory" in only:
        report["memory"] = memory(args)
    missed = _missed(report, args)
    report["missed"] = missed
    print(json.dumps(report, indent=1))
    return 1 if args.check and missed else 0


def _missed(report: dict[str, Any], args: argparse.Namespace) -> list[str]:
    """The targets a report misses, in words."""
    missed = []
    for name, result in report.get("storms", {}).items():
        if result["worst_doubling"] > args.max_doubling:
            missed.append(f"storm {name!r}: a doubling cost {result['worst_doubling']} x")
        if result["rows"][-1]["seconds"] > args.max_seconds:
            missed.append(f"storm {name!r}: {result['rows'][-1]['seconds']} s at the limit")
    for row in report.get("long", []):
        if row["ratio"] > args.max_ratio:
            missed.append(f"long article of {row['chars']} chars: {row['ratio']} x the raw parse")
    return missed


if __name__ == "__main__":
    raise SystemExit(main())
