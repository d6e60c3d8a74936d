"""Routes of the graphstore blueprint (being built)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("graphstore", __name__)
