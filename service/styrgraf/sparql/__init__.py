"""SPARQL text: the named queries, parameters bound as terms, and the syntax checks a query
passes before any engine sees it."""
