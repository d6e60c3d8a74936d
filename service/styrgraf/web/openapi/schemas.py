"""JSON Schemas (2020-12, the dialect of OpenAPI 3.1) generated from the ``TypedDict`` shapes of
the service's answers, for the OpenAPI document's ``components/schemas``.

Each shape is defined once, as a ``TypedDict`` beside the code that builds it, and mypy checks
that code against it; the schema is read from the same class, so the document says what the
code builds. The conversion:

- ``str``, ``int``, ``float``, ``bool``, ``None``: ``string``, ``integer``, ``number``,
  ``boolean``, ``null``; ``Any`` and ``object``: any value (an empty schema);
- ``list[X]`` (or ``Sequence[X]``): an array of X; ``dict[str, X]`` (or ``Mapping``): an object
  whose every value is X, its keys limited to the values of a ``Literal`` key type;
- ``Literal[...]``: an ``enum``; a union: the types listed together where each is a plain type
  (``["string", "null"]``), the values of ``Literal`` members merged into one ``enum``, else
  ``anyOf``; ``Annotated[X, ...]``: X;
- a ``TypedDict``: a named schema of its own, referred to by ``$ref``; its keys are its
  ``properties`` (inherited keys included), every key but a ``NotRequired`` one (or one of a
  ``total=False`` class) is ``required``, and no other key is allowed
  (``additionalProperties: false``), so that an answer holding a key its shape does not
  declare fails the tests that check answers against the document; the class's docstring is
  the schema's ``description`` and a key's docstring (a string right below it) the key's.

Anything else is refused with a :class:`TypeError` naming the type and where it was met.

Hand-written rather than taken from a library: pydantic's ``TypeAdapter`` makes such schemas,
but it would be a runtime dependency of the service (with a compiled core) for one document,
while these few rules cover every shape the service has, in a page of code.
"""

from __future__ import annotations

import ast
import enum
import inspect
import itertools
import sys
import textwrap
import types
from collections.abc import Mapping, Sequence
from functools import cache
from typing import (
    Annotated,
    Any,
    Literal,
    NotRequired,
    Required,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

_PLAIN: dict[Any, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
    None: "null",
}
_JSON_TYPES: dict[type, str] = {str: "string", bool: "boolean", int: "integer", float: "number"}


class Schemas:
    """The named schemas of a document, gathered as the shapes are referred to.

    :meth:`ref` gives the schema to put where a value of a type is described; every
    ``TypedDict`` met on the way, however deep, is added to :attr:`named` once, under its
    class name (two shapes of one name are refused).
    """

    def __init__(self) -> None:
        self.named: dict[str, dict[str, Any]] = {}
        self._classes: dict[str, type] = {}

    def ref(self, shape: Any) -> dict[str, Any]:
        """The schema of a value of ``shape`` (a ``TypedDict`` by reference)."""
        return self._schema(shape, getattr(shape, "__name__", repr(shape)))

    def _schema(self, hint: Any, where: str) -> dict[str, Any]:
        origin, args = get_origin(hint), get_args(hint)
        if origin is Annotated or origin is NotRequired or origin is Required:
            return self._schema(args[0], where)
        if hint is Any or hint is object:
            return {}
        if is_typeddict(hint):
            return {"$ref": f"#/components/schemas/{self._named(hint)}"}
        if hint in _PLAIN:
            return {"type": _PLAIN[hint]}
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return _enum(tuple(member.value for member in hint), where)
        if origin is Literal:
            return _enum(args, where)
        if origin is Union or origin is types.UnionType:
            return self._union(args, where)
        if origin in (list, Sequence):
            return {"type": "array", "items": self._schema(args[0], where)}
        if origin in (dict, Mapping):
            return self._object(args, where)
        raise TypeError(f"{where}: {hint!r} has no JSON Schema here")

    def _union(self, members: tuple[Any, ...], where: str) -> dict[str, Any]:
        if all(get_origin(m) is Literal or m is type(None) for m in members):
            values = [v for m in members for v in (get_args(m) or (None,))]
            return _enum(tuple(values), where)
        schemas = [self._schema(m, where) for m in members]
        if all(set(s) == {"type"} and isinstance(s["type"], str) for s in schemas):
            return {"type": [s["type"] for s in schemas]}
        return {"anyOf": schemas}

    def _object(self, args: tuple[Any, ...], where: str) -> dict[str, Any]:
        key, value = args
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": self._schema(value, where),
        }
        if get_origin(key) is Literal and all(isinstance(k, str) for k in get_args(key)):
            schema["propertyNames"] = _enum(get_args(key), where)
        elif key is not str:
            raise TypeError(f"{where}: the keys of a JSON object are strings, not {key!r}")
        return schema

    def _named(self, shape: type) -> str:
        name = shape.__name__
        known = self._classes.get(name)
        if known is shape:
            return name
        if known is not None:
            raise TypeError(
                f"two shapes are named {name}: {known.__module__}.{name} and "
                f"{shape.__module__}.{name}"
            )
        # Named before its keys are read, so that a shape may hold itself (a tree's children).
        self._classes[name] = shape
        hints = get_type_hints(shape, include_extras=True)
        required = _required(shape, hints)
        docs = key_docs(shape)
        # The keys an answer always holds first, each group in the order of its declaration.
        keys = sorted(hints, key=lambda key: key not in required)
        properties: dict[str, Any] = {}
        for key in keys:
            schema = self._schema(hints[key], f"{shape.__module__}.{name}.{key}")
            properties[key] = {**schema, "description": docs[key]} if key in docs else schema
        schema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = [key for key in keys if key in required]
        schema["additionalProperties"] = False
        if shape.__doc__:
            schema = {"description": prose(shape.__doc__), **schema}
        self.named[name] = schema
        return name


def _required(shape: type, hints: Mapping[str, Any]) -> set[str]:
    """The keys an answer always holds.

    ``__required_keys__`` alone is not to be trusted: where annotations are strings
    (``from __future__ import annotations``, as in every module here) Python 3.11 cannot see a
    ``NotRequired`` when it makes the class, as the documentation of ``typing.TypedDict`` warns,
    and counts the key as required. The evaluated hints can: ``NotRequired`` and ``Required``
    there override the class's totality, which ``__required_keys__`` does reflect.
    """
    required = set(getattr(shape, "__required_keys__", ()))
    for key, hint in hints.items():
        while get_origin(hint) is Annotated:
            hint = get_args(hint)[0]
        if get_origin(hint) is NotRequired:
            required.discard(key)
        elif get_origin(hint) is Required:
            required.add(key)
    return required


def _enum(values: tuple[Any, ...], where: str) -> dict[str, Any]:
    kinds = []
    for value in values:
        kind = "null" if value is None else _JSON_TYPES.get(type(value))
        if kind is None:
            raise TypeError(f"{where}: the literal {value!r} is no JSON value")
        if kind not in kinds:
            kinds.append(kind)
    return {"type": kinds[0] if len(kinds) == 1 else kinds, "enum": list(values)}


@cache
def key_docs(shape: type) -> dict[str, str]:
    """The docstring of each key of a class-syntax ``TypedDict`` (the string literal right
    below the key), its inherited keys' included; none where the source cannot be read."""
    try:
        source = inspect.getsource(shape)
    except (OSError, TypeError):
        return {}
    found = ast.parse(textwrap.dedent(source)).body[0]
    if not isinstance(found, ast.ClassDef):
        return {}
    docs: dict[str, str] = {}
    module = sys.modules[shape.__module__]
    for base in found.bases:
        inherited = getattr(module, base.id, None) if isinstance(base, ast.Name) else None
        if is_typeddict(inherited):
            docs.update(key_docs(inherited))
    body = found.body
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = prose(following.value.value)
    return docs


def prose(docstring: str) -> str:
    """A docstring as a description: its indentation gone, and each paragraph on one line (the
    lines of a docstring are wrapped for the source, not for the reader of the document)."""
    paragraphs = inspect.cleandoc(docstring).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)
