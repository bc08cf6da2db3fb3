"""Wall time and memory of processes, read from /proc (Linux), for the benchmarks.

Measures only; it starts nothing except the command it is asked to time.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Mapping, Optional, Sequence


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    """The process and everything it started, by parent links in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def tree_rss_mb(pid: int) -> float:
    return sum(rss_mb(p) for p in descendants(pid))


def run_measured(args: Sequence[str], *, cwd: Path, env: Optional[Mapping[str, str]] = None,
                 log: Optional[Path] = None) -> tuple[float, float]:
    """Runs a command to completion; returns (wall seconds, peak resident MB of its process tree)."""
    began, peak = time.monotonic(), 0.0
    with open(log or os.devnull, "wb") as out:
        process = subprocess.Popen(list(args), cwd=cwd, env=dict(env or os.environ), stdout=out,
                                   stderr=subprocess.STDOUT)
        while process.poll() is None:
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(0.25)
    if process.returncode:
        raise RuntimeError(f"{' '.join(args)} exited with {process.returncode}" + (f"; see {log}" if log else ""))
    return time.monotonic() - began, peak
