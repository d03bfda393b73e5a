"""memp_client: a Python client for the memp HTTP API (procedural memory for AI agents).

Start a server with ``memp serve``, then::

    from memp_client import MempClient

    memp = MempClient("http://127.0.0.1:8787", namespace="support")
    recalled = memp.retrieve("refund order A17", k=3, render="markdown")
    ...  # run the agent with recalled["rendered"] in its prompt
    memp.learn(trajectory, used=[r["memory"]["id"] for r in recalled["results"]])
"""

from .async_client import AsyncMempClient
from .client import MempClient
from .errors import MempApiError, MempClientError, MempConnectionError, MempTimeoutError
from .models import (
    ErrorCode,
    ImportResult,
    LearnItem,
    LearnResult,
    Memory,
    MemoryDetail,
    MemoryKind,
    MemoryPage,
    MemoryStats,
    MemoryStatus,
    OutcomeInput,
    OutcomeResponse,
    Provenance,
    Render,
    RenderFormat,
    Rendering,
    RetrievePolicy,
    RetrieveResponse,
    RetrieveResult,
    Revision,
    Stats,
    Step,
    TrajectoryInput,
    Whoami,
)
from .retry import RETRYABLE_STATUSES, RetryPolicy

__version__ = "0.1.0"

__all__ = [
    "AsyncMempClient",
    "ErrorCode",
    "ImportResult",
    "LearnItem",
    "LearnResult",
    "Memory",
    "MemoryDetail",
    "MemoryKind",
    "MemoryPage",
    "MemoryStats",
    "MemoryStatus",
    "MempApiError",
    "MempClient",
    "MempClientError",
    "MempConnectionError",
    "MempTimeoutError",
    "OutcomeInput",
    "OutcomeResponse",
    "Provenance",
    "RETRYABLE_STATUSES",
    "Render",
    "RenderFormat",
    "Rendering",
    "RetrievePolicy",
    "RetrieveResponse",
    "RetrieveResult",
    "RetryPolicy",
    "Revision",
    "Stats",
    "Step",
    "TrajectoryInput",
    "Whoami",
    "__version__",
]
