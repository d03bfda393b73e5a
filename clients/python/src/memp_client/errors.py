"""Exceptions raised by the memp client.

Every failure is a :class:`MempClientError`: the server's answer as :class:`MempApiError` (with the server's stable
error ``code``), a network failure as :class:`MempConnectionError`, a request that took too long as
:class:`MempTimeoutError`.
"""

from __future__ import annotations

from typing import Any, Dict, Optional


class MempClientError(Exception):
    """Base class of every error this client raises."""


class MempApiError(MempClientError):
    """The server answered with an error body ``{"error": {"code", "message", "details"}}``.

    Attributes:
        code: the server's stable error code (``NOT_FOUND``, ``CONFLICT``, ``UNAUTHORIZED``, …), or ``HTTP_ERROR``
            when the answer had no memp error body (e.g. a proxy's HTML page).
        status: the HTTP status.
        message: the server's message.
        details: structured detail (the field at fault, the ids in conflict, …).
        retry_after: the ``Retry-After`` header in seconds, when the server sent one.
    """

    def __init__(
        self,
        code: str,
        status: int,
        message: str,
        details: Optional[Dict[str, Any]] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(f"{code} ({status}): {message}")
        self.code = code
        self.status = status
        self.message = message
        self.details: Dict[str, Any] = dict(details or {})
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return f"MempApiError(code={self.code!r}, status={self.status}, message={self.message!r})"


class MempConnectionError(MempClientError):
    """The server could not be reached (refused, reset, DNS), after the retries."""


class MempTimeoutError(MempConnectionError):
    """The server did not answer within the client's timeout, after the retries."""
