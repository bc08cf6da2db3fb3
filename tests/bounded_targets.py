"""Functions for tests/security/test_hostile_email.py to run in bot.serving.bounded_worker: each one
misbehaves the way a crafted input would make a parser misbehave."""
from __future__ import annotations


def echo(payload: bytes, *args: str) -> dict:
    return {"length": len(payload), "args": list(args)}


def hoard_memory(payload: bytes) -> dict:
    hoard = [bytes(64 * 2**20) for _ in range(64)]  # 4 GB, far past the bound
    return {"held": len(hoard)}


def spin(payload: bytes) -> dict:
    while True:
        pass


def recurse(payload: bytes, depth: int = 0) -> dict:
    return recurse(payload, depth + 1)
