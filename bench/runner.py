"""bench/run: load SociaLearn's main pages with wrk and report rate, latency and queries.

It serves the site with gunicorn (sync workers, ``DEBUG=false``, ``ROOT_URLCONF=bench.urls``)
against the database in ``DATABASE_URL`` (default: the local ``socialearn_bench``
PostgreSQL database), signs in several bench people, checks that every page answers 200,
then loads each page in turn for a fixed time. Results go to the terminal as a Markdown
table and to ``var/bench/results.json`` and ``.md``. gunicorn is stopped at the end, also
on failure or Ctrl-C. Only the standard library is used here; Django runs in the
subprocesses. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).resolve().parent / "load.lua"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/socialearn_bench"
BENCH_PASSWORD = "bench-password"  # noqa: S105 (documented load-test login, see seed_bench)
PROBE_MARKER = "BENCH_PROBE "
WRK_MARKER = "BENCH_WRK "


@dataclass(frozen=True)
class Targets:
    floor_ratio_pct: float = 10.0
    p95_ms: float = 50.0
    queries: int = 12
    worker_rss_mb: float = 200.0


TARGETS = Targets()


class BenchError(Exception):
    """Ends the run with a message (exit status 1)."""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str


def default_results_path() -> Path:
    var = Path(os.environ.get("VAR_DIR") or ROOT / "var")
    if not var.is_absolute():
        var = ROOT / var
    return var / "bench" / "results.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run",
        description="Load SociaLearn's main pages with wrk; report req/s, latency and queries.",
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds per page (15)")
    parser.add_argument(
        "--warmup", type=int, default=2, help="unmeasured seconds before each page (2; 0: none)"
    )
    parser.add_argument("--port", type=int, default=8123, help="gunicorn port (8123)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    parser.add_argument(
        "--sessions", type=int, default=8, help="bench people signed in, requests rotate (8)"
    )
    parser.add_argument("--query", default="learning", help="search word (learning)")
    parser.add_argument(
        "--json",
        type=Path,
        default=default_results_path(),
        help="results file; the Markdown goes beside it with .md (var/bench/results.json)",
    )
    seeding = parser.add_mutually_exclusive_group()
    seeding.add_argument(
        "--seed",
        action="store_true",
        help="migrate and run seed_bench (default sizes) first; a no-op when seeded",
    )
    seeding.add_argument(
        "--skip-seed",
        action="store_true",
        help="do not seed (the default: seeding is a separate step)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 3 when a target is missed"
    )
    args = parser.parse_args(argv)
    if min(args.duration, args.connections, args.threads, args.workers, args.sessions) < 1:
        parser.error("--duration, --connections, --threads, --workers, --sessions must be >= 1")
    if args.warmup < 0:
        parser.error("--warmup must be >= 0")
    args.threads = min(args.threads, args.connections)
    args.json = args.json if args.json.is_absolute() else Path.cwd() / args.json
    return args


def say(text: str) -> None:
    print(text, flush=True)


# --- Processes ------------------------------------------------------------------------


def venv_python() -> Path:
    """The project's Python: the running one inside a virtualenv, else .venv's."""
    if sys.prefix != sys.base_prefix:
        return Path(sys.executable)
    candidate = ROOT / ".venv" / "bin" / "python"
    return candidate if candidate.exists() else Path(sys.executable)


def bench_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env["DEBUG"] = "false"
    env["ROOT_URLCONF"] = "bench.urls"
    # Served on 127.0.0.1 only: a deployment's ALLOWED_HOSTS would switch on the HTTPS
    # redirect and secure cookies, which a plain-HTTP load test cannot follow.
    env.pop("ALLOWED_HOSTS", None)
    env.setdefault("LOG_LEVEL", "WARNING")
    env["BENCH_QUERY"] = args.query
    env["BENCH_USERS"] = str(args.sessions)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def manage(env: dict[str, str], *command: str) -> str:
    """Run manage.py; its output is returned, and shown when it fails."""
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [str(venv_python()), "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(
            f"manage.py {' '.join(command)} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return result.stdout


def marked_json(output: str, marker: str) -> dict[str, Any]:
    for line in output.splitlines():
        if line.startswith(marker):
            return json.loads(line.removeprefix(marker))
    raise BenchError(f"no {marker.strip()} line in:\n{output[-3000:]}")


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def is_gunicorn(pid: int) -> bool:
    try:
        return b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Server:
    """gunicorn with sync workers, started and stopped by its PID."""

    def __init__(self, *, port: int, workers: int, env: dict[str, str], log: Path) -> None:
        self.port = port
        self.workers = workers
        self.env = env
        self.log_path = log
        self.process: subprocess.Popen[bytes] | None = None
        self.log: TextIO | None = None

    def start(self) -> None:
        if port_in_use(self.port):
            raise BenchError(f"port {self.port} is in use: pick another with --port")
        gunicorn = venv_python().parent / "gunicorn"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (fixed command)
            [
                str(gunicorn), "socialearn.wsgi",
                "--workers", str(self.workers),
                "--bind", f"127.0.0.1:{self.port}",
                "--graceful-timeout", "5",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def wait_healthy(self, timeout: float = 60) -> None:
        if self.process is None:
            raise BenchError("gunicorn is not running")
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                response = request(self.port, "GET", "/healthz", timeout=5)
            except OSError as exc:
                last = str(exc)
            else:
                if response.status == 200:
                    return
                last = f"{response.status} {response.body[:300]}"
            time.sleep(0.3)
        raise BenchError(
            f"/healthz did not answer 200 in {timeout:.0f} s ({last}):\n{self.log_tail()}"
        )

    def worker_rss(self) -> list[dict[str, Any]]:
        if self.process is None:
            return []
        found = []
        for pid in children(self.process.pid):
            mb = rss_mb(pid)
            if mb is not None:
                found.append({"pid": pid, "rss_mb": round(mb, 1)})
        return found

    def stop(self) -> None:
        if self.process is None:
            return
        workers = children(self.process.pid)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pid in workers:
            if is_gunicorn(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if self.log is not None:
            self.log.close()
        self.process = None


# --- HTTP -----------------------------------------------------------------------------


def request(
    port: int,
    method: str,
    path: str,
    *,
    cookie: str = "",
    form: dict[str, str] | None = None,
    timeout: float = 30,
) -> Response:
    """One request, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        raw = conn.getresponse()
        return Response(raw.status, raw.headers, raw.read().decode("utf-8", "replace"))
    finally:
        conn.close()


def cookies_of(response: Response) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, email: str) -> str:
    """Sign in through allauth's form like a browser; returns the Cookie header value."""
    page = request(port, "GET", "/accounts/login/")
    csrf_cookie = cookies_of(page).get("csrftoken", "")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or not csrf_cookie or not match:
        raise BenchError(f"sign-in page: {page.status}, no CSRF token for {email}")
    answer = request(
        port,
        "POST",
        "/accounts/login/",
        cookie=f"csrftoken={csrf_cookie}",
        form={"login": email, "password": BENCH_PASSWORD, "csrfmiddlewaretoken": match[1]},
    )
    session = cookies_of(answer).get("sessionid")
    location = answer.headers.get("Location", "")
    if answer.status != 302 or not session or "/accounts/" in location:
        raise BenchError(
            f"could not sign in as {email}: {answer.status} -> {location or '(no redirect)'}"
        )
    return f"sessionid={session}"


# --- wrk ------------------------------------------------------------------------------


def run_wrk(
    wrk: str, url: str, *, cookies: list[str], seconds: int, args: argparse.Namespace
) -> dict[str, Any]:
    command = [
        wrk, "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds}s",
        "--latency", "--timeout", "10s", "-s", str(LUA_SCRIPT), url, "--", *cookies,
    ]  # fmt: skip
    result = subprocess.run(  # noqa: S603 (wrk from PATH, fixed arguments)
        command, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    if result.returncode != 0:
        raise BenchError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    return marked_json(result.stdout, WRK_MARKER)


def page_result(page: dict[str, Any], raw: dict[str, Any], floor_rps: float | None) -> None:
    """Adds rate, latency, errors, share of the floor and the verdict to page."""
    seconds = raw["duration_us"] / 1e6 or 1
    socket_errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    rps = raw["requests"] / seconds
    page |= {
        "requests": raw["requests"],
        "rps": round(rps, 1),
        "mean_ms": round(raw["mean_us"] / 1000, 2),
        **{f"p{p}_ms": round(raw[f"p{p}_us"] / 1000, 2) for p in (50, 75, 90, 95, 99)},
        "max_ms": round(raw["max_us"] / 1000, 2),
        "non_2xx": raw["non_2xx"],
        "socket_errors": socket_errors,
        "errors": raw["non_2xx"] + socket_errors,
        "kb_per_response": round(raw["bytes"] / max(raw["requests"], 1) / 1024, 1),
    }
    page["floor_ratio_pct"] = round(100 * rps / floor_rps, 1) if floor_rps else 100.0
    page["status"] = "ok" if page["requests"] > 0 and page["errors"] == 0 else "errors"
    misses = []
    if page["errors"]:
        misses.append("errors")
    if page["name"] != "floor":
        if page["floor_ratio_pct"] < TARGETS.floor_ratio_pct:
            misses.append("rate")
        if page["p95_ms"] >= TARGETS.p95_ms:
            misses.append("p95")
        if page["queries"] > TARGETS.queries:
            misses.append("queries")
    page["misses"] = misses
    page["pass"] = not misses


# --- Report ---------------------------------------------------------------------------


def describe_database(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    engine = {"postgres": "postgresql", "postgresql": "postgresql", "pgsql": "postgresql"}.get(
        parts.scheme, parts.scheme
    )
    name = Path(parts.path).name if engine == "sqlite" else parts.path.lstrip("/")
    return {"engine": engine, "name": name}


def markdown(results: dict[str, Any]) -> str:
    s = results["settings"]
    db = results["database"]
    lines = [
        f"Measured {results['date']} on {results['machine']['cpus']} CPUs "
        f"({results['machine']['platform']}, load average {results['machine']['load_before']}"
        f" before the run); {db['engine']} `{db['name']}`, cache "
        f"{results['cache']}; gunicorn {s['workers']} sync workers; wrk {s['threads']} threads, "
        f"{s['connections']} connections, {s['duration']} s per page after {s['warmup']} s "
        f"of warm-up; requests rotate over {s['sessions']} signed-in people.",
        "",
        "| Page | URL | req/s | p50 ms | p95 ms | errors | % of floor | SQL queries "
        "| alone ms (SQL) | result |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in results["pages"]:
        verdict = "pass" if page["pass"] else "miss: " + ", ".join(page["misses"])
        lines.append(
            f"| {page['name']} | `{page['path']}` | {page['rps']:.1f} | {page['p50_ms']:.1f} | "
            f"{page['p95_ms']:.1f} | {page['errors']} | {page['floor_ratio_pct']:.1f} | "
            f"{page['queries']} | {page['server_ms']:.0f} ({page['sql_ms']:.0f}) | {verdict} |"
        )
    workers = results["workers"]
    rss = ", ".join(f"{w['rss_mb']:.0f}" for w in workers) or "not measured"
    verdict = "pass" if results["workers_pass"] else "miss"
    lines += [
        "",
        f"gunicorn worker memory after the run (VmRSS): {rss} MB "
        f"(target < {TARGETS.worker_rss_mb:.0f} MB): {verdict}.",
        "",
        f"Targets: at least {TARGETS.floor_ratio_pct:.0f} % of the floor's rate, p95 under "
        f"{TARGETS.p95_ms:.0f} ms, at most {TARGETS.queries} SQL queries, no errors. "
        '"alone": one request at a time through Django\'s test client, median of three, and '
        "the part of it spent in SQL.",
    ]
    return "\n".join(lines) + "\n"


# --- Run ------------------------------------------------------------------------------


def measure(args: argparse.Namespace, env: dict[str, str], wrk: str) -> dict[str, Any]:
    if port_in_use(args.port):
        raise BenchError(f"port {args.port} is in use: pick another with --port")
    load = os.getloadavg()[0]
    if load > 0.5:
        say(f"Warning: the load average is {load:.2f}; other work on this machine skews results.")
    results_dir = args.json.parent
    results_dir.mkdir(parents=True, exist_ok=True)
    if args.seed:
        say("Migrating and seeding (seed_bench; nothing happens when already seeded)...")
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        say(manage(env, "seed_bench").rstrip())
    say("Collecting static files...")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    say("Picking pages and counting their SQL queries...")
    found = marked_json(
        manage(env, "shell", "-c", "from bench.probe import main; main()"), PROBE_MARKER
    )
    if "error" in found:
        raise BenchError(
            f"No bench data: {found['error']}. Run `manage.py seed_bench` on this database "
            "first (see docs/performance.md)."
        )
    pages: list[dict[str, Any]] = found["pages"]
    for page in pages:
        if page["status"] != 200:
            raise BenchError(f"{page['path']} answered {page['status']} to the test client")
    people: list[str] = found["people"]

    server = Server(port=args.port, workers=args.workers, env=env, log=results_dir / "gunicorn.log")
    try:
        server.start()
        say(f"gunicorn on 127.0.0.1:{args.port} (log: {server.log_path}); waiting for /healthz...")
        server.wait_healthy()
        say(f"Signing in {len(people)} bench people...")
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            cookies = list(pool.map(lambda email: sign_in(args.port, email), people))
        for email, cookie in zip(people, cookies, strict=True):
            answer = request(args.port, "GET", "/", cookie=cookie)
            if answer.status != 200:
                raise BenchError(f"/ answered {answer.status} for {email} after sign-in")
        for page in pages:
            answer = request(args.port, "GET", page["path"], cookie=cookies[0])
            if answer.status != 200:
                where = answer.headers.get("Location", "")
                raise BenchError(
                    f"{page['path']} answered {answer.status} {where} (signed in as {people[0]})"
                    f":\n{server.log_tail()}"
                )
            page["http_status"] = answer.status
        floor_rps = None
        for page in pages:
            url = f"http://127.0.0.1:{args.port}{page['path']}"
            if args.warmup:
                run_wrk(wrk, url, cookies=cookies, seconds=args.warmup, args=args)
            raw = run_wrk(wrk, url, cookies=cookies, seconds=args.duration, args=args)
            page_result(page, raw, floor_rps)
            if page["name"] == "floor":
                floor_rps = page["rps"]
            say(
                f"  {page['name']:<7} {page['rps']:8.1f} req/s  p50 {page['p50_ms']:6.1f} ms  "
                f"p95 {page['p95_ms']:6.1f} ms  errors {page['errors']}  "
                f"queries {page['queries']}"
            )
        workers = server.worker_rss()
    finally:
        server.stop()

    database_url = env["DATABASE_URL"]
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(terse=True),
            "python": platform.python_version(),
            "load_before": round(load, 2),
        },
        "database": describe_database(database_url),
        "cache": (
            "Redis, sessions cached_db"
            if env.get("REDIS_URL")
            else "local memory, sessions in the database"
        ),
        "settings": {
            "duration": args.duration,
            "warmup": args.warmup,
            "connections": args.connections,
            "threads": args.threads,
            "workers": args.workers,
            "sessions": len(people),
            "query": args.query,
        },
        "targets": {
            "floor_ratio_pct": TARGETS.floor_ratio_pct,
            "p95_ms": TARGETS.p95_ms,
            "queries": TARGETS.queries,
            "worker_rss_mb": TARGETS.worker_rss_mb,
        },
        "pages": pages,
        "workers": workers,
        "workers_pass": bool(workers) and all(w["rss_mb"] < TARGETS.worker_rss_mb for w in workers),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        say("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk).")
        return 1
    # A plain `kill` stops gunicorn too: SystemExit runs the cleanup like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = bench_env(args)
    try:
        results = measure(args, env, wrk)
    except BenchError as exc:
        say(f"bench/run failed: {exc}")
        return 1
    except KeyboardInterrupt:
        say("Interrupted; gunicorn stopped.")
        return 130
    report = markdown(results)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    args.json.with_suffix(".md").write_text(report)
    say("")
    say(report)
    say(f"Results: {args.json} and {args.json.with_suffix('.md')}")
    if any(page["status"] != "ok" for page in results["pages"]):
        return 1
    missed = not results["workers_pass"] or not all(page["pass"] for page in results["pages"])
    return 3 if args.strict and missed else 0
