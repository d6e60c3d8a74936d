"""Results brought in: Kolada's responses and the boards' workbooks, matched to the model and
written with their provenance (docs/import.md)."""
