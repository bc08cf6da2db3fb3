"""The HAProxy configuration the launcher writes for several instances: HAProxy accepts it, and it
routes as docs/deploy.md says."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from bot.serving.haproxy import Upstream, haproxy_config

RASA = [Upstream("rasa-1", 15101), Upstream("rasa-2", 15102)]
ACTIONS = [Upstream("actions-1", 15201), Upstream("actions-2", 15202)]


def config() -> str:
    return haproxy_config(rasa_port=15100, rasa=RASA, action_port=15200, actions=ACTIONS, stats_port=15300)


def test_haproxy_accepts_the_configuration(tmp_path):
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("HAProxy is not installed and REQUIRE_SERVICES=1", pytrace=False)
        pytest.skip("HAProxy is not installed")
    path = tmp_path / "haproxy.cfg"
    path.write_text(config())
    checked = subprocess.run([haproxy, "-c", "-f", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _section(text: str, header: str) -> str:
    return text.split("\n" + header + "\n", 1)[1].split("\n\n", 1)[0]


def test_widgets_stick_to_an_instance_and_the_rest_is_spread():
    text = config()
    socketio = _section(text, "backend rasa_socketio")
    assert "balance source" in socketio and "hash-type consistent" in socketio
    assert "balance roundrobin" in _section(text, "backend rasa_http")
    assert "balance roundrobin" in _section(text, "backend actions")
    assert "use_backend rasa_socketio if { path_beg /socket.io }" in _section(text, "frontend rasa")
    for backend in ("backend rasa_socketio", "backend rasa_http"):
        assert [line.split()[1] for line in _section(text, backend).splitlines() if line.strip().startswith("server")] \
            == ["rasa-1", "rasa-2"]


def test_everything_listens_on_loopback_only():
    binds = [line.split()[1] for line in config().splitlines() if line.strip().startswith("bind")]
    assert binds == ["127.0.0.1:15100", "127.0.0.1:15200", "127.0.0.1:15300"]


def test_a_rest_request_whose_instance_dies_goes_to_another_with_its_id():
    """What tests/e2e/test_several_instances.py proves on real servers, named in the configuration."""
    text = config()
    rest = _section(text, "backend rasa_http")
    assert "retry-on conn-failure empty-response" in rest and "option http-buffer-request" in rest
    assert "http-request set-header X-Request-Id %[uuid()] unless { req.hdr(x-request-id) -m found }" in rest
    assert "http-request disable-l7-retry unless { path /webhooks/rest/webhook }" in rest
    assert "option redispatch" in _section(text, "defaults")
    assert "X-Request-Id" not in _section(text, "backend rasa_socketio")


def test_the_log_never_holds_a_query_string():
    """Rasa's API takes its token in the query string: the log line has the path only (%HP)."""
    log_format = next(line for line in config().splitlines() if line.strip().startswith("log-format"))
    fields = set(re.findall(r"%[A-Za-z]+", log_format))
    assert "%HP" in fields and not fields & {"%r", "%HU", "%HQ"}
