"""Routes of the linked blueprint (being built)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("linked", __name__)
