"""The remote store's one HTTP client.

Every request to a SPARQL server goes out through :meth:`Client.send`, which adds the
credentials (HTTP Basic or Digest, or a bearer token) and the User-Agent, waits at most the
timeout, and turns whatever goes wrong into a :class:`~styrgraf.store.base.StoreError` in the
server's own words (a :class:`~styrgraf.sparql.queries.QueryError` when the server refused the
request as malformed). Queries and updates are written by SPARQLWrapper, which knows the SPARQL
Protocol's form; the Graph Store Protocol and the queries answered as documents are posted as
they are.
"""

from __future__ import annotations

import base64
import http.client
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from SPARQLWrapper import INSERT, JSON, POST, SELECT, URLENCODED, SPARQLWrapper

from styrgraf import __version__
from styrgraf.sparql.queries import QueryError
from styrgraf.store.base import StoreError

USER_AGENT = f"styrgraf/{__version__}"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Answer:
    """A successful response, read whole: its body and its Content-Type ("" when none)."""

    body: bytes
    media_type: str
    max_rows: str = ""
    """Virtuoso's ``X-SPARQL-MaxRows``: the answer was cut at this many rows."""


class Client:
    """Sends requests to one server's endpoints with the same credentials and timeout.

    ``timeout``: seconds to wait for a connection or for the next part of an answer.

    A user and password go as HTTP Basic with every request, unless the server refuses them
    (401) and, asked without them, challenges for HTTP Digest (Virtuoso's ``/sparql-auth``,
    which answers Basic with a bare 401): from then on every request answers the challenge.
    """

    def __init__(
        self,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.timeout = timeout
        self.headers = {"User-Agent": USER_AGENT}
        self.digest = False
        self._passwords: urllib.request.HTTPPasswordMgrWithDefaultRealm | None = None
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        elif user is not None:
            secret = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
            self.headers["Authorization"] = f"Basic {secret}"
            self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        self._user = (user or "", password or "")

    def post(
        self,
        url: str,
        body: bytes,
        content_type: str,
        accept: str = "*/*",
        timeout: float | None = None,
    ) -> Answer:
        """POST ``body`` to ``url`` as it is."""
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", content_type)
        request.add_header("Accept", accept)
        return self.send(request, timeout)

    def sparql(
        self,
        url: str,
        text: str,
        *,
        update: bool,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        accept: str | None = None,
    ) -> Answer:
        """A query or an update by the SPARQL Protocol: a POSTed form, the dataset named by
        ``default_graphs`` and ``named_graphs``, the answer in a format of ``accept`` (by
        default SPARQL JSON results).

        Whether ``text`` is a query or an update is ours to say: SPARQLWrapper guesses it from
        the first keyword it finds, and a comment with a word like "load" in it fools the guess.
        """
        wrapper = SPARQLWrapper(url, updateEndpoint=url, agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setReturnFormat(JSON)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(text)
        wrapper.queryType = INSERT if update else SELECT
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
        for graph in named_graphs:
            wrapper.addNamedGraph(graph)
        # SPARQLWrapper writes the request (its one method for that, stable through 2.x); it is
        # sent here like every other, rather than by SPARQLWrapper's own urlopen and errors.
        request = wrapper._createRequest()
        if accept is not None:
            request.add_header("Accept", accept)
        return self.send(request)

    def send(self, request: urllib.request.Request, timeout: float | None = None) -> Answer:
        """Send ``request`` with this client's credentials and User-Agent, waiting at most
        ``timeout`` seconds (never more than the client's own); the answer, or a
        :class:`StoreError` (:class:`QueryError` for a request refused as malformed)."""
        url = request.full_url
        wait = self.timeout if timeout is None else min(timeout, self.timeout)
        try:
            try:
                return self._open(request, wait)
            except urllib.error.HTTPError as error:
                if error.code != 401 or not self._take_digest(request, error, wait):
                    raise
                return self._open(request, wait)
        except urllib.error.HTTPError as error:
            words = _words(error)
            if 400 <= error.code < 500 and error.code not in (401, 403, 404):
                raise QueryError(f"{url} refused the request ({error.code}): {words}") from None
            said = f": {words}" if words else ""
            raise StoreError(f"{url} answered {error.code} {error.reason}{said}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"cannot reach {url}: {reason}") from None
        except http.client.HTTPException as error:
            raise StoreError(f"{url} broke off its answer: {error!r}") from None

    def _open(self, request: urllib.request.Request, wait: float) -> Answer:
        for name, value in self.headers.items():
            if name != "Authorization" or not self.digest:
                request.add_header(name, value)
        if self.digest:
            request.remove_header("Authorization")
            opened = self._digest_opener(request.full_url).open(request, timeout=wait)
        else:
            opened = urllib.request.urlopen(request, timeout=wait)
        with opened as response:
            body: bytes = response.read()
            media = response.headers.get("Content-Type") or ""
            return Answer(body, media, response.headers.get("X-SPARQL-MaxRows") or "")

    def _take_digest(
        self, request: urllib.request.Request, refused: urllib.error.HTTPError, wait: float
    ) -> bool:
        """Whether the server wants HTTP Digest of a user refused as Basic (then the client
        answers its challenges from now on)."""
        if self._passwords is None or self.digest:
            return False
        challenge = refused.headers.get("WWW-Authenticate") or ""
        if not challenge:
            # Refused as Basic without a challenge: the challenge is asked for bare.
            bare = urllib.request.Request(request.full_url, method="HEAD")
            bare.add_header("User-Agent", USER_AGENT)
            try:
                with urllib.request.urlopen(bare, timeout=wait):
                    return False
            except urllib.error.HTTPError as error:
                challenge = error.headers.get("WWW-Authenticate") or ""
        if not challenge.lower().startswith("digest"):
            return False
        self.digest = True
        return True

    def _digest_opener(self, url: str) -> urllib.request.OpenerDirector:
        """An opener that answers ``url``'s server's Digest challenges with the user and
        password (one for each request: a handler counts its nonces and retries)."""
        assert self._passwords is not None
        parts = urllib.parse.urlsplit(url)
        self._passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", *self._user)
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(self._passwords))


def _words(error: urllib.error.HTTPError) -> str:
    """What the server said with an error status, on one line (at most 500 characters)."""
    try:
        text = error.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    return " ".join(text.split())[:500]


def check_url(url: str) -> None:
    """An endpoint must be an http(s) URL with a host and, if any, a numeric port."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise StoreError(f"{url}: not a valid endpoint URL ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{url}: an endpoint must be an http:// or https:// URL")
