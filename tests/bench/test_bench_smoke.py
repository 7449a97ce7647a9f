"""bench/run end to end on a tiny SQLite database: every page answers 200 and is measured.

Everything happens in a temporary directory with an environment built here, so neither
the project's var/ nor the database and Redis of the surrounding test run are touched.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["floor", "home", "group", "thread", "feed-more", "discover", "groups", "suggested",
         "library", "news", "people", "experts", "profile", "search"]  # fmt: skip

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        shutil.which("wrk") is None,
        reason="wrk is not installed (apt-get install -y wrk); bench/run needs it",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(tmp_path: Path) -> dict[str, str]:
    """Only what a process needs, and our own database: no DATABASE_URL, REDIS_URL or
    deployment settings leak in from the environment running the tests."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    return env | {
        "DJANGO_SETTINGS_MODULE": "socialearn.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "REDIS_URL": "",
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }


def run(command: list[str], env: dict[str, str], timeout: int) -> str:
    result = subprocess.run(  # noqa: S603 (the project's own commands)
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_bench_run_measures_every_page_on_a_tiny_database(tmp_path):
    env = isolated_env(tmp_path)
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--no-input", "--verbosity", "0"], env, timeout=120)
    seeded = run(
        [*manage, "seed_bench", "--users", "30", "--groups", "5", "--threads", "40",
         "--posts", "200", "--library", "20", "--news", "10"],
        env,
        timeout=120,
    )  # fmt: skip
    assert "bench1@example.com" in seeded
    results = tmp_path / "r.json"

    run(
        [sys.executable, "bench/run", "--duration", "1", "--warmup", "0", "--sessions", "2",
         "--port", str(free_port()), "--json", str(results)],
        env,
        timeout=300,
    )  # fmt: skip

    report = json.loads(results.read_text())
    assert [page["name"] for page in report["pages"]] == PAGES
    for page in report["pages"]:
        assert page["status"] == "ok", page
        assert page["http_status"] == 200, page
        assert page["rps"] > 0, page
        assert page["queries"] >= 1, page
    assert results.with_suffix(".md").read_text().count("| `/") == len(PAGES)
    assert report["workers"], "worker memory was not measured"
    for worker in report["workers"]:
        assert not Path(f"/proc/{worker['pid']}").exists(), "gunicorn was left running"
