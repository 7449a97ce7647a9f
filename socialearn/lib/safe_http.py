"""Fetching URLs that people type in (partner feeds, link previews) without letting them
reach inside our network (SSRF).

Only http and https; the host is resolved here and every address it resolves to must be
public (not private, loopback, link-local, multicast, reserved or unspecified), and the
connection goes to that checked address (so a DNS answer cannot change between the check
and the request); redirects are followed by hand and each target is checked again; the
answer is read up to a size limit within a time limit. urllib3 does the HTTP.

`allow_loopback` exists for tests that serve files from 127.0.0.1: callers pass the
FEEDS_ALLOW_LOOPBACK setting, off unless a test turns it on.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

MAX_REDIRECTS = 3
USER_AGENT = "SociaLearn feed reader (+https://github.com/)"


class FetchError(Exception):
    """Why a URL was not fetched: a message for the admin, never shown to readers."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


def _public_address(host: str, port: int, *, allow_loopback: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if getattr(address, "ipv4_mapped", None):
            address = address.ipv4_mapped
        if address.is_loopback and allow_loopback:
            addresses.append(str(address))
            continue
        if not address.is_global or address.is_multicast or address.is_reserved:
            raise FetchError(f"{host} resolves to a non-public address ({address})")
        addresses.append(str(address))
    if not addresses:
        raise FetchError(f"{host} has no address")
    return addresses[0]


def fetch(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 2 * 1024 * 1024,
    allow_loopback: bool = False,
) -> Fetched:
    """GET url safely (see the module's docstring). Raises FetchError. `timeout` bounds
    the whole fetch, redirects included, not only each read."""
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"took longer than {timeout} s: {url[:200]}")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url[:200]}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _public_address(parts.hostname, port, allow_loopback=allow_loopback)
        pool_class = (
            urllib3.HTTPSConnectionPool if parts.scheme == "https" else urllib3.HTTPConnectionPool
        )
        options = {"server_hostname": parts.hostname} if parts.scheme == "https" else {}
        pool = pool_class(
            address,
            port,
            timeout=urllib3.Timeout(connect=remaining, read=remaining),
            retries=False,
            maxsize=1,
            **options,
        )
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        try:
            response = pool.urlopen(
                "GET",
                path,
                headers={"Host": host_header, "User-Agent": USER_AGENT,
                         "Accept": "application/rss+xml, application/atom+xml, */*;q=0.5"},
                redirect=False,
                preload_content=False,
                assert_same_host=False,
            )  # fmt: skip
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"{parts.hostname}: {exc.__class__.__name__}: {exc}") from None
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"redirect without a Location from {url[:200]}")
                url = urljoin(url, location)
                continue
            if response.status >= 400:
                raise FetchError(f"HTTP {response.status} from {url[:200]}")
            body = bytearray()
            try:
                # read1: whatever one socket read brings, so the deadline is checked
                # between reads (read(n) would wait for n bytes, however slowly they come).
                while chunk := response.read1(64 * 1024):
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"larger than {max_bytes} bytes: {url[:200]}")
                    if time.monotonic() > deadline:
                        raise FetchError(f"took longer than {timeout} s: {url[:200]}")
            except urllib3.exceptions.HTTPError as exc:
                raise FetchError(f"{parts.hostname}: {exc.__class__.__name__}: {exc}") from None
            return Fetched(
                url=url,
                status=response.status,
                content_type=response.headers.get("Content-Type", ""),
                body=bytes(body),
            )
        finally:
            response.close()  # never drained: a slow or huge answer is simply dropped
            pool.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
