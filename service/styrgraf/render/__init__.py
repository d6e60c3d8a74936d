"""The render layer: pure functions from answers to text, CSV, Turtle and SVG drawings."""
