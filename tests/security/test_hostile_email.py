"""One email must not take the product down (issue 32): the shapes that exhausted the web process are
refused on their raw bytes, the new text is found in linear time, parsing runs in a worker bounded in
memory and time, and against the running bot each hostile email gets a 5xx that names nothing
internal while a normal email and a page are served and the web process stays small.

Bounds here are ten times looser than the figures in docs/security.md (a denial-of-service guard,
like tests/security/test_regex_cost.py, not a timing test)."""
from __future__ import annotations

import time
from datetime import datetime

import pytest

from benchmarks.hostile_email import hostile_emails, measure
from bot.mail.inbound import UnreadableMail, new_text, read_reply
from bot.mail.reply_tokens import ReplyAddresses
from bot.serving.bounded_worker import Bounds, WorkerFailed, run_bounded

TO = "reply+1.1800000000.0123456789abcdef01234567@replies.example.com"
GUARD_SECONDS = 10.0  # each shape is refused within a second on this project's machines


@pytest.mark.parametrize("shape", list(hostile_emails(TO)))
def test_each_hostile_shape_is_refused_before_it_is_parsed(shape):
    started = time.monotonic()
    with pytest.raises(UnreadableMail):
        read_reply(hostile_emails(TO)[shape])
    assert time.monotonic() - started < GUARD_SECONDS


def test_the_new_text_is_found_in_linear_time():
    """The quoted-reply pattern once ran over the whole body at every line: 8,000 blank lines took
    a second, a megabyte of them hours."""
    for filler in ("\n", " \n", "\r\n"):
        started = time.monotonic()
        assert new_text("Sigue sin llegar." + filler * 400_000 + "On Mon, 1 Dec 2026, Care wrote:\n> x") \
            == "Sigue sin llegar."
        assert time.monotonic() - started < GUARD_SECONDS, repr(filler)


def test_a_sender_nested_within_the_limits_is_read_as_written():
    """900 nested comments fit in one header line; the address's structure is never parsed, so no
    RecursionError (it once answered '500 … RecursionError')."""
    raw = b"From: " + b"(" * 900 + b"x@example.com\r\nTo: " + TO.encode() + b"\r\n\r\nSigue sin llegar.\r\n"
    reply = read_reply(raw)
    assert reply.text == "Sigue sin llegar." and reply.sender.startswith("((((")


def test_the_bounded_worker_returns_a_result_and_stops_what_overruns():
    assert run_bounded("tests.bounded_targets:echo", b"12345", "a", "b") == {"length": 5, "args": ["a", "b"]}
    tight = Bounds(memory_bytes=256 * 2**20, cpu_seconds=1, wall_seconds=5)
    for target in ("hoard_memory", "spin", "recurse"):
        started = time.monotonic()
        with pytest.raises(WorkerFailed):
            run_bounded(f"tests.bounded_targets:{target}", b"", bounds=tight)
        assert time.monotonic() - started < GUARD_SECONDS, target


def test_the_running_bot_refuses_each_hostile_email_and_serves_on(bot):
    web = bot.servers.web.process
    to = ReplyAddresses.from_settings(bot.env).for_case(999_999, datetime.utcnow())
    for row in measure(bot.servers.mail_port, web.pid, bot.web_url, to):
        assert row.code == 554 and row.answer == "5.6.0 This message could not be read", row
        assert row.seconds < GUARD_SECONDS, row
        assert row.normal_code == 550, f"the normal email was read (its case does not exist): {row}"
        assert row.page_seconds < GUARD_SECONDS, row
        assert row.web_peak_mb < 300, row
    assert web.poll() is None, "the web process is alive"
