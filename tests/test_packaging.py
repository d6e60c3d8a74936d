"""The wheel carries the ontology, shapes, queries and data, so `pip install .` works anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from styrgraf.generator.generate import generate

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run([*pip, "-w", str(out), str(ROOT)], check=True, capture_output=True)
    (built,) = out.glob("styrgraf-*.whl")
    return built


def test_wheel_ships_the_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "shapes", "data"):
        for source in (ROOT / folder).rglob("*"):
            if source.is_file():
                assert f"styrgraf/_bundled/{source.relative_to(ROOT).as_posix()}" in names


def test_installed_wheel_validates_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Only the unpacked wheel is on the path for styrgraf itself; its dependencies come from the
    # running interpreter's environment. The checkout is not importable from here.
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    probe_code = "import styrgraf.model.bundled as r; print(r.resource_dir('shapes'))"
    probe = subprocess.run(
        [sys.executable, "-c", probe_code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert probe.stdout.strip() == str(site / "styrgraf" / "_bundled" / "shapes")
    command = [sys.executable, "-m", "styrgraf.cli", "validate", "--lang", "en"]
    result = subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The model follows the rules")


def test_installed_wheel_serves_the_pages(wheel: Path, tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "service" / "styrgraf"
    # The templates of the pages and the drawings, the static files and the message catalogues
    # (.po as written, .mo compiled).
    for folder in ("web/templates", "web/static", "render/templates", "i18n/locale"):
        files = [p for p in (package / folder).rglob("*") if p.is_file()]
        assert files, folder
        for source in files:
            assert f"styrgraf/{source.relative_to(package).as_posix()}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # The start page, a resource page and the stylesheet, rendered from the unpacked wheel.
    probe_code = (
        "from styrgraf.web.app import create_app\n"
        "c = create_app({'TESTING': True}).test_client()\n"
        "html = {'Accept': 'text/html'}\n"
        "start = c.get('/', headers=html)\n"
        "page = c.get('/ljungby/id/vision', headers=html)\n"
        "heat = c.get('/coverage.svg')\n"
        "node = c.get('/ljungby/id/ng-ks-3', headers=html).get_data(as_text=True)\n"
        "css = c.get('/static/styrgraf.css')\n"
        "english = c.get('/?lang=en-GB', headers=html).get_data(as_text=True)\n"
        "import styrgraf.web.routes.pages as p\n"
        "print(start.status_code, page.status_code, css.status_code, p.__file__)\n"
        "print('Ljungby' in start.get_data(as_text=True), css.mimetype)\n"
        "print('The model' in english and 'Read this page' not in english)\n"
        "print(heat.status_code, heat.mimetype, 'class=\"trace-drawing\"' in node)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    probe = subprocess.run(
        [sys.executable, "-c", probe_code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    first, second, third, fourth = probe.stdout.splitlines()
    assert first == f"200 200 200 {site / 'styrgraf' / 'web' / 'routes' / 'pages.py'}"
    assert second == "True text/css"
    assert third == "True"  # the English words, from the wheel's own catalogue
    assert fourth == "200 image/svg+xml True"  # the drawings, from the wheel's own templates


def test_installed_wheel_generates_from_its_own_data_file(wheel: Path, tmp_path: Path) -> None:
    assert "styrgraf/generator/municipal.toml" in zipfile.ZipFile(wheel).namelist()
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe_code = (
        "from styrgraf.generator.generate import generate\n"
        "from styrgraf.generator.tables import DATA\n"
        "generate(2, seed=4).write_trig('installed.trig')\n"
        "print(DATA)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    probe = subprocess.run(
        [sys.executable, "-c", probe_code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == str(site / "styrgraf" / "generator" / "municipal.toml")
    generate(2, seed=4).write_trig(tmp_path / "checkout.trig")
    assert (tmp_path / "installed.trig").read_bytes() == (tmp_path / "checkout.trig").read_bytes()
