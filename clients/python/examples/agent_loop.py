"""An agent loop with memp: recall procedures before each task, learn from the episode after it.

The "agent" is a scripted stand-in for an LLM on a toy support desk (no model, no key needed): without memory it
tries to refund straight away, fails, looks the order up and tries again; with a recalled procedure it replays the
procedure's actions for the new order. A real agent puts ``recalled["rendered"]`` into its prompt instead.

Run a server first (``memp serve``), then::

    python clients/python/examples/agent_loop.py --url http://127.0.0.1:8787 --namespace support-demo
"""

from __future__ import annotations

import argparse
import os
import re
from typing import Dict, List, Sequence, Set, Tuple

from memp_client import MempClient, RetrieveResponse, Step, TrajectoryInput

TASKS = [
    "refund order A17: the mug arrived broken",
    "refund order B42: the lamp arrived broken",
    "refund order C99: the chair arrived broken",
]


class SupportDesk:
    """A toy environment: a refund needs the order looked up first."""

    def __init__(self) -> None:
        self.looked_up: Set[str] = set()

    def act(self, action: str) -> Tuple[str, bool]:
        """Runs a tool call like ``lookup_order(A17)``; returns the observation and whether the refund went through."""
        match = re.fullmatch(r"(\w+)\((\w+)\)", action)
        if not match:
            return f"unknown action {action!r}", False
        tool, order = match.groups()
        if tool == "lookup_order":
            self.looked_up.add(order)
            return f"order {order}: 1 item, damaged in transit", False
        if tool == "issue_refund":
            if order not in self.looked_up:
                return "error: look the order up before refunding it", False
            return f"refund for {order} issued", True
        return f"unknown tool {tool}", False


def order_of(task: str) -> str:
    """The order id a task names."""
    found = re.search(r"order (\w+)", task)
    return found.group(1) if found else "?"


def plan(task: str, recalled: RetrieveResponse) -> List[str]:
    """The actions to try: the best recalled procedure's, for this task's order, or the naive guess."""
    order = order_of(task)
    for result in recalled["results"]:
        steps = result["memory"].get("steps") or []
        if steps:
            return [re.sub(r"\((\w+)\)", f"({order})", s["action"]) for s in steps]
    return [f"issue_refund({order})", f"lookup_order({order})", f"issue_refund({order})"]


def run_episode(task: str, actions: Sequence[str]) -> Tuple[List[Step], bool]:
    """Runs the actions until the refund goes through."""
    desk = SupportDesk()
    steps: List[Step] = []
    for action in actions:
        observation, done = desk.act(action)
        steps.append({"action": action, "observation": observation})
        if done:
            return steps, True
    return steps, False


def main(argv: Sequence[str] = ()) -> Dict[str, int]:
    """Runs the loop over :data:`TASKS` and prints what happened; returns the steps taken per task."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=os.environ.get("MEMP_URL", "http://127.0.0.1:8787"))
    parser.add_argument("--api-key", default=os.environ.get("MEMP_API_KEY"))
    parser.add_argument("--namespace", default="support-demo")
    args = parser.parse_args(list(argv) or None)

    memp = MempClient(args.url, api_key=args.api_key, namespace=args.namespace, timeout=10)
    taken: Dict[str, int] = {}
    for task in TASKS:
        # 1. Recall before the task: the prompt text goes into a real agent's context.
        recalled = memp.retrieve(task, k=2, render="markdown")
        used = [r["memory"]["id"] for r in recalled["results"]]
        print(f"task: {task}")
        print(f"  recalled {len(used)} memories ({recalled.get('renderedTokens', 0)} prompt tokens)")

        # 2. Act.
        steps, success = run_episode(task, plan(task, recalled))
        for step in steps:
            print(f"  > {step['action']}  ->  {step.get('observation', '')}")

        # 3. Learn after it: the episode, and which memories it used (they get a hit and are adjusted).
        trajectory: TrajectoryInput = {"task": task, "steps": steps, "outcome": {"success": success}}
        learned = memp.learn(trajectory, used=used)
        print(
            f"  {'succeeded' if success else 'failed'} in {len(steps)} steps; "
            f"learned: created={learned.get('created', '-')} adjusted={len(learned['adjusted'])}"
        )
        taken[task] = len(steps)
    stats = memp.stats()
    print(f"namespace {args.namespace}: {stats['memories']} memories from {stats['trajectories']} episodes")
    return taken


if __name__ == "__main__":
    main()
