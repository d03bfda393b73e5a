"""Typed shapes of the memp HTTP API (``/openapi.json``), as ``TypedDict``s.

Requests are plain dicts, so a trajectory can be written as a literal; responses are the decoded JSON, typed.
Field names are the API's (camelCase). A ``*Base`` class holds the required keys, the class deriving from it the
optional ones (``total=False``), which keeps the module importable on Python 3.9.
"""

from __future__ import annotations

from typing import Any, Dict, List, Literal, TypedDict, Union

MemoryKind = Literal["trajectory", "script", "proceduralization"]
"""What a memory holds: the raw trajectory, an abstract script, or both."""

MemoryStatus = Literal["active", "deprecated"]
"""Active memories are retrieved; deprecated ones are kept but never retrieved."""

RetrievePolicy = Literal["random", "query", "avefact"]
"""A retrieval policy name (the server validates it; see ``RETRIEVE_POLICY_NAMES``)."""

RenderFormat = Literal["memp", "markdown"]
"""A prompt rendering format."""

ErrorCode = Literal[
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "CONFLICT",
    "EMBEDDER_MISMATCH",
    "UNAUTHORIZED",
    "FORBIDDEN",
    "STORAGE_FAILED",
    "PROVIDER_FAILED",
    "PROVIDER_OUTPUT_INVALID",
    "BUDGET_EXCEEDED",
    "PAYLOAD_TOO_LARGE",
    "UNAVAILABLE",
    "INTERNAL",
    "IDEMPOTENCY_KEY_REUSED",
]
"""The server's stable error codes (``ERROR_CODES`` in ``core/errors.ts``)."""

JsonObject = Dict[str, Any]
"""A JSON object (``meta``, error ``details``)."""


class _StepBase(TypedDict):
    action: str


class Step(_StepBase, total=False):
    """One turn of an agent: what it thought, what it did, what the environment answered."""

    thought: str
    observation: str


class _OutcomeInputBase(TypedDict):
    success: bool


class OutcomeInput(_OutcomeInputBase, total=False):
    """How an episode ended; ``steps`` defaults to the number of steps."""

    reward: float
    steps: int


class _TrajectoryInputBase(TypedDict):
    task: str
    steps: List[Step]
    outcome: OutcomeInput


class TrajectoryInput(_TrajectoryInputBase, total=False):
    """A finished episode as submitted to ``learn``: at least one step; id and namespace are optional."""

    id: str
    namespace: str
    model: str
    env: str
    used: List[str]
    meta: JsonObject


class _LearnItemBase(TypedDict):
    trajectory: TrajectoryInput


class LearnItem(_LearnItemBase, total=False):
    """One episode of a batch: the trajectory and the ids of the memories it used."""

    used: List[str]


class _MemoryStatsBase(TypedDict):
    retrieved: int
    succeeded: int
    failed: int


class MemoryStats(_MemoryStatsBase, total=False):
    """Usage counters: hits (``retrieved``) split by outcome."""

    lastUsedAt: str


class _ProvenanceBase(TypedDict):
    builtBy: str
    # "from" is a Python keyword: read it as memory["provenance"]["from"].
    embedder: str


class Provenance(_ProvenanceBase, total=False):
    """Where a memory came from: who built it, from which trajectories (key ``from``), embedded by what."""

    imported: JsonObject
    pendingRebuild: bool


class _MemoryBase(TypedDict):
    id: str
    namespace: str
    task: str
    keywords: List[str]
    kind: MemoryKind
    status: MemoryStatus
    stats: MemoryStats
    provenance: Provenance
    version: int
    createdAt: str
    updatedAt: str


class Memory(_MemoryBase, total=False):
    """One procedural memory. ``version`` grows by one with every content or status change."""

    steps: List[Step]
    script: str
    meta: JsonObject


class _RevisionBase(TypedDict):
    memoryId: str
    version: int
    before: JsonObject
    statusBefore: MemoryStatus
    reason: Literal["adjustment", "edit", "merge", "deprecation", "retention"]
    at: str


class Revision(_RevisionBase, total=False):
    """The state of a memory before the change that produced ``version``."""

    note: str


class RetrieveResult(TypedDict):
    """One retrieved memory, its score and the key it was matched on."""

    memory: Memory
    score: float
    key: Literal["query", "keywords", "random"]


class Rendering(TypedDict):
    """The retrieved memories as prompt text in one format, with its token estimate."""

    format: RenderFormat
    text: str
    tokens: int


class _RetrieveResponseBase(TypedDict):
    results: List[RetrieveResult]


class RetrieveResponse(_RetrieveResponseBase, total=False):
    """Response of ``retrieve``, best first.

    ``rendered`` is there when ``render`` was asked, ``renderings`` with ``render_all``.
    """

    rendered: str
    renderedTokens: int
    renderings: List[Rendering]


class _LearnResultBase(TypedDict):
    trajectoryId: str
    adjusted: List[str]
    deprecated: List[str]


class LearnResult(_LearnResultBase, total=False):
    """What learning one episode changed: the memory ``created`` (if any), those adjusted and deprecated."""

    created: str


class OutcomeResponse(TypedDict):
    """The memories after an outcome report, and the ids the report deprecated."""

    memories: List[Memory]
    deprecated: List[str]


class _MemoryPageBase(TypedDict):
    memories: List[Memory]


class MemoryPage(_MemoryPageBase, total=False):
    """A page of memories; ``next`` is the cursor of the next page when this one is full."""

    next: str
    matched: int


class MemoryDetail(TypedDict):
    """One memory and its revisions, oldest first."""

    memory: Memory
    revisions: List[Revision]


class _ImportResultBase(TypedDict):
    imported: int
    skipped: int
    trajectories: int
    reembedded: bool


class ImportResult(_ImportResultBase, total=False):
    """What an import brought in; ``reembedded`` when the export came from another embedder."""

    sourceEmbedder: str


class _StatsBase(TypedDict):
    namespace: str
    memories: int
    active: int
    deprecated: int
    byKind: Dict[str, int]
    trajectories: int
    revisions: int


class Stats(_StatsBase, total=False):
    """Counts for a namespace."""

    space: JsonObject


class _WhoamiBase(TypedDict):
    role: Literal["read", "write", "admin"]
    namespace: str
    anonymous: bool
    runs: bool


class Whoami(_WhoamiBase, total=False):
    """The role and namespace of the presented key."""

    keyId: str


Render = Union[bool, RenderFormat]
"""``render`` of ``retrieve``: ``True`` for the server's format, or a format name."""
