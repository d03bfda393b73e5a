"""Fixtures: a real ``memp serve`` (the built CLI, SQLite in a temp dir) per test session, and helpers.

The CLI is ``packages/memp/dist/cli/main.js`` of this checkout (build it first: ``npm run build``), or ``$MEMP_CLI``.
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
from typing import IO, Iterator, List, Optional

import pytest

from memp_client import MempClient, RetryPolicy, TrajectoryInput

REPO_ROOT = Path(__file__).resolve().parents[3]
CLI = Path(os.environ.get("MEMP_CLI", REPO_ROOT / "packages" / "memp" / "dist" / "cli" / "main.js"))
START_TIMEOUT_S = 60.0


@dataclass
class MempServer:
    """A running ``memp serve``: its URL, database file and process."""

    url: str
    db: Path
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


def start_server(db: Path) -> MempServer:
    """Starts ``memp --db DB serve --port 0`` and waits for its "listening" line, which names the URL."""
    if not CLI.exists():
        raise RuntimeError(f"{CLI} does not exist: run `npm run build` at the repository root first")
    process = subprocess.Popen(
        ["node", str(CLI), "--db", str(db), "serve", "--port", "0", "--grace", "1000"],
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


@pytest.fixture()
def namespace() -> str:
    """A fresh namespace for one test."""
    return f"py-{uuid.uuid4().hex[:12]}"


@pytest.fixture()
def client(server: MempServer, namespace: str) -> MempClient:
    """A client of the session's server, in the test's namespace, with fast retries."""
    return MempClient(server.url, namespace=namespace, timeout=10, retry=RetryPolicy(backoff=0.05))


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
