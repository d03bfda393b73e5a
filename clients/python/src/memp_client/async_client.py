"""``AsyncMempClient``: the same calls as :class:`~memp_client.MempClient`, awaitable.

Each call runs the blocking client in a worker thread (``asyncio.to_thread``), so it needs no third-party HTTP
library; concurrency is bounded by the default executor's threads.
"""

from __future__ import annotations

import asyncio
from typing import Any, Iterable, List, Optional, Sequence, Union

from .client import MempClient
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


class AsyncMempClient:
    """An asyncio client of one memp server; the arguments and errors are those of :class:`MempClient`."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: Optional[str] = None,
        namespace: str = "default",
        timeout: float = 30.0,
        retry: Optional[RetryPolicy] = None,
    ) -> None:
        self.sync = MempClient(base_url, api_key=api_key, namespace=namespace, timeout=timeout, retry=retry)

    async def retrieve(
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
        """See :meth:`MempClient.retrieve`."""
        return await asyncio.to_thread(
            self.sync.retrieve,
            task,
            k=k,
            min_score=min_score,
            max_tokens=max_tokens,
            policy=policy,
            render=render,
            render_all=render_all,
            namespace=namespace,
        )

    async def learn(
        self, trajectory: TrajectoryInput, *, used: Optional[Sequence[str]] = None, namespace: Optional[str] = None
    ) -> LearnResult:
        """See :meth:`MempClient.learn`."""
        return await asyncio.to_thread(self.sync.learn, trajectory, used=used, namespace=namespace)

    async def learn_batch(self, items: Sequence[LearnItem], *, namespace: Optional[str] = None) -> List[LearnResult]:
        """See :meth:`MempClient.learn_batch`."""
        return await asyncio.to_thread(self.sync.learn_batch, items, namespace=namespace)

    async def report_outcome(
        self, used: Sequence[str], success: bool, *, namespace: Optional[str] = None
    ) -> OutcomeResponse:
        """See :meth:`MempClient.report_outcome`."""
        return await asyncio.to_thread(self.sync.report_outcome, used, success, namespace=namespace)

    async def list_memories(
        self,
        *,
        status: Optional[MemoryStatus] = None,
        kind: Optional[MemoryKind] = None,
        limit: Optional[int] = None,
        after: Optional[str] = None,
        q: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> MemoryPage:
        """See :meth:`MempClient.list_memories`."""
        return await asyncio.to_thread(
            self.sync.list_memories, status=status, kind=kind, limit=limit, after=after, q=q, namespace=namespace
        )

    async def get_memory(self, memory_id: str, *, namespace: Optional[str] = None) -> MemoryDetail:
        """See :meth:`MempClient.get_memory`."""
        return await asyncio.to_thread(self.sync.get_memory, memory_id, namespace=namespace)

    async def deprecate(self, memory_id: str, **kwargs: Any) -> Memory:
        """See :meth:`MempClient.deprecate`."""
        return await asyncio.to_thread(self.sync.deprecate, memory_id, **kwargs)

    async def restore(self, memory_id: str, **kwargs: Any) -> Memory:
        """See :meth:`MempClient.restore`."""
        return await asyncio.to_thread(self.sync.restore, memory_id, **kwargs)

    async def export(self, *, embeddings: bool = False, namespace: Optional[str] = None) -> str:
        """See :meth:`MempClient.export`."""
        return await asyncio.to_thread(self.sync.export, embeddings=embeddings, namespace=namespace)

    async def import_(
        self,
        data: Union[str, bytes, Iterable[str]],
        *,
        on_conflict: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> ImportResult:
        """See :meth:`MempClient.import_`."""
        return await asyncio.to_thread(self.sync.import_, data, on_conflict=on_conflict, namespace=namespace)

    async def namespaces(self) -> List[str]:
        """See :meth:`MempClient.namespaces`."""
        return await asyncio.to_thread(self.sync.namespaces)

    async def stats(self, *, namespace: Optional[str] = None) -> Stats:
        """See :meth:`MempClient.stats`."""
        return await asyncio.to_thread(self.sync.stats, namespace=namespace)

    async def whoami(self) -> Whoami:
        """See :meth:`MempClient.whoami`."""
        return await asyncio.to_thread(self.sync.whoami)
