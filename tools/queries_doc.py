"""Print docs/queries.md: every named query, its summary, description and parameters.

Run through `make docs`; a test checks that the committed file is what this prints.
"""

from __future__ import annotations

import sys

from styrgraf.sparql.queries import TYPES, load_queries

INTRO = """# Named queries

Generated from the `#+` headers of the files in `queries/` by `tools/queries_doc.py`
(`make docs`); a test keeps it current.

Run one with `styrgraf query NAME --param NAME=VALUE` (repeatable), or an `.rq` file given as
NAME; `--list` (or no NAME) lists the named queries. `--format json` is the SPARQL 1.1 Query
Results JSON format, `csv` one column per variable, and the default a table for people. Over the
web, `/api/queries/<name>?NAME=VALUE` runs the same queries ([api.md](api.md#the-api)), and
answers a table (`format=csv` or `xlsx`) in the language asked for
([api.md](api.md#tables-csv-and-xlsx)).

```console
$ styrgraf query goals-of-board --lang en --format csv \\
    --param board=https://w3id.org/styrgraf/ljungby/id/kommunstyrelsen | cut -d, -f1,3
goal,level
https://w3id.org/styrgraf/ljungby/id/og-ks-kunskap-1,1
https://w3id.org/styrgraf/ljungby/id/og-ks-livskvalitet-1,1
https://w3id.org/styrgraf/ljungby/id/og-ks-tillvaxt-1,1
https://w3id.org/styrgraf/ljungby/id/og-ks-tillvaxt-2,1
https://w3id.org/styrgraf/ljungby/id/ng-ks-3,2
https://w3id.org/styrgraf/ljungby/id/ng-ks-4,2
https://w3id.org/styrgraf/ljungby/id/ng-ks-1,2
https://w3id.org/styrgraf/ljungby/id/ng-ks-2,2
https://w3id.org/styrgraf/ljungby/id/ng-ks-5,2
$ styrgraf query goals-of-board --param board=nonsense; echo "exit $?"
styrgraf query: parameter 'board': 'nonsense' is not an absolute IRI
exit 2
```

A parameter is the query variable of the same name; its value is checked against the
parameter's type ({types}) and bound as an RDF term in
a `VALUES` block that opens the query's WHERE clause, never spliced into the text. An optional
parameter given no value leaves its variable unbound (the query then covers every value); a
parameter with a default takes it when none is given. Queries run over the union of the named
graphs in scope.

A query whose name ends in `-violation` lists breaches of a rule: it returns no rows on the
bundled model (a test runs them all), and `styrgraf query` exits 1 when it finds any.

A query file starts with its header and stays valid SPARQL:

```
#+ summary: Goals of a board
#+ description: Every övergripande mål and nämndsmål owned by the board,
#+   with the strategic area it sorts under.
#+ param: board iri required The board (nämnd or styrelse)
#+ param: lang language default=sv Language of the labels
```
"""


def render() -> str:
    queries = load_queries()
    parts = [INTRO.format(types=", ".join(f"`{t}`" for t in TYPES))]
    groups = [
        ("Questions", [q for q in queries.values() if not q.is_violation]),
        ("Violations", [q for q in queries.values() if q.is_violation]),
    ]
    for heading, members in groups:
        parts.append(f"## {heading}\n")
        for query in members:
            parts.append(f"### `{query.name}`\n\n**{query.summary}.** {query.description}\n")
            if query.parameters:
                rows = ["| parameter | type | | meaning |", "|---|---|---|---|"]
                for p in query.parameters:
                    need = (
                        "required"
                        if p.required
                        else (f"default `{p.default}`" if p.default is not None else "optional")
                    )
                    rows.append(f"| `{p.name}` | `{p.type}` | {need} | {p.description} |")
                parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(render())
