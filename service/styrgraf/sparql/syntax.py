"""One reading of SPARQL query text: a lexer by the terminals of the SPARQL 1.1 grammar.

Every decision the service takes about a query from outside is taken here, from tokens, never
from a pattern over the raw text: the query form, whether a ``SERVICE`` call, ``LOAD`` or any
other update keyword occurs, the ``FROM`` and ``FROM NAMED`` clauses, how deep groups and
expressions nest, and how many chained operators the query holds.

The tokens are those of the grammar (SPARQL 1.1 §19.8): ``IRIREF``, ``PNAME_NS`` and
``PNAME_LN`` (with the local-name escapes ``\\#``, ``\\.`` … and ``%XX``), the four string
forms with their escapes, ``VAR1``/``VAR2``, numbers, ``LANGTAG``, ``BLANK_NODE_LABEL``,
comments, punctuation and operators, and keywords (case-insensitive). The text between tokens
may hold only the grammar's white space (space, tab, CR, LF) and comments, which end at the
first CR or LF.

Codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are read where the engine reads them.
pyoxigraph 0.5, the embedded engine, does not apply the escape pass the specification
describes over the whole text: it decodes them inside IRIs and strings only, and a backslash
anywhere else (``SERV\\u0049CE``, ``L\\u0049MIT``) is a syntax error; this lexer does the same,
so such a text cannot be tokenised and is refused. Because a remote store's engine may apply
the pass over the whole text, a text holding a codepoint escape is read a second time with the
escapes replaced first, and what either reading finds counts (fail closed).

Whether ``<`` opens an IRI or is the less-than operator depends on where it stands, as it does
for the engine: inside an expression, right after an operand (a variable, a term, a closing
parenthesis), it is the operator; anywhere else it opens an IRI. Otherwise ``?a<?b)SERVICE?x#>``
could be taken for one IRI while the engine reads a comparison, a ``SERVICE`` call and a comment.

A text that cannot be tokenised raises :class:`SyntaxRefused`: the service answers 400 and
nothing reaches a parser.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

MAX_NESTING = 128
"""The deepest nesting of groups, brackets and parentheses a query from outside may have."""

MAX_OPERATORS = 1000
"""The most chained operators (see :data:`OPERATORS`) a query from outside may hold.

pyoxigraph 0.5 evaluates each chain recursively and overflows its stack, killing the process,
at about 2,500 ``BIND``, ``MINUS``, select expressions or ``DESCRIBE`` terms, 6,400
``OPTIONAL`` or ``UNION``, 8,000 path steps and 9,000 ``!``, ``&&``, ``||`` or ``FILTER``
(measured in a thread with the default 8 MiB stack; mixtures of 2,000 of them nested 120 deep
still ran). The largest named query holds 129.
"""

FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")

FORBIDDEN = {
    "SERVICE": "federated queries (SERVICE) are not answered here: this server fetches nothing",
    "LOAD": "LOAD is an update: this endpoint is read-only and fetches nothing",
}
UPDATES = ("CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "INSERT", "DELETE", "WITH", "USING")
"""Keywords of SPARQL Update only: a query holding one is refused as an update."""

OPERATORS = frozenset(
    {
        "!",
        "&&",
        "||",
        "+",
        "-",
        "*",
        "/",
        "|",
        "^",
        "{",
        ".",
        ";",
        ",",
        "UNION",
        "OPTIONAL",
        "MINUS",
        "FILTER",
        "BIND",
        "GRAPH",
        "EXISTS",
        "AS",
        "SERVICE",
    }
)
"""What a chain is made of: the expression operators, path steps and alternatives, groups (each
a join), triple and property-list separators (``.``, ``;``, and ``,`` between objects), and the
pattern keywords; and each resource a ``DESCRIBE`` names. Commas between a function's arguments
are not counted."""


class SyntaxRefused(Exception):
    """Query text that this service will not hand to a parser, with the reason."""


@dataclass(frozen=True)
class Token:
    """One terminal: its kind, its text as written, its value (escapes decoded; keywords in
    upper case), and where it starts."""

    kind: str
    text: str
    value: str
    start: int


@dataclass
class Reading:
    """What the tokens of a query say about it."""

    tokens: list[Token]
    form: str | None = None
    forbidden: list[str] = field(default_factory=list)
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    nesting: int = 0
    operators: Counter[str] = field(default_factory=Counter)

    @property
    def operator_count(self) -> int:
        return sum(self.operators.values())


# --- the terminals (SPARQL 1.1 §19.8) -----------------------------------------------------------

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (
    f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']"

_TERMINALS = [
    ("STRING_LONG2", f'"""(?:(?:"|"")?(?:[^"\\\\]|{_ECHAR}|{_UCHAR}))*"""'),
    ("STRING_LONG1", f"'''(?:(?:'|'')?(?:[^'\\\\]|{_ECHAR}|{_UCHAR}))*'''"),
    ("STRING2", f'"(?:[^"\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*"'),
    ("STRING1", f"'(?:[^'\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*'"),
    ("PNAME_LN", f"(?:{_PN_PREFIX})?:{_PN_LOCAL}"),
    ("PNAME_NS", f"(?:{_PN_PREFIX})?:"),
    ("BLANK_NODE_LABEL", f"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"),
    ("VAR", f"[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    ("LANGTAG", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    (
        "NUMBER",
        r"[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+(?:[eE][+-]?[0-9]+)?"
        r"|[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+",
    ),
    # Keywords, function names and ``a``: letters, digits and ``_`` (GROUP_CONCAT, SHA256).
    ("WORD", r"[A-Za-z][A-Za-z0-9_]*"),
    ("PUNCT", r"\^\^|&&|\|\||!=|<=|>=|<<\(|\)>>|<<|>>|\{\||\|\}|[{}()\[\];,.*/|^!=<>+\-?]"),
]
_TERMINAL = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TERMINALS))
_IRIREF = re.compile(f'<(?:[^<>"{{}}|^`\\\\\\x00-\\x20]|{_UCHAR})*>')
_SKIP = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)+")
_ESCAPE = re.compile(f"{_UCHAR}|{_ECHAR}")
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

_OPERAND_END = frozenset({"IRIREF", "PNAME_LN", "PNAME_NS", "VAR", "STRING", "NUMBER", "LANGTAG"})
_NOT_CALLS = frozenset({"VALUES", "A", "TRUE", "FALSE", "UNDEF", "NAMED", "GRAPH"})
"""Words that a ``(`` may follow without opening an expression (a VALUES tuple, a list)."""
_CONSTRAINTS = frozenset({"FILTER", "HAVING"})


def _decode(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        escape = match.group(0)
        if escape[1] in "uU":
            code = int(escape[2:], 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise SyntaxRefused(f"{escape} is not a character")
            return chr(code)
        return _ECHARS[escape[1]]

    return _ESCAPE.sub(one, text)


def _codepoints(text: str) -> str:
    """The text with every codepoint escape replaced, as the specification's pass does."""

    def one(match: re.Match[str]) -> str:
        code = int(match.group(0)[2:], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise SyntaxRefused(f"{match.group(0)} is not a character")
        return chr(code)

    return re.sub(_UCHAR, one, text)


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, comments and white space left out; :class:`SyntaxRefused` when
    some part of it is no token of the grammar."""
    tokens: list[Token] = []
    # A stack of what each open bracket is: "group" {, "expr" ( in an expression, "list" ( of
    # a collection or VALUES, "blank" [; and the clause a ( is read in at each group level.
    stack: list[str] = []
    clause: list[str] = [""]
    position, size = 0, len(text)
    while True:
        skipped = _SKIP.match(text, position)
        if skipped:
            position = skipped.end()
        if position >= size:
            return tokens
        char = text[position]
        previous = tokens[-1] if tokens else None
        in_expression = bool(stack) and stack[-1] == "expr"
        if char == "<" and not (
            in_expression
            and previous is not None
            and (previous.kind in _OPERAND_END or previous.value in (")", "TRUE", "FALSE"))
        ):
            iri = _IRIREF.match(text, position)
            if iri is not None:
                raw = iri.group(0)
                tokens.append(Token("IRIREF", raw, _decode(raw[1:-1]), position))
                position = iri.end()
                continue
        match = _TERMINAL.match(text, position)
        if match is None:
            shown = text[position : position + 20]
            line = text.count("\n", 0, position) + 1
            what = "an unterminated string" if char in "\"'" else "no SPARQL token"
            raise SyntaxRefused(f"the query cannot be read: {what} at line {line}: {shown!r}")
        kind = match.lastgroup or ""
        raw = match.group(0)
        if kind.startswith("STRING"):
            quote = 3 if kind.startswith("STRING_LONG") else 1
            token = Token("STRING", raw, _decode(raw[quote:-quote]), position)
        elif kind in ("PNAME_LN", "PNAME_NS"):
            token = Token(kind, raw, _LOCAL_ESCAPE.sub(r"\1", raw), position)
        elif kind == "WORD":
            token = Token("WORD", raw, raw.upper(), position)
        else:
            token = Token(kind, raw, raw, position)
        position = match.end()
        value = token.value
        if kind == "WORD":
            if value in ("SELECT", "BY", "HAVING"):
                clause[-1] = value
            elif value in ("WHERE", "FROM", "LIMIT", "OFFSET", "VALUES"):
                clause[-1] = ""
        if kind == "PUNCT":
            if value in ("{", "{|"):
                stack.append("group")
                clause.append("")
            elif value in ("}", "|}"):
                if stack and stack[-1] == "group":
                    stack.pop()
                    clause.pop()
                clause[-1] = ""
            elif value in ("(", "<<("):
                stack.append("expr" if _opens_expression(tokens, stack, clause[-1]) else "list")
            elif value in (")", ")>>"):
                if stack and stack[-1] in ("expr", "list"):
                    stack.pop()
            elif value == "[":
                stack.append("blank")
            elif value == "]" and stack and stack[-1] == "blank":
                stack.pop()
            if value in (",", ";") and in_expression:
                # Between a function's arguments (or before SEPARATOR): no chain.
                token = Token("PUNCT", raw, "ARG" if value == "," else "SEP", token.start)
        tokens.append(token)


def _opens_expression(tokens: list[Token], stack: list[str], clause: str) -> bool:
    """Whether a ``(`` after ``tokens`` opens an expression rather than a list."""
    if stack and stack[-1] == "expr":
        return True
    if clause in ("SELECT", "BY", "HAVING"):
        return True
    if not tokens:
        return False
    previous = tokens[-1]
    if previous.kind == "WORD":
        return previous.value not in _NOT_CALLS
    if previous.kind in ("IRIREF", "PNAME_LN", "PNAME_NS") and len(tokens) > 1:
        # FILTER <f>(…): a function call as the constraint itself.
        return tokens[-2].kind == "WORD" and tokens[-2].value in _CONSTRAINTS
    return False


def read(text: str) -> Reading:
    """Tokenise ``text`` and say what its tokens show; :class:`SyntaxRefused` when it cannot
    be tokenised. A text holding a codepoint escape is also read with the escapes replaced
    first, and what that reading forbids is forbidden too."""
    reading = _read(tokenize(text))
    if re.search(_UCHAR, text):
        try:
            other = _read(tokenize(_codepoints(text)))
        except SyntaxRefused as refused:
            raise SyntaxRefused(
                f"{refused} (read with its \\u escapes replaced, as some engines read it)"
            ) from None
        for word in other.forbidden:
            if word not in reading.forbidden:
                reading.forbidden.append(word)
        reading.nesting = max(reading.nesting, other.nesting)
        if other.operator_count > reading.operator_count:
            reading.operators = other.operators
    return reading


def _read(tokens: list[Token]) -> Reading:
    reading = Reading(tokens)
    prefixes: dict[str, str] = {}
    depth = 0
    prologue = True
    describing = False
    for index, token in enumerate(tokens):
        value = token.value
        if describing and token.kind in ("IRIREF", "PNAME_LN", "PNAME_NS", "VAR"):
            reading.operators["DESCRIBE"] += 1
        if token.kind == "WORD":
            describing = value == "DESCRIBE" or (describing and value not in ("FROM", "WHERE"))
            if (value in FORBIDDEN or value in UPDATES) and value not in reading.forbidden:
                reading.forbidden.append(value)
            if prologue and value in FORMS:
                reading.form = value
                prologue = False
            elif prologue and value not in ("BASE", "PREFIX"):
                prologue = False
            if value == "PREFIX" and index + 2 < len(tokens):
                name, iri = tokens[index + 1], tokens[index + 2]
                if name.kind == "PNAME_NS" and iri.kind == "IRIREF":
                    prefixes[name.value[:-1]] = iri.value
            if value == "FROM":
                named = index + 1 < len(tokens) and tokens[index + 1].value == "NAMED"
                at = index + (2 if named else 1)
                graph = _iri(tokens[at] if at < len(tokens) else None, prefixes)
                (reading.from_named if named else reading.from_graphs).append(graph)
        if token.kind == "PUNCT":
            if value in ("{", "(", "[", "<<", "<<(", "{|"):
                depth += 1
                reading.nesting = max(reading.nesting, depth)
            elif value in ("}", ")", "]", ">>", ")>>", "|}"):
                depth -= 1
            if value == "{":
                describing = False
        if value in OPERATORS and token.kind in ("WORD", "PUNCT"):
            reading.operators[value] += 1
    return reading


def _iri(token: Token | None, prefixes: dict[str, str]) -> str:
    if token is not None and token.kind == "IRIREF":
        return token.value
    if token is not None and token.kind in ("PNAME_LN", "PNAME_NS"):
        prefix, _, local = token.value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
        raise SyntaxRefused(f"a FROM clause names its graph with an undeclared prefix {prefix}:")
    raise SyntaxRefused("a FROM clause names no graph")


def check(text: str) -> Reading:
    """The checks every query from outside passes before any parser sees it: it can be
    tokenised, is a query (SELECT, ASK, CONSTRUCT or DESCRIBE), calls no service, holds no
    update, nests at most :data:`MAX_NESTING` deep and chains at most :data:`MAX_OPERATORS`
    operators. Raises :class:`SyntaxRefused` naming what is wrong."""
    reading = read(text)
    for word in reading.forbidden:
        if word in FORBIDDEN:
            raise SyntaxRefused(FORBIDDEN[word])
        raise SyntaxRefused(
            f"{word} is a keyword of SPARQL Update: this endpoint is read-only and answers queries"
        )
    if reading.nesting > MAX_NESTING:
        raise SyntaxRefused(
            f"the query nests groups or expressions deeper than {MAX_NESTING} levels"
        )
    if reading.operator_count > MAX_OPERATORS:
        kind, count = reading.operators.most_common(1)[0]
        raise SyntaxRefused(
            f"the query chains {reading.operator_count} operators and patterns ({count} of "
            f"them {kind!r}): at most {MAX_OPERATORS} are answered"
        )
    if reading.form is None:
        raise SyntaxRefused("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return reading
