"""``MempClient``: the memp HTTP API from Python, on the standard library."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Union, cast
from urllib.parse import quote, urlencode

from .models import (
    ImportResult,
    LearnItem,
    LearnResult,
    Memory,
    MemoryDetail,
    MemoryKind,
    MemoryPage,
    MemoryStatus,
    OutcomeResponse,
    Render,
    RetrievePolicy,
    RetrieveResponse,
    Stats,
    TrajectoryInput,
    Whoami,
)
from .retry import RetryPolicy
from .transport import Request, Transport

JSONL = "application/x-ndjson"


def _json_body(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _drop_none(values: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _query(values: Dict[str, Any]) -> str:
    present = _drop_none(values)
    return f"?{urlencode(present)}" if present else ""


class MempClient:
    """A client of one memp server (``memp serve``), for one default namespace.

    Every method raises :class:`~memp_client.MempApiError` when the server answers with an error (its ``code`` is the
    server's, e.g. ``NOT_FOUND``), :class:`~memp_client.MempConnectionError` when it cannot be reached and
    :class:`~memp_client.MempTimeoutError` when it does not answer in time. 429 and 5xx answers and connection errors
    are retried per ``retry`` (honouring ``Retry-After``); a timed-out write is not retried unless the policy says so.

    Args:
        base_url: the server's URL, e.g. ``http://127.0.0.1:8787``.
        api_key: a key from ``memp keys create`` (sent as ``Authorization: Bearer``); ``None`` for a keyless server.
        namespace: the namespace used when a method is not given one.
        timeout: seconds to wait for each attempt (connect and read).
        retry: the retry policy; ``RetryPolicy(max_retries=0)`` disables retrying.
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: Optional[str] = None,
        namespace: str = "default",
        timeout: float = 30.0,
        retry: Optional[RetryPolicy] = None,
    ) -> None:
        self.namespace = namespace
        self._transport = Transport(base_url, api_key=api_key, timeout=timeout, retry=retry or RetryPolicy())

    @property
    def base_url(self) -> str:
        """The server's URL, without a trailing slash."""
        return self._transport.base_url

    def _ns(self, namespace: Optional[str], suffix: str) -> str:
        return f"/v1/namespaces/{quote(namespace or self.namespace, safe='')}{suffix}"

    def _post(self, path: str, body: Any, *, idempotent: bool = False) -> Any:
        return self._transport.send(Request("POST", path, _json_body(body), idempotent=idempotent)).json()

    def _get(self, path: str) -> Any:
        return self._transport.send(Request("GET", path)).json()

    # Retrieve and learn

    def retrieve(
        self,
        task: str,
        *,
        k: Optional[int] = None,
        min_score: Optional[float] = None,
        max_tokens: Optional[int] = None,
        policy: Optional[RetrievePolicy] = None,
        render: Optional[Render] = None,
        render_all: Optional[bool] = None,
        namespace: Optional[str] = None,
    ) -> RetrieveResponse:
        """The memories most likely to help with ``task``, best first.

        Args:
            task: the task about to be attempted.
            k: how many memories at most (1-100; the server's default otherwise).
            min_score: leave out memories scoring below it.
            max_tokens: cap the memories' rendered size.
            policy: the retrieval policy (``query``, ``avefact``, ``random``).
            render: also return them as prompt text (``True``: the server's format, or ``"memp"``/``"markdown"``).
            render_all: also return them rendered in every format, each with its token estimate.
            namespace: the namespace (the client's by default).
        """
        body = _drop_none(
            {
                "task": task,
                "k": k,
                "minScore": min_score,
                "maxTokens": max_tokens,
                "policy": policy,
                "render": render,
                "renderAll": render_all,
            }
        )
        return cast(RetrieveResponse, self._post(self._ns(namespace, "/retrieve"), body, idempotent=True))

    def learn(
        self,
        trajectory: TrajectoryInput,
        *,
        used: Optional[Sequence[str]] = None,
        namespace: Optional[str] = None,
    ) -> LearnResult:
        """Learns from one finished episode.

        Args:
            trajectory: the episode: ``task``, at least one step, and ``outcome`` with ``success``.
            used: ids of the memories recalled for it (from :meth:`retrieve`): each gets a hit and is adjusted.
            namespace: the namespace (the client's by default).
        """
        body: Dict[str, Any] = {"trajectory": trajectory}
        if used is not None:
            body["used"] = list(used)
        return cast(LearnResult, self._post(self._ns(namespace, "/learn"), body))

    def learn_batch(self, items: Sequence[LearnItem], *, namespace: Optional[str] = None) -> List[LearnResult]:
        """Learns from many episodes (1-1000), all or nothing; returns what each changed, in order."""
        answer = self._post(self._ns(namespace, "/learn/batch"), {"items": list(items)})
        return cast(List[LearnResult], answer["results"])

    def report_outcome(
        self, used: Sequence[str], success: bool, *, namespace: Optional[str] = None
    ) -> OutcomeResponse:
        """Reports whether recalled memories worked (without learning from the episode): one hit each.

        With no ids (nothing was recalled) nothing is sent and nothing changes; the server takes 1-100 ids.
        """
        if len(used) == 0:
            return {"memories": [], "deprecated": []}
        body = {"used": list(used), "success": success}
        return cast(OutcomeResponse, self._post(self._ns(namespace, "/outcomes"), body))

    # Memories

    def list_memories(
        self,
        *,
        status: Optional[MemoryStatus] = None,
        kind: Optional[MemoryKind] = None,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        q: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> MemoryPage:
        """One page of memories in creation order (``limit`` 1-1000, default 100), or filtered by text ``q``.

        Pass the page's ``next`` as ``after`` for the next page, or use :meth:`iter_memories`.
        """
        query = _query({"status": status, "kind": kind, "limit": limit, "after": after, "q": q})
        return cast(MemoryPage, self._get(self._ns(namespace, f"/memories{query}")))

    def iter_memories(
        self,
        *,
        status: Optional[MemoryStatus] = None,
        kind: Optional[MemoryKind] = None,
        page_size: int = 100,
        q: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> Iterator[Memory]:
        """Every memory matching the filters, page after page."""
        after: Optional[str] = None
        while True:
            page = self.list_memories(status=status, kind=kind, limit=page_size, after=after, q=q, namespace=namespace)
            yield from page["memories"]
            after = page.get("next")
            if after is None:
                return

    def get_memory(self, memory_id: str, *, namespace: Optional[str] = None) -> MemoryDetail:
        """One memory with its revisions (``NOT_FOUND`` when there is none with that id)."""
        return cast(MemoryDetail, self._get(self._ns(namespace, f"/memories/{quote(memory_id, safe='')}")))

    def deprecate(
        self,
        memory_id: str,
        *,
        version: Optional[int] = None,
        note: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> Memory:
        """Deprecates a memory: kept, no longer retrieved. With ``version``, ``CONFLICT`` when it changed since."""
        return self._lifecycle("deprecate", memory_id, version, note, namespace)

    def restore(
        self,
        memory_id: str,
        *,
        version: Optional[int] = None,
        note: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> Memory:
        """Makes a deprecated memory active again. With ``version``, ``CONFLICT`` when it changed since."""
        return self._lifecycle("restore", memory_id, version, note, namespace)

    def _lifecycle(
        self, action: str, memory_id: str, version: Optional[int], note: Optional[str], namespace: Optional[str]
    ) -> Memory:
        path = self._ns(namespace, f"/memories/{quote(memory_id, safe='')}/{action}")
        return cast(Memory, self._post(path, _drop_none({"version": version, "note": note})))

    # Export and import

    def export(self, *, embeddings: bool = False, namespace: Optional[str] = None) -> str:
        """The namespace as memp-export JSON lines (a header, memories with revisions, trajectories).

        Args:
            embeddings: include the vectors, so that an import into a store with the same embedder need not re-embed.
            namespace: the namespace (the client's by default).
        """
        query = "?embeddings=true" if embeddings else ""
        return self._transport.send(Request("GET", self._ns(namespace, f"/export{query}"))).text()

    def import_(
        self,
        data: Union[str, bytes, Iterable[str]],
        *,
        on_conflict: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> ImportResult:
        """Imports memp-export lines (as :meth:`export` returns them), all or nothing.

        Named ``import_`` because ``import`` is a Python keyword.

        Args:
            data: the export as text, bytes, or an iterable of lines.
            on_conflict: ``"error"`` (the default: ``CONFLICT`` when an id exists) or ``"skip"``.
            namespace: the namespace to import into (the client's by default).
        """
        if isinstance(data, bytes):
            body = data
        elif isinstance(data, str):
            body = data.encode("utf-8")
        else:
            body = "\n".join(line.rstrip("\n") for line in data).encode("utf-8")
        path = self._ns(namespace, f"/import{_query({'onConflict': on_conflict})}")
        request = Request("POST", path, body, content_type=JSONL, idempotent=False)
        return cast(ImportResult, self._transport.send(request).json())

    # Namespaces and the caller

    def namespaces(self) -> List[str]:
        """The namespaces holding memories that the key may see, sorted."""
        return cast(List[str], self._get("/v1/namespaces")["namespaces"])

    def stats(self, *, namespace: Optional[str] = None) -> Stats:
        """Counts for a namespace."""
        return cast(Stats, self._get(self._ns(namespace, "/stats")))

    def whoami(self) -> Whoami:
        """The role and namespace of the client's key."""
        return cast(Whoami, self._get("/v1/whoami"))

    def ready(self) -> bool:
        """Whether the server and its store answer (``/readyz``); raises when it does not answer at all."""
        return bool(self._get("/readyz").get("status") == "ready")
