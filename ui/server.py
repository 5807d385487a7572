"""Starting Debrief's web server: on this computer only, or (opt-in) for other devices with a token.

`make run` serves on the loopback address, which no other device can reach. `make run SHARE=1` serves
on every network interface, so a phone on the same Wi-Fi can capture a debrief right after an
interview; then every request (pages, the live connection, uploads, downloads) needs the secret token
of this installation, which the terminal shows as a link. As in Jupyter, the link's token is swapped
for a cookie on first use, so it leaves the address bar and survives a refresh.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import html
import os
import secrets
import socket
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st
from starlette.datastructures import URL
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from debrief.store import StoreError, database_path
from ui.text import plain

ROOT = Path(__file__).resolve().parent.parent
APP_SCRIPT = ROOT / "app.py"
LOOPBACK = "127.0.0.1"
EVERY_INTERFACE = "0.0.0.0"  # sharing is opt-in: `make run SHARE=1`
DEFAULT_PORT = 8501
TOKEN_FILE_NAME = ".debrief-access-token"
COOKIE = "debrief_access"
TOKEN_PARAMETER = "token"
# Set for the app's own process when the token guards every request (see `is_exposed_unguarded`).
GUARD_VARIABLE = "DEBRIEF_ACCESS_GUARD"
# Whether the server is up says nothing about anyone's data; monitors and tests ask it.
_OPEN_PATHS = frozenset({"/_stcore/health", "/healthz"})
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def token_file(database: Path) -> Path:
    """Where the installation's token is kept: beside its database file, readable by its owner only."""
    return database.parent / TOKEN_FILE_NAME


def access_token(path: Path) -> str:
    """The token in `path`, made (and kept there, private to the user) the first time."""
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if len(token) >= 32:
            return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(token + "\n")
    path.chmod(0o600)
    return token


def _cookie_value(token: str) -> str:
    """What the cookie holds: derived from the token. It opens Debrief as the token does, for 400 days,
    in that browser only (HttpOnly, SameSite=Strict); the token itself stays off the device."""
    return hmac.new(token.encode(), b"debrief access cookie", hashlib.sha256).hexdigest()


def _same(offered: str, expected: str) -> bool:
    """A comparison in constant time, for any text a visitor sends (non-ASCII included)."""
    return hmac.compare_digest(offered.encode(), expected.encode())


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


_SIGN_IN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Debrief · access token</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}}
input{{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box;margin:.5rem 0}}
button{{font-size:1rem;padding:.5rem 1rem;background:#2b6f97;color:#fff;border:0;border-radius:.3rem}}
.problem{{color:#a12622}}</style></head>
<body><h1>Debrief</h1>
<p>This Debrief is shared on the network, so it asks for its access token. The terminal where Debrief
was started shows it, in a link you can open instead.</p>
{problem}
<form method="get" action="{action}"><label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="current-password" autofocus required>
<button type="submit">Open Debrief</button></form></body></html>
"""


class AccessGate:
    """ASGI middleware in front of Streamlit.

    With a token (sharing on), a request passes only with the access cookie, or with the token in
    its query, which is then swapped for the cookie. Without one (this computer only), a request
    passes only when addressed to a loopback name, so a web page cannot reach Debrief by pointing a
    name of its own at 127.0.0.1 (DNS rebinding).
    """

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        response = self._refusal(connection)
        if response is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            await response(scope, receive, send)

    def _refusal(self, connection: HTTPConnection) -> Response | None:
        """None when the request may pass; else what to answer."""
        if connection.url.path in _OPEN_PATHS:
            return None
        if self.token is None:
            host = _host_name(connection.headers.get("host", ""))
            if host.lower() in _LOOPBACK_HOSTS:
                return None
            return Response("Debrief answers only on this computer (localhost).", status_code=403)
        if _same(connection.cookies.get(COOKIE, ""), _cookie_value(self.token)):
            return None
        offered = connection.query_params.get(TOKEN_PARAMETER)
        if offered is not None and _same(offered, self.token):
            return self._let_in(connection.url)
        problem = '<p class="problem">That is not this Debrief\'s token.</p>' if offered is not None else ""
        page = _SIGN_IN.format(problem=problem, action=html.escape(connection.url.path, quote=True))
        return HTMLResponse(page, status_code=401)

    def _let_in(self, url: URL) -> Response:
        response = RedirectResponse(str(url.remove_query_params(TOKEN_PARAMETER)), status_code=303)
        response.set_cookie(
            COOKIE, _cookie_value(self.token), max_age=400 * 24 * 3600, httponly=True, samesite="strict"
        )
        return response


def show_store_error_plainly(error: Exception) -> bool:
    """Streamlit's last resort for an error no page caught: a storage problem (a full disk, say) is
    shown as its plain message instead of a traceback. True when it was."""
    if not isinstance(error, StoreError):
        return False
    st.error(plain(str(error)), icon="⚠️")
    return True


def is_exposed_unguarded(address: str | None) -> bool:
    """Whether the server listens beyond this computer without the token guarding it (started some other
    way than `make run`, e.g. `streamlit run --server.address 0.0.0.0`): then pages show nothing."""
    on_loopback = (address or "") in {LOOPBACK, "localhost", "::1"}
    return not on_loopback and os.environ.get(GUARD_VARIABLE) != "1"


def _network_address() -> str:
    """This computer's address on its network, as another device would use it (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostname()


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ui.server", description="Start Debrief's dashboard.")
    parser.add_argument(
        "--share",
        action="store_true",
        help="also serve other devices on this network (a phone, say), behind this installation's token",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("DEBRIEF_PORT") or DEFAULT_PORT))
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    arguments = _arguments(argv)
    token = access_token(token_file(database_path())) if arguments.share else None
    if token is None:
        print(f"\n  Debrief: http://localhost:{arguments.port} (this computer only)\n", flush=True)
    else:
        os.environ[GUARD_VARIABLE] = "1"
        link = f"http://{_network_address()}:{arguments.port}/?{urlencode({TOKEN_PARAMETER: token})}"
        print(
            f"\n  Debrief: http://localhost:{arguments.port}/?{urlencode({TOKEN_PARAMETER: token})}\n"
            "  Shared on this network: open it on another device (same Wi-Fi) with\n"
            f"    {link}\n"
            "  Anyone with this link can read and change your debriefs. The token is kept in "
            f"{token_file(database_path())}; delete that file and restart to make a new one.\n",
            flush=True,
        )
    app = st.App(
        str(APP_SCRIPT),
        middleware=[Middleware(AccessGate, token=token)],
        on_script_error=show_store_error_plainly,
    )
    app.run(
        config={
            "server.address": EVERY_INTERFACE if token is not None else LOOPBACK,
            "server.port": arguments.port,
            # Streamlit's own greeting would give the shared address without its token, and look the
            # address up on the internet.
            "logger.hideWelcomeMessage": True,
        }
    )


if __name__ == "__main__":
    main()
