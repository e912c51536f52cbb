#!/usr/bin/env python3
"""The Markdown table of bench/scale.sh: per request, p50/p99 on the near-empty repository and on
the 1M one, and the ratios (1M / near-empty; the target is <= 1.5).

    scale_report.py GETS.tsv SEQUENTIAL.tsv GETS_NOTE CALLS_NOTE WRITES_NOTE

GETS.tsv (one row per wrk run): key, label, side (small|big), p50, p99 (wrk's units), req/s,
errors, other CPU %. SEQUENTIAL.tsv (bench/scale_requests.py): key, label, side, p50 ms, p99 ms,
samples, errors.
"""
import collections
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
TARGET = 1.5
CALL_KEYS = ("list-packages", "list-packages-late", "list-versions")


def ms(text):
    match = re.fullmatch(r"([0-9.]+)(us|ms|s)", text)
    if not match:
        sys.exit(f"scale_report: unreadable latency {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def read_gets(path):
    rows = collections.OrderedDict()
    for line in open(path):
        key, label, side, p50, p99, rps, errors, other = line.rstrip("\n").split("\t")
        row = rows.setdefault(key, {"label": label, "how": "wrk", "sides": {}, "errors": 0, "other": []})
        s = row["sides"].setdefault(side, {"p50": [], "p99": [], "rps": []})
        s["p50"].append(ms(p50))
        s["p99"].append(ms(p99))
        s["rps"].append(float(rps))
        row["errors"] += int(errors)
        row["other"].append(int(other))
    return rows


def read_sequential(path, rows):
    for line in open(path):
        key, label, side, p50, p99, samples, errors = line.rstrip("\n").split("\t")
        how = "calls" if key in CALL_KEYS else "writes"
        row = rows.setdefault(key, {"label": label, "how": how, "sides": {}, "errors": 0, "other": []})
        if label:
            row["label"] = label
        row["sides"][side] = {"p50": [float(p50)], "p99": [float(p99)], "n": int(samples)}
        row["errors"] += int(errors)


def mean(values):
    return sum(values) / len(values)


def cell(value):
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def main(argv):
    if len(argv) != 6:
        sys.exit(__doc__)
    rows = read_gets(argv[1])
    read_sequential(argv[2], rows)
    notes = {"wrk": argv[3], "calls": argv[4], "writes": argv[5]}
    print("| request | near-empty p50 / p99 ms | 1M p50 / p99 ms | 1M / near-empty p50 · p99 | errors | measured by |")
    print("|---|---|---|---|---|---|")
    over = []
    for key, row in rows.items():
        small, big = row["sides"].get("small"), row["sides"].get("big")
        if not small or not big:
            continue
        s50, s99, b50, b99 = mean(small["p50"]), mean(small["p99"]), mean(big["p50"]), mean(big["p99"])
        r50, r99 = b50 / s50, b99 / s99
        flag = lambda r: f"**{r:.2f}**" if r > TARGET else f"{r:.2f}"
        if max(r50, r99) > TARGET:
            over.append(row["label"])
        how = {"wrk": "wrk", "calls": "sequential calls", "writes": "sequential writes"}[row["how"]]
        if row["how"] == "wrk":
            how += f" ({mean(small['rps']):.0f} / {mean(big['rps']):.0f} req/s; other CPU {max(row['other'])} %)"
        print(f"| {row['label']} | {cell(s50)} / {cell(s99)} | {cell(b50)} / {cell(b99)} | {flag(r50)} · {flag(r99)} | "
              f"{row['errors']} | {how} |")
    print()
    for how, note in notes.items():
        print(f"- {dict(wrk='wrk', calls='sequential calls', writes='sequential writes')[how]}: {note}")
    print(f"- target: every ratio <= {TARGET}; "
          + (f"above it (bold): {'; '.join(over)}" if over else "every measured request is within it"))


if __name__ == "__main__":
    main(sys.argv)
