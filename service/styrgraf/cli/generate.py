"""``styrgraf generate``: a synthetic model of N municipalities, for scale tests."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from styrgraf.cli.options import CONTEXT, EXIT_OK, CommandError, output_option
from styrgraf.generator.generate import generate as generated_model


@click.command(
    context_settings=CONTEXT,
    short_help="write a synthetic model of N municipalities, with planted defects",
)
@click.argument("municipalities", type=int, metavar="N", help="how many")
@click.option("--seed", type=int, default=1, show_default=True, help="the random seed")
@output_option(required=True, help="the TriG file to write")
@click.option("--manifest", metavar="FILE", help="write the planted defects here (JSON)")
@click.option("--no-defects", is_flag=True, help="a sound model, with nothing planted")
@click.option("--no-private", is_flag=True, help="leave out the private graphs")
def generate(
    municipalities: int,
    seed: int,
    output: str,
    manifest: str | None,
    no_defects: bool,
    no_private: bool,
) -> int:
    """Write a deterministic synthetic model of N municipalities shaped like the bundled one,
    with defects of every kind that coverage reports planted and listed in a manifest, for
    scale tests."""
    if municipalities < 1:
        raise CommandError("the number of municipalities must be at least 1")
    generated = generated_model(
        municipalities, seed=seed, defects=not no_defects, private=not no_private
    )
    for target in (output, manifest):
        if target is not None and not Path(target).resolve().parent.is_dir():
            raise CommandError(f"{target}: cannot write there: no such folder")
    generated.write_trig(output)
    if manifest:
        generated.write_manifest(manifest)
    sys.stderr.write(
        f"{output}: {municipalities} municipalities, {generated.triple_count} triples, "
        f"{len(generated.manifest['defects'])} planted defects\n"
    )
    return EXIT_OK
