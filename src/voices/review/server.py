"""The review page's HTTP server: stdlib, 127.0.0.1 only, a one-time token swapped for a cookie.

Access rules (each refused request gets 403 and no data):

- the Host header must be ``127.0.0.1:PORT`` or ``localhost:PORT`` (DNS rebinding);
- ``/?token=T`` works once: it sets an HttpOnly, SameSite=Strict cookie and redirects
  to ``/``, dropping the token from the address bar;
- every other request needs that cookie; a POST also needs a same-origin ``Origin``
  (when sent) and a JSON body (a cross-site form cannot send one);
- the page carries the HTML report's CSP, widened only to its own script and JSON.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, urlsplit

from voices.errors import VoicesError
from voices.report.html import CSP as REPORT_CSP
from voices.review.queues import Session

CSP = REPORT_CSP + "; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
COOKIE = "voices_review"
MAX_BODY = 1 << 20  # a label is a few hundred bytes
_ASSETS = {"/": ("page.html", "text/html"), "/review.js": ("review.js", "text/javascript"),
           "/review.css": ("review.css", "text/css")}


class ReviewServer(ThreadingHTTPServer):
    """Serves one ``Session`` on 127.0.0.1; ``url`` is the first, token-bearing address."""

    daemon_threads = True

    def __init__(self, session: Session, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.session = session
        self.port = self.server_address[1]
        self.token: str | None = secrets.token_urlsafe(24)
        self.cookie = secrets.token_urlsafe(32)
        self.token_lock = threading.Lock()
        self.url = f"http://127.0.0.1:{self.port}/?token={self.token}"

    def take_token(self, given: str) -> bool:
        """True once, for the right token; never again."""
        with self.token_lock:
            if self.token is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                return False
            self.token = None
            return True


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        """Quiet: the terminal is the user's, not a request log."""

    # ---- checks ------------------------------------------------------------------
    def _host_ok(self) -> bool:
        port = self.server.port
        return self.headers.get("Host", "") in (f"127.0.0.1:{port}", f"localhost:{port}")

    def _cookie_ok(self) -> bool:
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE and hmac.compare_digest(value.encode(), self.server.cookie.encode()):
                return True
        return False

    def _same_origin(self) -> bool:
        origin = self.headers.get("Origin")
        if origin is not None and origin != f"http://{self.headers.get('Host', '')}":
            return False
        if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return False
        return self.headers.get("Content-Type", "").split(";")[0].strip() == "application/json"

    # ---- replies -----------------------------------------------------------------
    def _send(self, status: int, body: bytes = b"", ctype: str = "text/plain; charset=utf-8",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": ctype, "Content-Length": str(len(body)), "Cache-Control": "no-store",
                   "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                   "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", **(extra or {})}
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, why: str) -> None:
        self._send(HTTPStatus.FORBIDDEN, f"refused: {why}\n".encode())

    def _json(self, data: Any, status: int = 200) -> None:
        self._send(status, json.dumps(data, default=str).encode(), "application/json")

    # ---- routes ------------------------------------------------------------------
    def do_GET(self) -> None:
        """The page, its script and style, and the current state as JSON."""
        if not self._host_ok():
            return self._refuse("unknown Host header")
        url = urlsplit(self.path)
        token = parse_qs(url.query).get("token")
        if url.path == "/" and token:
            if not self.server.take_token(token[0]):
                return self._refuse("this link was already used; restart voices review for a new one")
            cookie = f"{COOKIE}={self.server.cookie}; HttpOnly; SameSite=Strict; Path=/"
            return self._send(HTTPStatus.SEE_OTHER, extra={"Location": "/", "Set-Cookie": cookie})
        if not self._cookie_ok():
            return self._refuse("no session cookie: open the link voices review printed")
        if url.path in _ASSETS:
            name, ctype = _ASSETS[url.path]
            body = (files("voices") / "data" / "review" / name).read_bytes()
            return self._send(200, body, f"{ctype}; charset=utf-8")
        if url.path == "/api/state":
            return self._state(self.server.session.next)
        return self._send(HTTPStatus.NOT_FOUND, b"not found\n")

    def do_POST(self) -> None:
        """Label, skip or undo; answers with the page's next state."""
        if not self._host_ok():
            return self._refuse("unknown Host header")
        if not self._cookie_ok():
            return self._refuse("no session cookie")
        if not self._same_origin():
            return self._refuse("not a same-origin JSON request")
        try:
            size = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            size = -1
        if not 0 <= size <= MAX_BODY:  # a negative length would read until the client hangs up
            self.close_connection = True
            return self._json({"error": f"the request body must be 0 to {MAX_BODY:,} bytes, with its length"},
                              HTTPStatus.REQUEST_ENTITY_TOO_LARGE if size > MAX_BODY else HTTPStatus.BAD_REQUEST)
        try:
            body = json.loads(self.rfile.read(size) or b"{}")
        except ValueError:
            return self._json({"error": "the request body is not JSON"}, 400)
        if not isinstance(body, dict):
            return self._json({"error": "the request body is not a JSON object"}, 400)
        s = self.server.session
        path = urlsplit(self.path).path
        if path == "/api/label":
            themes = body.get("themes")
            if themes is not None and not isinstance(themes, list):
                return self._json({"error": "themes must be a list of theme names"}, 400)
            def label() -> dict[str, Any]:
                saved = s.save(str(body["doc_id"]), str(body["stance"]),
                               None if themes is None else [str(t) for t in themes])
                return {**s.next(), **({"note": saved["note"]} if "note" in saved else {})}
            return self._state(label)
        if path == "/api/skip":
            return self._state(lambda: (s.skip(str(body["doc_id"])), s.next())[1])
        if path == "/api/undo":
            def undo() -> dict[str, Any]:
                back = s.undo()
                return s.current_after_undo(back) if back else {**s.next(), "note": "nothing to undo"}
            return self._state(undo)
        return self._send(HTTPStatus.NOT_FOUND, b"not found\n")

    def _state(self, make: Any) -> None:
        try:
            state = make()
        except VoicesError as exc:  # said on the page, nothing lost: a busy corpus is a conflict (409),
            status = 409 if exc.exit_code == 3 else 400  # an unknown label or document a bad request
            return self._json({"error": str(exc)}, status)
        except (KeyError, TypeError) as exc:
            return self._json({"error": f"bad request: {exc}"}, 400)
        state["labels"] = self.server.session.labels()
        return self._json(state)
