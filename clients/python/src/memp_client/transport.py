"""One HTTP exchange with retries, on the standard library's ``urllib``."""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional, Union

from .errors import MempApiError, MempClientError, MempConnectionError, MempTimeoutError
from .retry import RetryPolicy, parse_retry_after

USER_AGENT = "memp-client-python/0.1.0"


@dataclass(frozen=True)
class Request:
    """A request relative to the client's base URL.

    Attributes:
        method: the HTTP method.
        path: the path with its query string, already escaped.
        body: the body bytes, if any.
        content_type: the body's type.
        idempotent: whether repeating it after a timeout is harmless (reads and retrieve).
    """

    method: str
    path: str
    body: Optional[bytes] = None
    content_type: str = "application/json"
    idempotent: bool = True


@dataclass(frozen=True)
class Response:
    """A successful answer: status, headers (lower-cased names) and body bytes."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body.decode("utf-8"))

    def text(self) -> str:
        """The body as UTF-8 text."""
        return self.body.decode("utf-8")


class Transport:
    """Sends requests to one server with a timeout, an API key and a :class:`RetryPolicy`."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: Optional[str],
        timeout: float,
        retry: RetryPolicy,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https:// (got {base_url!r})")
        if timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.retry = retry
        self._sleep = sleep
        # The default opener: honours the environment's proxy settings (http_proxy, no_proxy) like urllib does.
        self._opener = urllib.request.build_opener()

    def send(self, request: Request) -> Response:
        """Sends ``request``, retrying per the policy; raises :class:`MempClientError` subclasses on failure."""
        attempt = 0
        while True:
            try:
                return self._once(request)
            except MempClientError as error:
                attempt += 1
                wait = self._retry_wait(error, request, attempt)
                if wait is None:
                    raise
                self._sleep(wait)

    def _retry_wait(self, error: MempClientError, request: Request, attempt: int) -> Optional[float]:
        """Seconds to wait before retrying after ``error``, or ``None`` to give up."""
        policy = self.retry
        if attempt > policy.max_retries:
            return None
        if isinstance(error, MempApiError):
            if error.status not in policy.statuses:
                return None
            if error.retry_after is not None and error.retry_after > policy.max_retry_after:
                return None
            return policy.delay(attempt, error.retry_after)
        if isinstance(error, MempTimeoutError) and not (request.idempotent or policy.retry_timeouts_on_writes):
            return None
        return policy.delay(attempt, None)

    def _headers(self, request: Request) -> Dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if request.body is not None:
            headers["Content-Type"] = request.content_type
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _once(self, request: Request) -> Response:
        """One attempt: the response, or the error it amounts to."""
        req = urllib.request.Request(
            self.base_url + request.path, data=request.body, method=request.method, headers=self._headers(request)
        )
        try:
            with self._opener.open(req, timeout=self.timeout) as res:
                return Response(res.status, _lower(res.headers), res.read())
        except urllib.error.HTTPError as error:
            body = _read_quietly(error)
            raise _api_error(error.code, _lower(error.headers), body) from None
        except (socket.timeout, TimeoutError) as error:
            raise MempTimeoutError(f"{request.method} {request.path}: no answer within {self.timeout} s") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, (socket.timeout, TimeoutError)):
                raise MempTimeoutError(f"{request.method} {request.path}: no answer within {self.timeout} s") from error
            raise MempConnectionError(f"{request.method} {self.base_url}{request.path}: {error.reason}") from error
        except (http.client.HTTPException, ConnectionError, OSError) as error:
            raise MempConnectionError(f"{request.method} {self.base_url}{request.path}: {error}") from error


def _lower(headers: Any) -> Dict[str, str]:
    return {k.lower(): v for k, v in headers.items()} if headers is not None else {}


def _read_quietly(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return b""


def _api_error(status: int, headers: Mapping[str, str], body: bytes) -> MempApiError:
    """The :class:`MempApiError` for an error answer; ``HTTP_ERROR`` when the body is not a memp error body."""
    retry_after = parse_retry_after(headers.get("retry-after"))
    parsed: Union[Dict[str, Any], None] = None
    try:
        decoded = json.loads(body.decode("utf-8"))
        if isinstance(decoded, dict) and isinstance(decoded.get("error"), dict):
            parsed = decoded["error"]
    except (UnicodeDecodeError, ValueError):
        parsed = None
    if parsed is not None and isinstance(parsed.get("code"), str):
        details = parsed.get("details")
        return MempApiError(
            parsed["code"],
            status,
            str(parsed.get("message", "")),
            details if isinstance(details, dict) else {},
            retry_after,
        )
    snippet = body[:500].decode("utf-8", errors="replace")
    return MempApiError(
        "HTTP_ERROR", status, f"HTTP {status} without a memp error body", {"body": snippet}, retry_after
    )
