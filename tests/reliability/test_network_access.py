"""Guarantee: no one on the network gets in. `make run` listens on loopback only; sharing with other
devices (`make run SHARE=1`) lets no request through without this installation's token."""

from __future__ import annotations

import asyncio
import http.client
import socket
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit import config as streamlit_config

from tests.conftest import ROOT, assert_no_exception, debrief_server, free_port, open_page, serving
from ui.server import COOKIE, AccessGate, _cookie_value, access_token, token_file

LISTENING = "0A"


def _listeners(port: int) -> list[str]:
    """The local addresses (hex, as /proc/net shows them) of the sockets listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == LISTENING and int(port_hex, 16) == port:
                found.append(address)
    return found


def _other_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, as another device would use them."""
    addresses = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            addresses.add(probe.getsockname()[0])
        except OSError:
            pass
    return sorted(address for address in addresses if not address.startswith("127."))


def _get(url: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
    response = connection.getresponse()
    response.read()
    return response


def test_make_run_listens_on_loopback_only(tmp_path):
    port = free_port()
    command = ["make", "--no-print-directory", "run", f"PORT={port}"]
    with serving(command, tmp_path / "debriefs.duckdb", port, tmp_path / "make-run.log") as url:
        listeners = _listeners(port)
        assert listeners, "nothing listens on the port make run was given"
        assert set(listeners) == {"0100007F"}, f"make run listens beyond 127.0.0.1: {listeners}"
        assert _get(url).status == 200
        for address in _other_addresses():
            refused = pytest.raises((ConnectionRefusedError, TimeoutError))
            with refused, socket.create_connection((address, port), timeout=3):
                pass


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """`make run SHARE=1`'s server on its own database; yields its URL and its token."""
    folder = tmp_path_factory.mktemp("shared")
    database = folder / "debriefs.duckdb"
    port = free_port()
    with serving(debrief_server(port, "--share"), database, port, folder / "share.log") as url:
        yield url, token_file(database).read_text().strip()


def test_a_shared_debrief_shows_nothing_without_its_token(shared):
    url, token = shared
    for path in ("/", "/Interviews", "/Data", "/_stcore/host-config", "/_stcore/upload_file/x/y"):
        response = _get(url + path)
        assert response.status == 401, path
    wrong = _get(f"{url}/?token={'x' * len(token)}")
    assert wrong.status == 401
    assert _get(f"{url}/", {"Cookie": f"{COOKIE}={token}"}).status == 401  # the cookie is not the token


def test_the_token_is_swapped_for_a_cookie_that_then_opens_every_page(shared):
    url, token = shared
    response = _get(f"{url}/Interviews?token={token}")
    assert response.status == 303
    assert response.getheader("Location").endswith("/Interviews")  # the token leaves the address bar
    cookie = response.getheader("Set-Cookie")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert _get(f"{url}/Interviews", {"Cookie": f"{COOKIE}={value}"}).status == 200


def test_the_token_is_made_once_per_installation_and_private(tmp_path):
    path = tmp_path / "data" / ".debrief-access-token"
    token = access_token(path)
    assert len(token) >= 40
    assert access_token(path) == token
    assert path.stat().st_mode & 0o777 == 0o600


def _asgi_call(gate: AccessGate, scope: dict) -> list[dict]:
    """What the gate sends for one request, and whether it passed it on (a 'passed' message)."""
    sent: list[dict] = []

    async def app(scope, receive, send):
        sent.append({"type": "passed"})

    async def receive():
        return {"type": "websocket.connect"}

    async def send(message):
        sent.append(message)

    gate.app = app
    # A thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, gate(scope, receive, send)).result()
    return sent


def _scope(kind: str, host: str, path: str = "/_stcore/stream", cookie: str = "") -> dict:
    headers = [(b"host", host.encode())]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return {"type": kind, "path": path, "query_string": b"", "headers": headers, "scheme": "ws"}


def test_a_token_of_any_characters_is_refused_not_crashed_on():
    gate = AccessGate(None, token="t" * 43)
    scope = {**_scope("http", "192.168.1.20:8501", path="/"), "query_string": b"token=%C3%A9%F0%9F%9A%80"}
    sent = _asgi_call(gate, scope)
    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 401


def test_the_live_connection_needs_the_cookie_too():
    gate = AccessGate(None, token="t" * 43)
    refused = _asgi_call(gate, _scope("websocket", "192.168.1.20:8501"))
    assert refused == [{"type": "websocket.close", "code": 1008}]
    cookie = f"{COOKIE}={_cookie_value('t' * 43)}"
    assert _asgi_call(gate, _scope("websocket", "192.168.1.20:8501", cookie=cookie)) == [{"type": "passed"}]


@pytest.mark.parametrize(
    ("host", "passes"),
    [("localhost:8501", True), ("127.0.0.1:8501", True), ("[::1]:8501", True), ("evil.example:8501", False)],
)
def test_on_this_computer_only_a_loopback_name_is_answered(host, passes):
    """A web page that points a name of its own at 127.0.0.1 (DNS rebinding) gets nothing."""
    sent = _asgi_call(AccessGate(None), _scope("http", host, path="/"))
    assert (sent == [{"type": "passed"}]) is passes


def test_a_page_served_on_the_network_without_the_guard_shows_nothing(database):
    """Started some other way (`streamlit run --server.address 0.0.0.0`), the pages refuse to show data."""
    streamlit_config.set_option("server.address", "0.0.0.0")
    try:
        app = open_page("pages/2_Interviews.py")
    finally:
        streamlit_config.set_option("server.address", "127.0.0.1")
    assert_no_exception(app)
    assert "without its access token" in app.error[0].value
    assert not app.text_input  # not even the search box


def test_the_readme_says_how_to_share_and_that_it_is_opt_in():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run SHARE=1" in readme
    assert "127.0.0.1" in readme
