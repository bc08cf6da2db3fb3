"""Settings are read when they are needed, never at import: a launcher or a test may set the
environment after importing the code, and importing it reads no file. Each secret comes from its
variable, else from one file in the data folder, the same on every read."""
from __future__ import annotations

import subprocess
import sys

import pytest

from bot import settings
from bot.settings import PROJECT_ROOT


def test_the_data_folder_and_the_policy_file_follow_the_environment_after_import(configure, tmp_path):
    configure(BOT_DATA_DIR=str(tmp_path), BOT_POLICY_FILE=str(tmp_path / "other-policy.yml"))
    assert settings.data_dir() == tmp_path
    assert settings.database_url() == f"sqlite:///{tmp_path / 'records.db'}"
    assert settings.policy_file() == tmp_path / "other-policy.yml"
    configure(BOT_DATA_DIR=None, BOT_POLICY_FILE=None)
    assert settings.data_dir() == PROJECT_ROOT / "var" and settings.policy_file() == PROJECT_ROOT / "policy.yml"


def test_a_secret_is_its_variable_else_one_file_kept_in_the_data_folder(configure, tmp_path):
    configure(BOT_DATA_DIR=str(tmp_path), CONSOLE_SECRET_KEY=None, SOCKET_SESSION_SECRET="given")
    kept = settings.console_secret_key()
    assert kept == settings.console_secret_key() == (tmp_path / "console-secret").read_text().strip()
    assert settings.socket_session_key() == "given" and not (tmp_path / "session-secret").exists()


def test_importing_the_actions_and_the_apps_reads_no_policy_file(tmp_path):
    """A policy file that does not exist fails only when the policy is first needed."""
    env = {"BOT_POLICY_FILE": str(tmp_path / "missing.yml"), "BOT_DATA_DIR": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false"}
    code = ("import actions.complaint, actions.handoff, bot.web, bot.serving.run\n"
            "from actions import runtime\n"
            "try:\n    runtime.policy()\nexcept FileNotFoundError:\n    print('read when needed')\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "read when needed"
    assert not (tmp_path / "data").exists(), "importing made the data folder"


def test_the_records_source_is_named_or_refused_clearly(configure):
    configure(RECORDS_SOURCE=None)
    assert settings.records_source() == "sql"
    configure(RECORDS_SOURCE="Medusa", MEDUSA_API_KEY=None)
    assert settings.records_source() == "medusa"
    with pytest.raises(ValueError, match="MEDUSA_API_KEY"):
        settings.medusa_api_key()
    configure(RECORDS_SOURCE="shopify")
    with pytest.raises(ValueError, match="sql or medusa"):
        settings.records_source()
