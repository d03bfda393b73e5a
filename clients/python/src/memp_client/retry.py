"""When and how long to wait before trying a request again."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable, FrozenSet, Optional

RETRYABLE_STATUSES: FrozenSet[int] = frozenset({429, 500, 502, 503, 504})
"""Statuses retried by default: rate limited (429) and server-side failures (5xx)."""


@dataclass(frozen=True)
class RetryPolicy:
    """Retries with exponential backoff and full jitter, honouring ``Retry-After``.

    Attributes:
        max_retries: retries after the first attempt (0 disables retrying).
        backoff: the first delay in seconds; it doubles with each retry.
        max_backoff: the longest computed delay in seconds.
        max_retry_after: the longest ``Retry-After`` honoured in seconds; a longer one is not waited for and the error
            is raised at once (the server asked for more time than the caller budgets).
        statuses: the HTTP statuses retried.
        retry_timeouts_on_writes: also retry a write (learn, outcomes, import) that timed out. Off by default: the
            server may have applied it, and a second learn would count the episode twice.
    """

    max_retries: int = 3
    backoff: float = 0.25
    max_backoff: float = 8.0
    max_retry_after: float = 60.0
    statuses: FrozenSet[int] = field(default_factory=lambda: RETRYABLE_STATUSES)
    retry_timeouts_on_writes: bool = False

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("RetryPolicy.max_retries must be 0 or more")
        if self.backoff < 0 or self.max_backoff < 0 or self.max_retry_after < 0:
            raise ValueError("RetryPolicy delays must be 0 or more")

    def delay(self, attempt: int, retry_after: Optional[float], rand: Callable[[], float] = random.random) -> float:
        """The wait before retry number ``attempt`` (1-based): ``Retry-After`` when given, else jittered backoff."""
        if retry_after is not None:
            return max(0.0, retry_after)
        return float(rand() * min(self.max_backoff, self.backoff * (2 ** (attempt - 1))))


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; ``None`` when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
