"""Retries, backoff, ``Retry-After`` and timeouts, against a scripted HTTP server on a real socket.

A real ``memp serve`` does not answer 429/5xx on demand, so these tests serve scripted answers from a local
``http.server`` (a real server and socket, no mocking of the client).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Iterator, List, Optional, Tuple

import pytest

from conftest import refund_episode
from memp_client import MempApiError, MempClient, MempConnectionError, MempTimeoutError, RetryPolicy
from memp_client.retry import parse_retry_after

Answer = Tuple[int, Dict[str, str], bytes, float]
"""Status, headers, body, and seconds to wait before answering."""

OK: Answer = (200, {}, json.dumps({"results": []}).encode(), 0.0)


def memp_error(status: int, code: str, headers: Optional[Dict[str, str]] = None) -> Answer:
    """A memp error answer."""
    body = json.dumps({"error": {"code": code, "message": "scripted", "details": {"field": "x"}}}).encode()
    return (status, headers or {}, body, 0.0)


class Scripted:
    """A local HTTP server answering each request with the next scripted answer (the last one repeats)."""

    def __init__(self, answers: List[Answer]) -> None:
        self.answers = answers
        self.requests: List[Tuple[str, str, float]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                outer.requests.append((self.command, self.path, time.monotonic()))
                index = min(len(outer.requests), len(outer.answers)) - 1
                status, headers, body, delay = outer.answers[index]
                time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = _answer
            do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        """Stops serving."""
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def scripted() -> Iterator[List[Scripted]]:
    """Scripted servers started by a test, closed after it."""
    servers: List[Scripted] = []
    yield servers
    for s in servers:
        s.close()


def serve(scripted: List[Scripted], *answers: Answer) -> Scripted:
    """Starts a scripted server."""
    s = Scripted(list(answers))
    scripted.append(s)
    return s


FAST = RetryPolicy(max_retries=2, backoff=0.01, max_backoff=0.02)


def test_503_with_retry_after_is_retried_after_the_wait(scripted: List[Scripted]) -> None:
    s = serve(scripted, memp_error(503, "UNAVAILABLE", {"Retry-After": "1"}), OK)
    answer = MempClient(s.url, retry=FAST).retrieve("a task")
    assert answer == {"results": []}
    assert len(s.requests) == 2
    assert s.requests[1][2] - s.requests[0][2] >= 0.95


def test_retry_after_as_an_http_date_is_honoured(scripted: List[Scripted]) -> None:
    when = formatdate(time.time() + 2, usegmt=True)
    s = serve(scripted, memp_error(429, "BUDGET_EXCEEDED", {"Retry-After": when}), OK)
    MempClient(s.url, retry=FAST).retrieve("a task")
    assert len(s.requests) == 2
    assert s.requests[1][2] - s.requests[0][2] >= 0.5  # second resolution: at least 1 s minus rounding


def test_429_until_the_retries_run_out_raises_the_code(scripted: List[Scripted]) -> None:
    s = serve(scripted, memp_error(429, "BUDGET_EXCEEDED"))
    with pytest.raises(MempApiError) as caught:
        MempClient(s.url, retry=FAST).learn(refund_episode())
    assert (caught.value.code, caught.value.status) == ("BUDGET_EXCEEDED", 429)
    assert caught.value.details == {"field": "x"}
    assert len(s.requests) == 3


@pytest.mark.parametrize("status,code", [(400, "INVALID_ARGUMENT"), (404, "NOT_FOUND"), (409, "CONFLICT")])
def test_4xx_other_than_429_is_not_retried(scripted: List[Scripted], status: int, code: str) -> None:
    s = serve(scripted, memp_error(status, code), OK)
    with pytest.raises(MempApiError) as caught:
        MempClient(s.url, retry=FAST).retrieve("a task")
    assert (caught.value.code, caught.value.status) == (code, status)
    assert len(s.requests) == 1


def test_a_retry_after_beyond_the_budget_raises_at_once(scripted: List[Scripted]) -> None:
    s = serve(scripted, memp_error(503, "UNAVAILABLE", {"Retry-After": "3600"}), OK)
    with pytest.raises(MempApiError) as caught:
        MempClient(s.url, retry=FAST).retrieve("a task")
    assert caught.value.retry_after == 3600 and len(s.requests) == 1


def test_an_error_without_a_memp_body_is_http_error(scripted: List[Scripted]) -> None:
    s = serve(scripted, (502, {"Content-Type": "text/html"}, b"<html>bad gateway</html>", 0.0))
    with pytest.raises(MempApiError) as caught:
        MempClient(s.url, retry=RetryPolicy(max_retries=1, backoff=0.01)).retrieve("a task")
    assert (caught.value.code, caught.value.status) == ("HTTP_ERROR", 502)
    assert "bad gateway" in caught.value.details["body"]
    assert len(s.requests) == 2


def test_zero_retries_sends_once(scripted: List[Scripted]) -> None:
    s = serve(scripted, memp_error(500, "INTERNAL"), OK)
    with pytest.raises(MempApiError) as caught:
        MempClient(s.url, retry=RetryPolicy(max_retries=0)).retrieve("a task")
    assert caught.value.code == "INTERNAL" and len(s.requests) == 1


def test_a_refused_connection_is_retried_then_raised() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps: List[float] = []
    client = MempClient(f"http://127.0.0.1:{port}", retry=FAST)
    client._transport._sleep = sleeps.append  # count the waits without waiting
    with pytest.raises(MempConnectionError) as caught:
        client.retrieve("a task")
    assert not isinstance(caught.value, MempTimeoutError)
    assert len(sleeps) == 2


def test_a_slow_read_times_out_and_is_retried(scripted: List[Scripted]) -> None:
    s = serve(scripted, (200, {}, b"{}", 1.5))
    started = time.monotonic()
    with pytest.raises(MempTimeoutError):
        MempClient(s.url, timeout=0.3, retry=RetryPolicy(max_retries=1, backoff=0.01)).retrieve("a task")
    assert len(s.requests) == 2
    assert time.monotonic() - started < 1.5


def test_a_timed_out_write_is_not_retried_unless_asked(scripted: List[Scripted]) -> None:
    s = serve(scripted, (200, {}, b"{}", 1.0))
    with pytest.raises(MempTimeoutError):
        MempClient(s.url, timeout=0.3, retry=FAST).learn(refund_episode())
    assert len(s.requests) == 1

    s2 = serve(scripted, (200, {}, b"{}", 1.0))
    policy = RetryPolicy(max_retries=1, backoff=0.01, retry_timeouts_on_writes=True)
    with pytest.raises(MempTimeoutError):
        MempClient(s2.url, timeout=0.3, retry=policy).learn(refund_episode())
    assert len(s2.requests) == 2


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(backoff=0.5, max_backoff=3.0)
    assert [policy.delay(n, None, rand=lambda: 1.0) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert policy.delay(1, None, rand=lambda: 0.0) == 0.0
    assert policy.delay(3, 7.0) == 7.0
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)


def test_parse_retry_after() -> None:
    assert parse_retry_after(None) is None
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("soon") is None
    now = 1_000_000.0
    assert parse_retry_after(formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30, abs=1)
    assert parse_retry_after(formatdate(now - 30, usegmt=True), now=now) == 0.0
