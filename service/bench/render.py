"""The human-readable report of one benchmark run."""

from __future__ import annotations

from typing import Any


def _table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (also readable as plain text)."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _machine(m: dict[str, Any]) -> str:
    """The machine paragraph."""
    return (
        f"Machine: {m['nproc']} cores ({m['cpu_model']}), Python {m['python']}, "
        f"spaCy {m['spacy']}, pipeline {m['pipeline']}, uvicorn {m['uvicorn']}; "
        f"load average at start {m['load_average_at_start']}, at end {m['load_average_at_end']}; "
        f"CPU pressure at start '{m['cpu_pressure_at_start']}', at end "
        f"'{m['cpu_pressure_at_end']}'."
    )


def _inprocess(local: dict[str, Any]) -> str:
    """Raw spaCy and extraction rates."""
    rows = [
        [name, f"{r['words_per_s']:.0f}", f"{r['words_per_cpu_s']:.0f}", f"{r['ms_per_doc']:.1f}",
         str(r["docs"])]
        for name, r in local["rates"].items()
    ]
    note = (f"Rules alone take {100 * local['rules_share_of_single']:.0f}% of single-document "
            "extraction time.")
    return _table(["in-process mode", "words/s", "words/CPU s", "ms/doc", "docs"], rows) + (
        "\n\n" + note)


def _lengths(rows: list[dict[str, Any]]) -> str:
    """Throughput by text length."""
    body = [
        [str(r["mean_tokens"]), f"{r['raw_pipe_words_per_s']:.0f}",
         f"{r['extract_single_words_per_s']:.0f}", f"{r['extract_ms_per_doc']:.1f}",
         f"{r['ratio']:.2f}"]
        for r in rows
    ]
    return _table(["tokens/doc", "raw pipe words/s", "extract words/s", "extract ms/doc",
                   "ratio"], body)


def _http(runs: list[dict[str, Any]], parallel: list[dict[str, Any]]) -> str:
    """Uncached HTTP throughput per worker count next to raw K-process parsing."""
    raw = {p["processes"]: p["words_per_s"] for p in parallel}
    rows = []
    for run in runs:
        load = run["load"]
        rows.append([
            str(run["workers"]), str(run["concurrency"]), f"{load['words_per_s']:.0f}",
            f"{raw.get(run['workers'], 0):.0f}", f"{load['rps']:.2f}",
            f"{load['p50_ms']:.0f}", f"{load['p99_ms']:.0f}", str(load["statuses"]),
            str(run["worker_cpu_share"]),
            f"{run['words_per_worker_cpu_s']:.0f}",
        ])
    return _table(["workers", "clients", "HTTP words/s", "raw K-proc words/s", "req/s",
                   "p50 ms", "p99 ms", "statuses", "CPU share per process",
                   "words/CPU s"], rows)


def _hits(runs: list[dict[str, Any]]) -> str:
    """Cache hit rates and latencies: closed loop (capacity) and paced (target rate)."""
    rows = []
    for run in runs:
        for mode, load in (("closed loop", run["load"]),
                           (f"paced {run['paced_rate']:.0f}/s", run["paced"])):
            rows.append([
                run["backend"], str(run["workers"]), str(run["concurrency"]), mode,
                f"{load['rps']:.0f}", f"{load['p50_ms']:.2f}", f"{load['p99_ms']:.2f}",
                str(load["statuses"]), f"{load['client_cpu_share']:.2f}",
            ])
    table = _table(["cache", "workers", "clients", "mode", "req/s", "p50 ms", "p99 ms",
                    "statuses", "client CPU share"], rows)
    cpu = "; ".join(f"{r['backend']}: {r['worker_cpu_ms_per_request']:.2f} ms "
                    f"(CPU share {r['worker_cpu_share']})" for r in runs)
    return table + f"\n\nServer CPU per hit (closed loop): {cpu}."


def _rss(rss: dict[str, Any]) -> str:
    """RSS of each worker over the many-request run."""
    rows = [[str(s["requests"]), " / ".join(f"{x:.0f}" for x in s["rss_mb"])]
            for s in rss["samples"]]
    peaks = " / ".join(f"{m['peak']:.0f}" for m in rss["memory_mb"])
    return (_table(["requests", "RSS MB per process"], rows)
            + f"\n\nPeak RSS per process: {peaks} MB; failed requests: {rss['failed']}.")


def render(results: dict[str, Any]) -> str:
    """The whole report as Markdown-ish text."""
    parts = [_machine(results["machine"]),
             f"Corpus: {results['corpus']['source']} ({results['corpus']['texts']} texts, "
             f"{results['corpus']['mean_tokens']} tokens on average)."]
    if "inprocess" in results:
        parts.append(_inprocess(results["inprocess"]))
    if "lengths" in results:
        parts.append(_lengths(results["lengths"]))
    if results.get("http"):
        parts.append(_http(results["http"], results.get("parallel", [])))
    if "rss" in results:
        parts.append(_rss(results["rss"]))
    if results.get("hits"):
        parts.append(_hits(results["hits"]))
    parts.append(_table(["ratio", "value"],
                        [[k, f"{v:.3f}"] for k, v in results["ratios"].items()]))
    parts.append(_table(["target", "measured", "wanted", "met"],
                        [[c["name"], c["measured"], c["wanted"], "yes" if c["met"] else "NO"]
                         for c in results["targets"]]))
    phases = ", ".join(f"{k} {v:.0f}s" for k, v in results.get("phase_seconds", {}).items())
    parts.append(f"Elapsed: {results['elapsed_s']:.0f} s ({phases}).")
    return "\n\n".join(parts) + "\n"
