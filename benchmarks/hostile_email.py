"""Hostile emails against a running mail ingress: how long each takes to be refused or read, what
the ingress answers, and the web process's peak memory, while a normal email and a page are served.

`python -m benchmarks.hostile_email` starts the website alone (no Rasa is needed to refuse a message)
and prints the table docs/security.md quotes; tests/security/test_hostile_email.py runs the same
measurement against the whole bot with bounds ten times looser.
"""
from __future__ import annotations

import smtplib
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import requests

from bot.mail.inbound import MAX_MESSAGE_BYTES
from bot.mail.reply_tokens import ReplyAddresses
from bot.serving.services import free_port, stop, wait_until_listening, wait_until_up

_HEADERS = b"To: {to}\r\nSubject: Re: [C-000001]\r\nMIME-Version: 1.0\r\n"
_LINE = 900  # SMTP lines stop at 1000 octets (aiosmtpd refuses longer ones)


def _folded(name: bytes, words: list[bytes]) -> bytes:
    """A header field of many words, folded into lines under the SMTP line limit."""
    lines, line = [], name + b":"
    for word in words:
        if len(line) + len(word) + 1 > _LINE:
            lines.append(line)
            line = b""
        line += b" " + word
    return b"\r\n".join([*lines, line]) + b"\r\n"


def hostile_emails(to: str) -> dict[str, bytes]:
    """The shapes that took the web process down (issue 32), each as an email to `to`."""
    headers = _HEADERS.replace(b"{to}", to.encode())
    sender = b"From: mallory@example.com\r\n"
    under_the_limit = (MAX_MESSAGE_BYTES - 2_000) // 2
    return {
        "40,000 encoded words in From (561 KB)": _folded(b"From", [b"=?utf-8?q?a?="] * 40_000) + headers
        + b"\r\nhello\r\n",
        "Content-Type with 30,000 parameters (400 KB)": sender + headers + _folded(
            b"Content-Type", [b"text/plain;"] + [f"p{i}=v{i};".encode() for i in range(30_000)]) + b"\r\nhello\r\n",
        "20,000 nested ( in From": _folded(b"From", [b"(" * 800] * 25) + headers + b"\r\nhello\r\n",
        "a body of blank lines just under the size limit": sender + headers + b"\r\nhello\r\n"
        + b"\r\n" * (under_the_limit - 100),
        "a body of ' \\n' lines just under the size limit": sender + headers + b"\r\nhello\r\n"
        + b" \r\n" * ((MAX_MESSAGE_BYTES - 2_000) // 3),
    }


def normal_email(to: str) -> bytes:
    return (b"From: Lucia <lucia@example.es>\r\n" + _HEADERS.replace(b"{to}", to.encode())
            + b"Content-Type: text/plain; charset=utf-8\r\n\r\nSigue sin llegar.\r\n")


def send(port: int, to: str, raw: bytes) -> tuple[int, str]:
    """The ingress's answer to DATA: (code, text)."""
    with smtplib.SMTP("127.0.0.1", port, timeout=120) as client:
        client.ehlo()
        client.mail("mallory@example.com")
        client.rcpt(to)
        code, text = client.data(raw)
        return code, text.decode(errors="replace")


def peak_memory_mb(pid: int) -> float:
    """A process's peak resident memory so far (VmHWM)."""
    line = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


@dataclass(frozen=True, kw_only=True)
class Row:
    shape: str
    seconds: float  # from DATA to the ingress's answer
    code: int
    answer: str
    normal_seconds: float  # a normal email sent meanwhile, to its answer
    normal_code: int
    page_seconds: float  # a page of the website fetched meanwhile
    web_peak_mb: float  # the web process's peak memory after both


def measure(mail_port: int, web_pid: int, web_url: str, to: str) -> list[Row]:
    """Each hostile email, with a normal email and a page served while it is read."""
    rows = []
    with ThreadPoolExecutor(3) as pool:
        for shape, raw in hostile_emails(to).items():
            started = time.monotonic()
            hostile = pool.submit(send, mail_port, to, raw)
            normal = pool.submit(_timed, send, mail_port, to, normal_email(to))
            page = pool.submit(_timed, requests.get, web_url, timeout=60)
            code, answer = hostile.result()
            seconds = time.monotonic() - started
            (normal_code, _), normal_seconds = normal.result()
            response, page_seconds = page.result()
            response.raise_for_status()
            rows.append(Row(shape=shape, seconds=seconds, code=code, answer=answer, normal_seconds=normal_seconds,
                            normal_code=normal_code, page_seconds=page_seconds,
                            web_peak_mb=peak_memory_mb(web_pid)))
    return rows


def _timed(call, *args, **kwargs):
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def table(rows: list[Row]) -> str:
    lines = ["| hostile email | answered in | answer | normal email meanwhile | page meanwhile | web peak memory |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {r.shape} | {r.seconds:.2f} s | {r.code} | {r.normal_code} in {r.normal_seconds:.2f} s | "
              f"{r.page_seconds:.2f} s | {r.web_peak_mb:.0f} MB |" for r in rows]
    return "\n".join(lines)


def measure_alone() -> list[Row]:
    """The measurement against the website alone, started here on a temporary store."""
    with tempfile.TemporaryDirectory() as folder:
        web_port, mail_port = free_port(), free_port()
        env = {"BOT_DATA_DIR": folder, "DATABASE_URL": f"sqlite:///{folder}/records.db",
               "MAIL_REPLY_SECRET": "benchmark", "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-m", "bot", "migrate"], env=env, check=True, capture_output=True)
        log = Path(folder) / "web.log"
        with log.open("wb") as out:
            web = subprocess.Popen([sys.executable, "-m", "bot.web", "--port", str(web_port), "--rasa-url",
                                    "http://127.0.0.1:9", "--mail-port", str(mail_port)], env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{web_port}/", web, 60, log)
            wait_until_listening(mail_port, web, 30, log)
            to = ReplyAddresses.from_settings(env).for_case(999_999, datetime.utcnow())
            return measure(mail_port, web.pid, f"http://127.0.0.1:{web_port}/", to)
        finally:
            stop((web,))


def main() -> None:
    print(table(measure_alone()))


if __name__ == "__main__":
    main()
