"""styrgraf import kolada --fetch against a real HTTP server on 127.0.0.1 that serves the
response files as Kolada's API would: pages followed, a 429 waited out, at most 25 ids a
request, an unreachable network said in one line. Nothing here touches the internet."""

from __future__ import annotations

import json
import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kolada_support import KOLADA, RESPONSES, dump, expected, fill
from styrgraf.cli import main
from styrgraf.store import open_store

KOLADA_API = "https://api.kolada.se/v3/"
EMPTY = b'{"values": [], "count": 0, "next_url": null}'


class Kolada(ThreadingHTTPServer):
    """Kolada's API as the files say it answers: data, its second page, oudata; the first
    request for data answered 429 first. Every request is recorded with its status."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}/v3/"
        self.asked: list[tuple[str, int]] = []
        self.busy = 1


class Handler(BaseHTTPRequestHandler):
    server: Kolada

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/v3/data/") and self.server.busy:
            self.server.busy -= 1
            self._send(429, b'{"error": "too many requests"}', {"Retry-After": "0"})
            return
        if parts.path.startswith("/v3/oudata/"):
            body = (KOLADA / "ou.json").read_bytes()
        elif parts.path.startswith("/v3/data/kpi/N01951,N15428,N00923/"):
            page = 2 if "page=2" in parts.query else 1
            body = (KOLADA / f"municipality-page-{page}.json").read_bytes()
        else:
            body = EMPTY
        self._send(200, body.replace(KOLADA_API.encode(), self.server.base.encode()))

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.server.asked.append((self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def kolada() -> Iterator[Kolada]:
    server = Kolada()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kolada-fetch") / "store"
    fill(open_store(store=str(folder))).shut()
    return folder


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fetching_follows_the_pages_waits_out_a_429_and_imports_what_the_files_hold(
    capsys: pytest.CaptureFixture[str], kolada: Kolada, prepared: Path, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(prepared, tmp_path / "store"))
    store = open_store(store=str(folder))
    want = expected(store, RESPONSES)
    store.shut()
    code, out, err = _run(
        capsys,
        *("import", "kolada", "--store", str(folder), "--kolada-api", kolada.base),
        *("--fetch", "N01951,N15428", "--fetch", "N00923", "--years", "2019-2022,2024"),
        *("--municipality", "0781", "--ou", "V15E078100101,V15E078100102,V15E078199999"),
        "--json",
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["counts"] == want and report["written"] and report["files"] == []
    paths = [(urlsplit(path).path, status) for path, status in kolada.asked]
    data = "/v3/data/kpi/N01951,N15428,N00923/municipality/0781/year/2019,2020,2021,2022,2024"
    ou = "/v3/oudata/kpi/N01951,N15428,N00923/ou/V15E078100101,V15E078100102,V15E078199999"
    assert paths == [
        (data, 429),
        (data, 200),
        (
            "/v3/data/kpi/N01951,N15428,N00923/municipality/0781,0780/year/2019,2020,2021,2022,2024",
            200,
        ),
        (ou + "/year/2019,2020,2021,2022,2024", 200),
    ]
    assert "page=2" in kolada.asked[2][0]
    # The values keep Kolada's own addresses as their source, not the server asked.
    assert all(r["source"].startswith(KOLADA_API) for r in report["revisions"])


def test_more_than_25_ids_are_asked_for_in_several_requests(
    capsys: pytest.CaptureFixture[str], kolada: Kolada, prepared: Path
) -> None:
    kpis = [f"N{number:05d}" for number in range(1, 31)]
    code, out, err = _run(
        capsys,
        *("import", "kolada", "--store", str(prepared), "--kolada-api", kolada.base),
        *("--fetch", ",".join(kpis), "--years", "2022", "--municipality", "0781", "--dry-run"),
    )
    assert code == 0, err
    asked = [urlsplit(path).path.split("/") for path, status in kolada.asked if status == 200]
    groups = [segments[4].split(",") for segments in asked]
    assert [len(group) for group in groups] == [25, 5]
    assert [kpi for group in groups for kpi in group] == kpis
    assert "Inget ändrades" in out


def test_an_unreachable_network_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], prepared: Path
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    store = open_store(store=str(prepared))
    before = dump(store)
    store.shut()
    code, out, err = _run(
        capsys,
        *("import", "kolada", "--store", str(prepared)),
        *("--kolada-api", f"http://127.0.0.1:{port}/v3/", "--fetch", "N01951", "--years", "2022"),
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "cannot reach Kolada at http://127.0.0.1:" in err
    store = open_store(store=str(prepared))
    assert dump(store) == before
    store.shut()
