"""The example agent loop runs against a real ``memp serve``: later tasks recall the first one's procedure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import MempServer

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "agent_loop.py"


def test_agent_loop_recalls_before_and_learns_after(server: MempServer, namespace: str) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), "--url", server.url, "--namespace", namespace],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    print(done.stdout)  # shown with `pytest -s`
    lines = done.stdout.splitlines()
    steps = [line for line in lines if "succeeded in" in line]
    assert len(steps) == 3
    assert "succeeded in 3 steps" in steps[0]  # no memory yet: a wrong first try
    assert all("succeeded in 2 steps" in line for line in steps[1:])  # the recalled procedure, replayed
    assert "recalled 0 memories" in lines[1] and "recalled 1 memories" in done.stdout
    assert lines[-1] == f"namespace {namespace}: 3 memories from 3 episodes"
