"""Fixtures: a real ``memp serve`` (the built CLI) on SQLite in a temp dir and on PostgreSQL, and helpers.

The CLI is ``packages/memp/dist/cli/main.js`` of this checkout (build it first: ``npm run build``), or ``$MEMP_CLI``.
PostgreSQL is the memp suite's throwaway cluster (``startThrowawayPostgres``: PostgreSQL 15 with pgvector, installed
with apt when missing, as root), started once per session by ``throwaway-postgres.mjs``; ``$MEMP_TEST_DATABASE_URL``
uses an existing database instead, and ``MEMP_PY_SKIP_POSTGRES=1`` skips the PostgreSQL runs. When the cluster cannot
be started the PostgreSQL runs fail with the reason (as in the memp suite, they are not skipped silently).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator, List, Optional, Union

import pytest

from memp_client import MempClient, RetryPolicy, TrajectoryInput

REPO_ROOT = Path(__file__).resolve().parents[3]
CLI = Path(os.environ.get("MEMP_CLI", REPO_ROOT / "packages" / "memp" / "dist" / "cli" / "main.js"))
START_TIMEOUT_S = 60.0


@dataclass
class MempServer:
    """A running ``memp serve``: its URL, store (a SQLite file or a PostgreSQL URL) and process."""

    url: str
    db: Union[Path, str]
    process: subprocess.Popen[str]
    log: List[str]


def memp_cli(db: Path, *args: str) -> str:
    """Runs the memp CLI on ``db`` and returns its stdout (raises when it fails)."""
    done = subprocess.run(
        ["node", str(CLI), "--db", str(db), *args], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"memp {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def _pump(stream: IO[str], lines: queue.Queue[Optional[str]], log: List[str]) -> None:
    for line in stream:
        log.append(line.rstrip("\n"))
        lines.put(line)
    lines.put(None)


def start_server(db: Union[Path, str]) -> MempServer:
    """Starts ``memp serve --port 0`` on ``db`` and waits for its "listening" line, which names the URL.

    ``db`` is a SQLite file, or a ``postgres://`` URL.
    """
    if not CLI.exists():
        raise RuntimeError(f"{CLI} does not exist: run `npm run build` at the repository root first")
    store = ["--database-url", db] if isinstance(db, str) else ["--db", str(db)]
    process = subprocess.Popen(
        ["node", str(CLI), *store, "serve", "--port", "0", "--grace", "1000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    lines: queue.Queue[Optional[str]] = queue.Queue()
    log: List[str] = []
    threading.Thread(target=_pump, args=(process.stderr, lines, log), daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=START_TIMEOUT_S)
        except queue.Empty:
            process.kill()
            raise RuntimeError(f"memp serve did not report listening within {START_TIMEOUT_S} s") from None
        if line is None:
            raise RuntimeError(f"memp serve exited {process.wait()}: {' | '.join(log)}")
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("msg") == "listening":
            return MempServer(url=record["url"], db=db, process=process, log=log)


def stop_server(server: MempServer) -> None:
    """SIGTERM, then wait for the graceful shutdown (kill after 10 s)."""
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MempServer]:
    """A keyless ``memp serve`` on SQLite, shared by the session (tests use their own namespaces)."""
    running = start_server(tmp_path_factory.mktemp("memp") / "memp.db")
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL database for the session (see the module docstring)."""
    if os.environ.get("MEMP_PY_SKIP_POSTGRES") == "1":
        pytest.skip("MEMP_PY_SKIP_POSTGRES=1")
    given = os.environ.get("MEMP_TEST_DATABASE_URL")
    if given:
        yield given
        return
    helper = subprocess.Popen(
        ["node", str(Path(__file__).with_name("throwaway-postgres.mjs"))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert helper.stdout is not None and helper.stdin is not None
    started = json.loads(helper.stdout.readline() or '{"error": "the helper exited without a word"}')
    if "url" not in started:
        helper.wait()
        raise RuntimeError(f"could not start a throwaway PostgreSQL: {started.get('error')}")
    yield str(started["url"])
    helper.stdin.close()
    helper.wait(timeout=30)


@pytest.fixture(scope="session")
def pg_server(postgres_url: str) -> Iterator[MempServer]:
    """A keyless ``memp serve`` on PostgreSQL, shared by the session."""
    running = start_server(postgres_url)
    yield running
    stop_server(running)


@pytest.fixture(params=["sqlite", "postgres"])
def store_server(request: pytest.FixtureRequest) -> MempServer:
    """The session's server on each store in turn (tests taking it run once per store)."""
    return request.getfixturevalue("server" if request.param == "sqlite" else "pg_server")  # type: ignore[no-any-return]


@pytest.fixture()
def namespace() -> str:
    """A fresh namespace for one test."""
    return f"py-{uuid.uuid4().hex[:12]}"


@pytest.fixture()
def client(store_server: MempServer, namespace: str) -> MempClient:
    """A client of the session's server on each store, in the test's namespace, with fast retries."""
    return MempClient(store_server.url, namespace=namespace, timeout=10, retry=RetryPolicy(backoff=0.05))


def refund_episode(order: str = "A17", success: bool = True) -> TrajectoryInput:
    """A small successful tool-calling episode."""
    return {
        "task": f"refund order {order} for a damaged item",
        "steps": [
            {"thought": "find the order", "action": f'lookup_order({{"id":"{order}"}})', "observation": "found"},
            {"action": f'issue_refund({{"id":"{order}","reason":"damaged"}})', "observation": "refunded"},
        ],
        "outcome": {"success": success},
    }
