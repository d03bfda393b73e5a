"""API keys against a real keyed ``memp serve`` (UNAUTHORIZED, FORBIDDEN), and the asyncio client."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from pathlib import Path
from typing import Dict, Iterator

import pytest

from conftest import MempServer, memp_cli, refund_episode, start_server, stop_server
from memp_client import AsyncMempClient, MempApiError, MempClient


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, str]]:
    """A server with keys: an admin key for every namespace, a read key and a write key for ``team``."""
    db: Path = tmp_path_factory.mktemp("keyed") / "memp.db"
    admin = json.loads(memp_cli(db, "--json", "--namespace", "*", "keys", "create", "--role", "admin"))["key"]
    server: MempServer = start_server(db)
    keys = {
        "admin": admin,
        "read": create_key(server.url, admin, "read"),
        "write": create_key(server.url, admin, "write"),
    }
    yield {"url": server.url, **keys}
    stop_server(server)


def create_key(url: str, admin: str, role: str) -> str:
    """A key for namespace ``team`` made over HTTP with the admin key (one CLI start fewer per key)."""
    body = json.dumps({"namespace": "team", "role": role}).encode()
    headers = {"Authorization": f"Bearer {admin}", "Content-Type": "application/json"}
    with urllib.request.urlopen(urllib.request.Request(f"{url}/v1/keys", body, headers, method="POST")) as res:
        return str(json.loads(res.read())["key"])


def test_no_key_is_unauthorized(keyed: Dict[str, str]) -> None:
    with pytest.raises(MempApiError) as caught:
        MempClient(keyed["url"], namespace="team").retrieve("a task")
    assert (caught.value.code, caught.value.status) == ("UNAUTHORIZED", 401)


def test_a_wrong_key_is_unauthorized(keyed: Dict[str, str]) -> None:
    with pytest.raises(MempApiError) as caught:
        MempClient(keyed["url"], api_key="memp_0000_not-a-key", namespace="team").retrieve("a task")
    assert (caught.value.code, caught.value.status) == ("UNAUTHORIZED", 401)


def test_a_read_key_reads_but_may_not_learn_or_leave_its_namespace(keyed: Dict[str, str]) -> None:
    writer = MempClient(keyed["url"], api_key=keyed["write"], namespace="team")
    created = writer.learn(refund_episode())["created"]
    reader = MempClient(keyed["url"], api_key=keyed["read"], namespace="team")
    assert created in [r["memory"]["id"] for r in reader.retrieve("refund a damaged order")["results"]]
    assert reader.whoami()["role"] == "read"

    with pytest.raises(MempApiError) as learn:
        reader.learn(refund_episode())
    assert (learn.value.code, learn.value.status) == ("FORBIDDEN", 403)
    with pytest.raises(MempApiError) as other:
        reader.retrieve("a task", namespace="elsewhere")
    assert (other.value.code, other.value.status) == ("FORBIDDEN", 403)


def test_async_client_runs_calls_concurrently_and_raises_the_same_errors(server: MempServer, namespace: str) -> None:
    async def scenario() -> None:
        memp = AsyncMempClient(server.url, namespace=namespace)
        learned = await asyncio.gather(*(memp.learn(refund_episode(f"E{i}")) for i in range(4)))
        assert len({r["trajectoryId"] for r in learned}) == 4
        recalled, page, stats = await asyncio.gather(
            memp.retrieve("refund order E9 damaged", k=2), memp.list_memories(), memp.stats()
        )
        assert len(recalled["results"]) == 2
        assert len(page["memories"]) == stats["memories"]
        exported = await memp.export()
        imported = await memp.import_(exported, namespace=f"{namespace}-async")
        assert imported["imported"] == stats["memories"]
        with pytest.raises(MempApiError) as caught:
            await memp.get_memory("missing")
        assert caught.value.code == "NOT_FOUND"

    asyncio.run(scenario())
