"""Synthetic municipal models of any size, with the orphans and uncovered goals they were built
to hold, for tests and benchmarks (see docs/generator.md).

- ``generate``: :func:`generate.generate` and the :class:`generate.Generated` it returns, the
  entry point (``styrgraf generate``, the tests and the benchmarks use it).
- ``municipal.toml``, read by ``tables`` into the records of ``records``: every text the models
  are made of, in Swedish and English.
- ``graph``: namespaces, literals and the named graphs under construction.
- ``build``: one municipality, built to conform to the shapes.
- ``defects``: the same municipality broken on purpose.
- ``oracle``: what a correct coverage check finds in it, computed independently of
  :mod:`styrgraf.analysis` on purpose.
"""
