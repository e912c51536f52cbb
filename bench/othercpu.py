#!/usr/bin/env python3
"""CPU that processes *outside* the bench used while a bench run was going on (bench/run.sh).

    othercpu.py snap OUT.json [LABEL=]ROOT_PID...   # machine counters + the bench's process trees
    othercpu.py diff A.json B.json   # -> "OTHER OURS SPLIT": % of all CPUs used by anything else
                                     #    between A and B, CPU seconds the trees used, and those
                                     #    seconds per label ("workers=1.20,nginx=0.80,…")

A tree is labelled by its root's LABEL (default "bench"); roots are walked in the order given and a
process belongs to the first tree that reaches it, so name the inner roots (the stack's nginx, the
workers, MariaDB) before the script's own pid.

other = machine busy time (user + nice + system + irq + softirq from /proc/stat)
        - the process trees under the ROOT_PIDs (own time + reaped children)
        - kernel threads (on loopback, mostly softirq work for the bench's own traffic).
A task's utime/stime include the softirq work done in its context, which /proc/stat books as
softirq; hence softirq counts as busy. Short-lived jobs of others (compilers, tests) are included.
"""
import json
import os
import sys
import time


def read_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is stat field 3 (state); ppid = field 4; utime, stime, cutime, cstime = 14..17.
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def machine_busy():
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = cpu[:7]
    return user + nice + system + irq + softirq


def snapshot(roots):
    procs = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                procs[int(name)] = read_stat(name)
            except (OSError, ValueError, IndexError):
                pass
    children = {}
    for pid, (ppid, _, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    labels = {}
    for label, root in roots:
        todo = [root] if root in procs else []
        while todo:
            pid = todo.pop()
            if pid not in labels:
                labels[pid] = label
                todo.extend(children.get(pid, []))
    kernel = {2} | set(children.get(2, []))
    return {
        "time": time.monotonic(),
        "busy": machine_busy(),
        "ours": {str(p): procs[p][1] + procs[p][2] for p in labels},
        "labels": {str(p): label for p, label in labels.items()},
        "kernel": {str(p): procs[p][1] for p in kernel if p in procs},
    }


def parse_root(text):
    label, _, pid = text.rpartition("=")
    return (label or "bench", int(pid)) if pid.isdigit() else None


def delta(a, b):
    return sum(v - a.get(pid, 0) for pid, v in b.items() if v >= a.get(pid, 0))


def split(a, b):
    """CPU ticks per label between the snapshots (a process keeps the label it had in B)."""
    per = {}
    for pid, v in b["ours"].items():
        before = a["ours"].get(pid, 0)
        if v >= before:
            label = b.get("labels", {}).get(pid, "bench")
            per[label] = per.get(label, 0) + v - before
    return per


def diff(a, b):
    hz = os.sysconf("SC_CLK_TCK")
    ours = delta(a["ours"], b["ours"])
    other = (b["busy"] - a["busy"]) - ours - delta(a["kernel"], b["kernel"])
    wall = max(b["time"] - a["time"], 1e-3)
    per = {label: ticks / hz for label, ticks in sorted(split(a, b).items())}
    return min(100.0, max(0.0, other / hz / (wall * os.cpu_count()) * 100)), ours / hz, per


def main(argv):
    if len(argv) >= 3 and argv[1] == "snap":
        with open(argv[2], "w") as f:
            json.dump(snapshot([r for r in map(parse_root, argv[3:]) if r]), f)
    elif len(argv) == 4 and argv[1] == "diff":
        with open(argv[2]) as fa, open(argv[3]) as fb:
            other, ours, per = diff(json.load(fa), json.load(fb))
            print(f"{other:.0f} {ours:.2f} " + (",".join(f"{k}={v:.2f}" for k, v in per.items()) or "-"))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
