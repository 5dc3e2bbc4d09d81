"""The app's gate: every request passes here first, and every response leaves through it.

- Host check: bound to loopback, only loopback names are served (a web page that points its
  own domain at 127.0.0.1, "DNS rebinding", gets nothing).
- Origin check: a POST whose Origin (or, lacking one, Sec-Fetch-Site) shows another site is
  refused, so no page on the internet can make a staff member's browser post to the app.
- Access token: when HANDOUTS_TOKEN is set, a staff session cookie (HttpOnly, SameSite=Strict)
  or `Authorization: Bearer <token>` is required for everything but the sign-in page.
- Bodies: at most `max_body` bytes, read here whole (no part of one reaches a disk); only
  urlencoded forms and JSON, so no multipart parser ever spools to a temporary file.
- Every response: `Cache-Control: no-store` (but the app's own files and generic pictures:
  caching.py), no sniffing, no referrer; pages may not be framed.
- The access log names method, path (never the query), status and time: patient data is in
  POST bodies only and is never logged. An unexpected failure on a POST logs its kind and
  nothing else (a traceback's message could hold the patient's text).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from handouts.serve.caching import cache_control
from handouts.serve.config import ServeConfig, is_loopback

log = logging.getLogger("handouts.serve")
access = logging.getLogger("handouts.serve.access")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "handouts_staff"
OPEN_PATHS = ("/login", "/static/", "/fonts/", "/health")
"""Reachable without signing in: the sign-in page and what it needs to look right."""
BODY_TYPES = ("application/x-www-form-urlencoded", "application/json")
PAGE_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' blob: data:; "
     b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
]  # fmt: skip
EVERY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class Staff:
    """The access token (HANDOUTS_TOKEN) and the sign-in sessions it opens."""

    def __init__(self, token: str | None):
        self.token = token
        self.secret = secrets.token_bytes(32)

    @property
    def required(self) -> bool:
        return self.token is not None

    def session_value(self) -> str:
        """The cookie a signed-in browser holds: worthless after a restart or to another app."""
        return hmac.new(self.secret, b"staff", hashlib.sha256).hexdigest()

    def token_matches(self, typed: str) -> bool:
        token = self.token or ""
        return bool(token) and hmac.compare_digest(typed.encode(), token.encode())

    def signed_in(self, headers: dict[str, str]) -> bool:
        if self.token is None:
            return True
        bearer = headers.get("authorization", "")
        if bearer.lower().startswith("bearer ") and self.token_matches(bearer[7:].strip()):
            return True
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:
            return False
        held = cookie.get(COOKIE)
        return held is not None and hmac.compare_digest(held.value, self.session_value())


class Guard:
    def __init__(self, app: ASGIApp, config: ServeConfig, staff: Staff):
        self.app = app
        self.config = config
        self.staff = staff

    # ---- the gate ---------------------------------------------------------------------------

    def _host_ok(self, host: str) -> bool:
        if not self.config.loopback:
            return True  # reachable by name from other computers; the token guards it
        try:
            name = urlsplit(f"//{host}").hostname or ""
        except ValueError:  # "[not an address"
            return False
        return is_loopback(name)

    def _origin_ok(self, headers: dict[str, str]) -> bool:
        origin = headers.get("origin")
        if origin is not None:
            try:
                parts = urlsplit(origin)
            except ValueError:
                return False
            same_host = parts.netloc.lower() == headers["host"].lower()
            return parts.scheme in ("http", "https") and same_host  # https: behind a TLS proxy
        return headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        method, path = scope["method"], scope["path"]
        status = {"code": 0}
        page = {"html": False}

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                said = dict(message.get("headers", [])).get(b"cache-control")
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"cache-control"]
                content_type = dict(headers).get(b"content-type", b"")
                page["html"] = content_type.startswith(b"text/html")
                query = scope.get("query_string", b"")
                kept = cache_control(path, query, message["status"], said)
                headers += [(b"cache-control", kept), *EVERY_HEADERS]
                headers += PAGE_HEADERS if page["html"] else []
                message = {**message, "headers": headers}
            await send(message)

        try:
            refusal = await self._refusal(scope, method, path)
            if refusal is not None:
                await _respond(send_guarded, *refusal)
                return
            body = await self._body(scope, receive, method)
            if isinstance(body, tuple):
                await _respond(send_guarded, *body)
                return
            await self.app(scope, _replay(body, receive), send_guarded)
        except Exception:
            if method == "GET":
                log.exception("internal error on %s %s", method, path)
            else:  # the body may hold a patient's details: say only what kind of failure
                log.error("internal error on %s %s (details withheld: patient data)", method, path)
            if status["code"] == 0:
                await _respond(send_guarded, 500, "The app hit an internal error. Try again.")
        finally:
            took = (time.perf_counter() - started) * 1000
            access.info('%s "%s %s" %d %.0f ms', _client(scope), method, path, status["code"], took)

    async def _refusal(self, scope: Scope, method: str, path: str) -> tuple[int, str] | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        headers.setdefault("host", "")
        if not self._host_ok(headers["host"]):
            return 400, "This app answers only at 127.0.0.1 or localhost."
        if method not in ("GET", "HEAD") and not self._origin_ok(headers):
            return 403, "Refused: the request came from another web site."
        if not path.startswith(OPEN_PATHS) and not self.staff.signed_in(headers):
            if method == "GET" and not path.startswith("/api/") and path != "/openapi.json":
                return 303, "/login"
            return 401, "Sign in first: this app needs the staff's access token."
        if method == "POST":
            content_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type not in BODY_TYPES:
                return 415, "Send a form (urlencoded) or JSON; nothing else is accepted."
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > self.config.max_body):
                return 413, f"The request is too large (at most {self.config.max_body} bytes)."
        return None

    async def _body(self, scope: Scope, receive: Receive, method: str) -> bytes | tuple[int, str]:
        """The whole body, in memory, or a refusal when it is too large."""
        if method in ("GET", "HEAD"):
            return b""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return 400, "The request was cut off."
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.config.max_body:
                return 413, f"The request is too large (at most {self.config.max_body} bytes)."
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = {"done": False}

    async def replay() -> Message:
        if not sent["done"]:
            sent["done"] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return f"{client[0]}" if client else "-"


async def _respond(send: Send, status: int, text: str) -> None:
    """A short plain answer: JSON for the API, a redirect to sign in, or plain text."""
    if status == 303:
        headers = [(b"location", text.encode()), (b"content-length", b"0")]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    body = json.dumps({"detail": text}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
