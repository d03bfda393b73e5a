"""MempClient against a real ``memp serve`` (SQLite): every call, and the error codes the server answers."""

from __future__ import annotations

import json

import pytest

from conftest import MempServer, refund_episode
from memp_client import MempApiError, MempClient


def test_learn_then_retrieve_finds_the_memory_rendered(client: MempClient) -> None:
    learned = client.learn(refund_episode())
    assert learned["trajectoryId"]
    created = learned.get("created")
    assert created is not None

    recalled = client.retrieve("refund order B22 that arrived damaged", k=3, render="markdown", render_all=True)
    ids = [r["memory"]["id"] for r in recalled["results"]]
    assert created in ids
    assert recalled["results"][0]["score"] > 0
    assert "rendered" in recalled and recalled.get("renderedTokens", 0) > 0
    assert sorted(r["format"] for r in recalled.get("renderings", [])) == ["markdown", "memp"]


def test_retrieve_on_an_empty_namespace_returns_no_results(client: MempClient) -> None:
    assert client.retrieve("anything at all")["results"] == []


def test_learn_with_used_counts_a_hit_on_the_recalled_memory(client: MempClient) -> None:
    first = client.learn(refund_episode("A1"))["created"]
    recalled = [r["memory"]["id"] for r in client.retrieve("refund order A2 damaged")["results"]]
    assert first in recalled
    client.learn(refund_episode("A2"), used=recalled)
    stats = client.get_memory(first)["memory"]["stats"]
    assert stats["retrieved"] == 1 and stats["succeeded"] == 1


def test_learn_batch_answers_in_order_and_is_all_or_nothing(client: MempClient) -> None:
    results = client.learn_batch([{"trajectory": refund_episode("B1")}, {"trajectory": refund_episode("B2")}])
    assert len(results) == 2 and results[0]["trajectoryId"] != results[1]["trajectoryId"]
    before = client.stats()["trajectories"]

    bad = {"task": "no steps", "steps": [], "outcome": {"success": True}}
    with pytest.raises(MempApiError) as caught:
        client.learn_batch([{"trajectory": refund_episode("B3")}, {"trajectory": bad}])  # type: ignore[typeddict-item]
    assert (caught.value.code, caught.value.status) == ("INVALID_ARGUMENT", 400)
    assert client.stats()["trajectories"] == before


def test_report_outcome_counts_and_unknown_ids_are_not_found(client: MempClient) -> None:
    memory_id = client.learn(refund_episode())["created"]
    answer = client.report_outcome([memory_id], success=False)
    assert answer["memories"][0]["stats"]["failed"] == 1

    with pytest.raises(MempApiError) as caught:
        client.report_outcome(["no-such-memory"], success=True)
    assert (caught.value.code, caught.value.status) == ("NOT_FOUND", 404)


def test_list_pages_and_iterates_and_filters(client: MempClient) -> None:
    client.learn_batch([{"trajectory": refund_episode(f"C{i}")} for i in range(5)])
    page = client.list_memories(limit=2)
    assert len(page["memories"]) == 2 and "next" in page
    second = client.list_memories(limit=2, after=page["next"])
    assert {m["id"] for m in second["memories"]}.isdisjoint({m["id"] for m in page["memories"]})

    every = list(client.iter_memories(page_size=2))
    assert len(every) == client.stats()["memories"]
    assert len({m["id"] for m in every}) == len(every)

    filtered = client.list_memories(q="C3")
    assert filtered.get("matched", 0) >= 1
    assert all("C3" in json.dumps(m) for m in filtered["memories"])


def test_get_memory_has_revisions_and_a_missing_one_is_not_found(client: MempClient) -> None:
    memory_id = client.learn(refund_episode())["created"]
    detail = client.get_memory(memory_id)
    assert detail["memory"]["id"] == memory_id and detail["revisions"] == []

    with pytest.raises(MempApiError) as caught:
        client.get_memory("does-not-exist")
    assert (caught.value.code, caught.value.status) == ("NOT_FOUND", 404)


def test_deprecate_with_a_stale_version_is_a_conflict_and_restore_works(client: MempClient) -> None:
    memory_id = client.learn(refund_episode())["created"]
    deprecated = client.deprecate(memory_id, version=1, note="wrong")
    assert deprecated["status"] == "deprecated" and deprecated["version"] == 2
    with pytest.raises(MempApiError) as caught:
        client.restore(memory_id, version=1)
    assert (caught.value.code, caught.value.status) == ("CONFLICT", 409)
    assert client.restore(memory_id, version=2)["status"] == "active"


def test_export_then_import_round_trips_and_conflicts(client: MempClient, namespace: str) -> None:
    client.learn_batch([{"trajectory": refund_episode(f"D{i}")} for i in range(3)])
    exported = client.export()
    header = json.loads(exported.splitlines()[0])
    assert header  # the first line describes the export

    target = f"{namespace}-copy"
    result = client.import_(exported, namespace=target)
    assert result["imported"] == client.stats()["memories"] and result["skipped"] == 0
    assert sorted(m["task"] for m in client.iter_memories(namespace=target)) == sorted(
        m["task"] for m in client.iter_memories()
    )

    with pytest.raises(MempApiError) as caught:
        client.import_(exported.splitlines(), namespace=target)
    assert (caught.value.code, caught.value.status) == ("CONFLICT", 409)
    skipped = client.import_(exported.encode("utf-8"), namespace=target, on_conflict="skip")
    assert skipped["imported"] == 0 and skipped["skipped"] == result["imported"]


def test_schema_failures_are_invalid_argument_with_details(client: MempClient) -> None:
    with pytest.raises(MempApiError) as caught:
        client.retrieve("a task", k=0)
    assert (caught.value.code, caught.value.status) == ("INVALID_ARGUMENT", 400)
    assert isinstance(caught.value.details, dict)

    with pytest.raises(MempApiError) as bad_namespace:
        client.retrieve("a task", namespace="not a/namespace")
    assert (bad_namespace.value.code, bad_namespace.value.status) == ("INVALID_ARGUMENT", 400)


def test_namespaces_stats_whoami_ready(client: MempClient, namespace: str) -> None:
    client.learn(refund_episode())
    assert namespace in client.namespaces()
    stats = client.stats()
    assert (stats["namespace"], stats["memories"], stats["trajectories"]) == (namespace, 1, 1)
    me = client.whoami()
    assert me["anonymous"] is True and me["role"] == "admin"
    assert client.ready() is True


def test_base_url_and_timeout_are_checked(server: MempServer) -> None:
    with pytest.raises(ValueError):
        MempClient("127.0.0.1:8787")
    with pytest.raises(ValueError):
        MempClient(server.url, timeout=0)
    assert MempClient(server.url + "/").base_url == server.url


def test_report_outcome_with_no_ids_is_a_no_op(client: MempClient) -> None:
    # An agent loop that recalled nothing has nothing to report: no request (the server refuses an empty list).
    assert client.report_outcome([], success=True) == {"memories": [], "deprecated": []}
