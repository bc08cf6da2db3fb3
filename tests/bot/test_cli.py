"""`python -m bot`: import with error report, seed, cases as JSON lines."""
import json
import subprocess
import sys

from bot.settings import PROJECT_ROOT


def cli(tmp_path, *args):
    env = {"BOT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_import_reports_every_error_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"customers": [{"reference": "C1", "name": "A", "email": "nope"}],
                               "orders": [{"reference": "ORD-1", "customer": "C2", "items": []}]}))
    result = cli(tmp_path, "import", str(bad))
    assert result.returncode == 1
    assert "nothing imported, 5 error(s)" in result.stderr
    assert "$.orders[0].customer: unknown customer 'C2'" in result.stderr
    assert cli(tmp_path, "cases", "--json", "--all").stdout == ""


def test_seed_then_cases_as_json_lines(tmp_path):
    assert "22 orders" in cli(tmp_path, "seed-demo", "--if-empty").stdout
    assert "already has records" in cli(tmp_path, "seed-demo", "--if-empty").stdout
    lines = cli(tmp_path, "cases", "--json", "--all").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 2
    for key in ("conversation_id", "language", "category", "order_id", "outcome", "remedy", "amount", "currency",
                "reasons", "created_at"):
        assert key in rows[0]


def test_import_the_documented_example(tmp_path):
    text = (PROJECT_ROOT / "docs" / "data-format.md").read_text()
    example = tmp_path / "example.json"
    example.write_text(text.split("```json", 1)[1].split("```", 1)[0])
    result = cli(tmp_path, "import", str(example))
    assert result.returncode == 0, result.stderr
    assert "imported 1 customers, 1 products, 1 orders, 1 earlier complaints, 1 goodwill grants" in result.stdout
