"""The routes, one blueprint per concern: ``api`` (trace, coverage, validation, named queries,
OpenAPI, health), ``fulfilment`` (the follow-up: måluppfyllelse per period and the distance to
numeric targets), ``sparql`` (the SPARQL 1.1 Protocol endpoint and the query page),
``graph_store`` (the Graph Store Protocol: reads and validated writes), ``linked``
(dereferencing, the vocabulary, the dataset description), ``pages`` (start, goal tree, trace
drawing), ``quality`` (the coverage and validation pages) and ``workbook`` (a board's
reporting workbook to download). No blueprint imports another:
what two of them share lives beneath them in :mod:`styrgraf.web`."""
