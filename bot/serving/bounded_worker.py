"""Hostile bytes (an email from a stranger, later a photo) are read in a fresh child process bounded
in memory, CPU and wall time, so that one crafted input costs a refusal, not the web process.

Runs one function of ours per call; what the function does with the bytes is its module's business.
"""
from __future__ import annotations

import importlib
import json
import logging
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from bot import settings

log = logging.getLogger(__name__)
_FAILED = 3  # the function raised: the child says so on stderr, the caller learns only "failed"


@dataclass(frozen=True)
class Bounds:
    """What one call may use: address space, CPU seconds, and seconds on the clock (start-up included)."""

    memory_bytes: int = 256 * 2**20
    cpu_seconds: int = 2
    wall_seconds: float = 5.0


class WorkerFailed(RuntimeError):
    """The child did not return a result: it raised, ran out of memory or time, or was killed.
    `reason` is for the log; it names the failure's kind, never the input."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def run_bounded(target: str, payload: bytes, *args: str, bounds: Bounds = Bounds()) -> Any:
    """`target` ("module:function", ours) called as function(payload, *args) in a child process
    within `bounds`; its JSON-able result."""
    command = [sys.executable, "-m", __name__, target, str(bounds.memory_bytes), str(bounds.cpu_seconds), *args]
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(settings.PROJECT_ROOT), "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run(command, input=payload, capture_output=True, timeout=bounds.wall_seconds,
                              cwd=settings.PROJECT_ROOT, env=env, check=False)
    except subprocess.TimeoutExpired as error:  # run() kills the child before raising
        raise WorkerFailed("out of time") from error
    if done.returncode == _FAILED:
        raise WorkerFailed(done.stderr.decode(errors="replace").strip()[-200:] or "raised")
    if done.returncode != 0:
        # Killed by a signal (SIGXCPU for CPU time, SIGKILL from the kernel), or out of memory.
        raise WorkerFailed(f"exit {done.returncode}")
    return json.loads(done.stdout)


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _main(argv: list[str]) -> int:
    """The child: limits first, then the function's module, then the bytes from stdin."""
    target, memory_bytes, cpu_seconds, *args = argv
    _limit(int(memory_bytes), int(cpu_seconds))
    module, function = target.split(":")
    call = getattr(importlib.import_module(module), function)
    try:
        result = call(sys.stdin.buffer.read(), *args)
    except Exception as error:  # MemoryError and RecursionError too
        sys.stderr.write(error.__class__.__name__)
        return _FAILED
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
