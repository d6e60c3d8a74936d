#!/usr/bin/env bash
# Install the programs the tests drive that are not Python packages, where they are missing.
# Debian packages need root (or sudo); npm packages go into .peers/ inside the checkout.
# Each test that needs one of them fails with a message naming it when it is absent.
set -uo pipefail
cd "$(dirname "$0")/.."

# The Oxigraph server ships in the `oxigraph` wheel (a dev dependency).
.venv/bin/oxigraph --version >/dev/null || { echo "the oxigraph server is missing from .venv" >&2; exit 1; }

apt_packages=(
    rasqal-utils  # roqet: an independent SPARQL client (tests/test_clients.py)
    raptor2-utils  # rapper: an independent RDF parser (tests/test_harvest.py)
)
# (each tool adds the Debian packages it needs here)
apt_packages+=(chromium)  # the pages' browser tests (driven by the playwright wheel)
apt_packages+=(curl)  # the documents' examples (tests/test_doc_examples.py) and test_clients.py
# Virtuoso, a second engine behind the remote store (tools/virtuoso_server.py): the server and
# its SQL client only, the part of virtuoso-opensource without the system service.
apt_packages+=(virtuoso-opensource-7-bin)

missing=()
for package in "${apt_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo="none"; fi
    if [ "$sudo" = "none" ]; then
        echo "cannot install ${missing[*]} (needs root); the tests that drive them will fail" >&2
    else
        $sudo apt-get update -q >/dev/null && \
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
            || echo "apt-get could not install ${missing[*]}" >&2
    fi
fi

npm_packages=(
    @comunica/query-sparql@3.3.0  # comunica-sparql: an independent SPARQL client (tests/test_clients.py)
)
# (each tool adds the npm packages it needs here, pinned)
npm_packages+=(axe-core@4.14.1)  # the pages' accessibility audit, injected into chromium

if [ "${#npm_packages[@]}" -gt 0 ]; then
    if command -v npm >/dev/null; then
        mkdir -p .peers
        (cd .peers && [ -f package.json ] || echo '{"private": true}' > package.json)
        (cd .peers && npm install --silent --no-audit --no-fund "${npm_packages[@]}") \
            || echo "npm could not install ${npm_packages[*]}" >&2
    else
        echo "npm is missing: cannot install ${npm_packages[*]}" >&2
    fi
fi
exit 0
