"""Kolada's API asked for values: KPIs × municipalities (or organisational units) × years, at
most :data:`MAX_IDS` ids of each in one request, every page followed (``next_url`` or
``next_page``), a request that Kolada answers 429 (too many requests) asked again after the
wait it names (``Retry-After``) or a growing one, and a network that cannot be reached said in
one line. What it gives is read as files are
(:func:`~styrgraf.results.kolada_responses.read_response`), each value retrieved when its page
arrived.
"""

from __future__ import annotations

import email.utils
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from styrgraf.results.kolada_responses import Level, Response, read_response
from styrgraf.store.client import USER_AGENT

MAX_IDS = 25
"""The most ids of one kind (KPIs, areas, years) that Kolada takes in one request."""
ATTEMPTS = 5
"""How many times a request answered 429 is sent before the import gives up."""
LONGEST_WAIT = 60.0
"""The longest wait, in seconds, before a request is sent again; Kolada asking for longer
ends the import, to be tried again later."""
TIMEOUT = 30.0
"""Seconds to wait for Kolada's answer to one request."""
MAX_PAGES = 10_000
"""The most pages one request is followed through (a response pointing back at an earlier
page is refused before that)."""
MAX_RESPONSE = 64 * 1024 * 1024
"""The largest page read, in bytes (Kolada's pages of 5 000 rows are about a megabyte)."""


class FetchError(Exception):
    """Kolada could not be asked, or did not answer as it should: one line saying why."""


def chunks(ids: Sequence[str], size: int = MAX_IDS) -> list[list[str]]:
    """Ids in groups of at most ``size``, each id once, in the order given.

    >>> chunks(["a", "b", "a", "c"], 2)
    [['a', 'b'], ['c']]
    """
    unique = list(dict.fromkeys(ids))
    return [unique[start : start + size] for start in range(0, len(unique), size)]


def request_urls(
    base: str, level: Level, kpis: Sequence[str], areas: Sequence[str], years: Sequence[int]
) -> list[str]:
    """The first page of every request needed, each with at most :data:`MAX_IDS` ids of a kind.

    >>> request_urls("https://api.kolada.se/v3/", "municipality", ["N01951"], ["0781"], [2021])
    ['https://api.kolada.se/v3/data/kpi/N01951/municipality/0781/year/2021']
    """
    path = "data" if level == "municipality" else "oudata"
    quoted = [urllib.parse.quote(i, safe="") for i in (*kpis, *areas)]
    kpi_ids, area_ids = quoted[: len(kpis)], quoted[len(kpis) :]
    return [
        f"{base}{path}/kpi/{','.join(k)}/{level}/{','.join(a)}/year/{','.join(y)}"
        for k in chunks(kpi_ids)
        for a in chunks(area_ids)
        for y in chunks([str(year) for year in years])
    ]


def check_base(base: str) -> str:
    """The API's base URL, ending in ``/``; FetchError for one that is no http(s) URL."""
    parts = urllib.parse.urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{base}: Kolada's API must be an http:// or https:// URL")
    return base if base.endswith("/") else base + "/"


def fetch(
    base: str,
    level: Level,
    kpis: Sequence[str],
    areas: Sequence[str],
    years: Sequence[int],
) -> list[Response]:
    """Every page of every request for these KPIs, areas and years, in order."""
    base = check_base(base)
    responses: list[Response] = []
    for url in request_urls(base, level, kpis, areas, years):
        responses += _pages(base, url)
    return responses


def _pages(base: str, first: str) -> Iterator[Response]:
    """A request's pages, following each page's link to the next on the same server."""
    seen: set[str] = set()
    url: str | None = first
    while url is not None:
        if url in seen or len(seen) >= MAX_PAGES:
            raise FetchError(f"{url}: Kolada's pages lead back to one already read")
        seen.add(url)
        data = _get(url)
        response = read_response(data, url, datetime.now(UTC).replace(microsecond=0))
        yield response
        url = _next(base, url, response.next_page)


def _next(base: str, current: str, link: str | None) -> str | None:
    """The next page's URL, resolved against the current one; only on the API's own server."""
    if link is None:
        return None
    resolved = urllib.parse.urljoin(current, link)
    if _origin(resolved) != _origin(base):
        raise FetchError(
            f"{current}: the next page is on another server ({resolved}); not followed"
        )
    return resolved


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.netloc


def _get(url: str) -> bytes:
    """The body of ``url``, asked again after 429 as long as the waits allow."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
    )
    for attempt in range(ATTEMPTS):
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                data: bytes = answer.read(MAX_RESPONSE + 1)
        except urllib.error.HTTPError as error:
            if error.code != 429:
                raise FetchError(f"Kolada answered {error.code} {error.reason} for {url}") from None
            wait = retry_after(error.headers.get("Retry-After"), attempt)
            if wait > LONGEST_WAIT:
                raise FetchError(
                    f"Kolada asks to wait {wait:.0f} s before {url} is asked again "
                    "(too many requests); try again later"
                ) from None
            time.sleep(wait)
            continue
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise FetchError(f"cannot reach Kolada at {url}: {reason}") from None
        except http.client.HTTPException as error:
            raise FetchError(f"Kolada broke off its answer to {url}: {error!r}") from None
        if len(data) > MAX_RESPONSE:
            raise FetchError(f"{url}: the page is larger than {MAX_RESPONSE} bytes")
        return data
    raise FetchError(
        f"Kolada answered 429 (too many requests) {ATTEMPTS} times for {url}; try again later"
    )


def retry_after(header: str | None, attempt: int) -> float:
    """The seconds to wait before asking again: what ``Retry-After`` says (seconds or a date),
    or else 1, 2, 4, ... seconds by attempt.

    >>> retry_after("3", 0), retry_after(None, 0), retry_after(None, 2), retry_after("soon", 1)
    (3.0, 1.0, 4.0, 2.0)
    """
    if header is not None:
        text = header.strip()
        if text.isdigit():
            return float(text)
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return float(2**attempt)
