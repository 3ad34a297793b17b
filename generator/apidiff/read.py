"""A generated ``models.py`` read with libcst into a ``PackageApi``.

Parsing a whole big module with libcst is slow (ec2's 4.7 MB take about 5 s), and most of it
is method bodies the API does not depend on. So the module is cut into top-level statements
at lines that start in column 0, methods other than ``__post_init__`` are dropped from each
dataclass, and each piece is parsed on its own. A cut that falls inside a string or a bracket
leaves a piece that does not parse; it is then joined to the next piece and parsed again, so
the pieces that parse are always whole statements. ec2's package reads in about 1.3 s.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

import libcst as cst

from generator.apidiff.surface import ClassApi, ClassKind, FieldApi, OperationApi, PackageApi
from generator.errors import UserError

# Runtime plumbing, not model members, found by what they are rather than by name (a model
# member may take the name, and the plumbing then gets ``unknown_members_``): the last field,
# ``unknown_members``, typed ``UNKNOWN_MEMBERS_TYPE``; and the field a union's
# ``__post_init__`` pairs with botocore's ``UNION_TAG``.
UNKNOWN_MEMBERS_FIELD = re.compile(r"unknown_members_*\d*")
UNKNOWN_MEMBERS_TYPE = "dict[str, Any] | None"
UNION_TAG = "SDK_UNKNOWN_MEMBER"
ENUM_BASE = "OpenStrEnum"
UNION_CHECK = "_one_of"
CLASS_VARIABLE = ("ClassVar[", "typing.ClassVar[")

# Consecutive pieces joined before the cut is left to Python's parser: generated modules need a
# few (the module docstring); a syntax error would otherwise be parsed again at every piece.
MAX_JOINS = 64
_STATEMENT_START = re.compile(r"^[^\s)\]}#]", re.MULTILINE)
_METHOD_START = re.compile(r"^    (?:@|def |async def )", re.MULTILINE)
_PARSER_CONFIG = cst.PartialParserConfig(python_version="3.11")


class ApiReadError(UserError):
    """A models.py that is not a generated package's (exit code 2)."""


def read_package(name: str, source: str, where: str) -> PackageApi:
    """The public API of the package ``name`` whose ``models.py`` text is ``source``."""
    classes: dict[str, ClassApi] = {}
    operations: dict[str, tuple[str | None, str | None]] = {}
    errors: dict[str, tuple[str, ...]] = {}
    found_operations = False
    for statement in _statements(source, where):
        if isinstance(statement, cst.ClassDef):
            read = _read_class(statement)
            if read is not None:
                classes[read.name] = read
        elif isinstance(statement, cst.SimpleStatementLine):
            target, value = _assignment(statement)
            if target == "OPERATIONS" and value is not None:
                operations = _read_operations(value, where)
                found_operations = True
            elif target == "ERRORS" and value is not None:
                errors = _read_errors(value, where)
    if not found_operations:
        raise ApiReadError(f"{where}: not a generated models.py (no OPERATIONS mapping)")
    error_names = {error for raised in errors.values() for error in raised}
    classes = {name: _as_error(cls) if name in error_names else cls for name, cls in classes.items()}
    return PackageApi(
        name=name,
        classes=classes,
        operations={
            op: OperationApi(op, request, response, errors.get(op, ()))
            for op, (request, response) in operations.items()
        },
    )


def _as_error(cls: ClassApi) -> ClassApi:
    return cls if cls.kind is not ClassKind.STRUCTURE else ClassApi(cls.name, ClassKind.ERROR, cls.fields, cls.values)


# --- cutting the module into statements -----------------------------------------------------


def _statements(source: str, where: str) -> Iterator[cst.BaseStatement]:
    """The top-level statements the API is read from, each parsed on its own."""
    starts = [match.start() for match in _STATEMENT_START.finditer(source)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    pending = ""
    joined = 0
    for begin, end in zip(starts, [*starts[1:], len(source)]):
        pending += source[begin:end]
        if all(line.startswith("@") for line in pending.splitlines() if line.strip()):
            continue  # decorators: their class follows
        module = _parse(_without_methods(pending)) or _parse(pending)
        if module is None:
            joined += 1
            if joined > MAX_JOINS:  # a syntax error, or a cut that keeps failing: do not parse on and on
                yield from _statements_by_ast(source, end - len(pending), where)
                return
            continue  # cut inside a string or brackets: join the next piece
        pending, joined = "", 0
        yield from module.body
    if pending.strip():
        line = source.count("\n", 0, len(source) - len(pending)) + 1
        raise ApiReadError(f"{where}: cannot parse the Python from line {line} on")


def _statements_by_ast(source: str, start: int, where: str) -> Iterator[cst.BaseStatement]:
    """The statements from ``start`` on, cut where Python's own parser says they begin and end
    (one parse, so linear), each then read with libcst; a syntax error is one line."""
    first_line = source.count("\n", 0, start) + 1
    rest = source[start:]
    try:
        tree = ast.parse(rest)
    except SyntaxError as exc:
        raise ApiReadError(f"{where}: line {first_line + (exc.lineno or 1) - 1}: {exc.msg}") from None
    lines = rest.splitlines(keepends=True)
    for node in tree.body:
        decorators = getattr(node, "decorator_list", [])
        begin = min([node.lineno, *(d.lineno for d in decorators)])
        text = "".join(lines[begin - 1 : node.end_lineno])
        module = _parse(_without_methods(text)) or _parse(text)
        if module is None:
            raise ApiReadError(f"{where}: line {first_line + begin - 1}: libcst cannot parse this statement")
        yield from module.body


def _parse(text: str) -> cst.Module | None:
    try:
        return cst.parse_module(text, _PARSER_CONFIG)
    except cst.ParserSyntaxError:
        return None


def _without_methods(piece: str) -> str:
    """A class piece without its methods but ``__post_init__`` (a union's one-member check).

    If a docstring holds a line that looks like a method's start, the cut text does not parse
    and the caller parses the whole piece instead; a kept ``__post_init__`` could close such a
    docstring again, so where one is kept the class without it must parse too.
    """
    starts = [match.start() for match in _METHOD_START.finditer(piece)]
    if not starts or not piece.startswith(("@", "class ")):
        return piece
    head = piece[: starts[0]]
    kept = [
        piece[begin:end]
        for begin, end in zip(starts, [*starts[1:], len(piece)])
        if piece[begin:end].lstrip().startswith("def __post_init__")
    ]
    if kept and _parse(head) is None:
        return piece
    return head + "".join(kept)


# --- classes --------------------------------------------------------------------------------


def _read_class(node: cst.ClassDef) -> ClassApi | None:
    name = node.name.value
    if any(_dotted(base.value) in (ENUM_BASE, f"_runtime.{ENUM_BASE}") for base in node.bases):
        return ClassApi(name, ClassKind.ENUM, {}, _enum_values(node))
    if not any(_dotted(_decorator_name(d.decorator)) in ("dataclass", "dataclasses.dataclass") for d in node.decorators):
        return None  # not a generated model class
    fields: dict[str, FieldApi] = {}
    union_check = False
    plumbing: set[str] = set()
    for statement in _body(node):
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    field_name, annotation = small.target.value, annotation_text(small.annotation.annotation)
                    if not annotation.startswith(CLASS_VARIABLE):  # not a dataclass field
                        fields[field_name] = FieldApi(field_name, annotation, small.value is None)
        elif isinstance(statement, cst.FunctionDef) and statement.name.value == "__post_init__":
            union_check = _raises(statement, UNION_CHECK)
            plumbing |= _tagged_attributes(statement, UNION_TAG)
    last = next(reversed(fields.values()), None)
    if last and UNKNOWN_MEMBERS_FIELD.fullmatch(last.name) and last.annotation == UNKNOWN_MEMBERS_TYPE:
        plumbing.add(last.name)
    # An error is a class ERRORS lists (``read_package`` marks those): an output whose model has
    # an ``Error`` member has ``error`` and ``response_metadata`` fields too (lambda's
    # GetDurableExecutionResponse), so the fields cannot tell.
    kind = ClassKind.UNION if union_check else ClassKind.STRUCTURE
    public = {name: field for name, field in fields.items() if name not in plumbing}
    return ClassApi(name, kind, public, {})


def _body(node: cst.ClassDef) -> tuple[cst.BaseStatement | cst.BaseSmallStatement, ...]:
    body = node.body
    return tuple(body.body) if isinstance(body, cst.IndentedBlock) else tuple(body.body)


def _enum_values(node: cst.ClassDef) -> dict[str, str]:
    values: dict[str, str] = {}
    for statement in _body(node):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                if isinstance(target, cst.Name):
                    values[target.value] = _literal_text(small.value)
    return values


def _literal_text(node: cst.BaseExpression) -> str:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        if isinstance(value, str):
            return value
    return _source(node)


def _decorator_name(node: cst.BaseExpression) -> cst.BaseExpression:
    return node.func if isinstance(node, cst.Call) else node


def _raises(function: cst.FunctionDef, name: str) -> bool:
    """Whether ``function`` has a ``raise name(...)``."""
    found = False

    class Visitor(cst.CSTVisitor):
        def visit_Raise(self, node: cst.Raise) -> None:
            nonlocal found
            exc = node.exc
            if isinstance(exc, cst.Call) and _dotted(exc.func) == name:
                found = True

    function.visit(Visitor())
    return found


def _tagged_attributes(function: cst.FunctionDef, tag: str) -> set[str]:
    """The ``X`` of each ``("<tag>", self.X)`` pair in ``function``."""
    found: set[str] = set()

    class Visitor(cst.CSTVisitor):
        def visit_Tuple(self, node: cst.Tuple) -> None:
            if len(node.elements) != 2:
                return
            key, value = (element.value for element in node.elements)
            if (
                isinstance(key, (cst.SimpleString, cst.ConcatenatedString))
                and key.evaluated_value == tag
                and isinstance(value, cst.Attribute)
                and _dotted(value.value) == "self"
            ):
                found.add(value.attr.value)

    function.visit(Visitor())
    return found


# --- OPERATIONS and ERRORS ------------------------------------------------------------------


def _assignment(line: cst.SimpleStatementLine) -> tuple[str | None, cst.BaseExpression | None]:
    for small in line.body:
        if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
            return small.target.value, small.value
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            return small.targets[0].target.value, small.value
    return None, None


def _mapping(node: cst.BaseExpression, what: str, where: str) -> Iterator[tuple[str, cst.BaseExpression]]:
    if not isinstance(node, cst.Dict):
        raise ApiReadError(f"{where}: {what} is not a dict display")
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            raise ApiReadError(f"{where}: {what} has a ** entry")
        key = element.key
        value = key.evaluated_value if isinstance(key, (cst.SimpleString, cst.ConcatenatedString)) else None
        if not isinstance(value, str):
            raise ApiReadError(f"{where}: {what} has a key that is not a string: {_source(key)}")
        yield value, element.value


def _class_names(node: cst.BaseExpression, what: str, where: str) -> list[str | None]:
    if not isinstance(node, cst.Tuple):
        raise ApiReadError(f"{where}: {what} is not a tuple: {_source(node)}")
    names: list[str | None] = []
    for element in node.elements:
        text = _dotted(element.value)
        if text is None:
            raise ApiReadError(f"{where}: {what} holds {_source(element.value)}, not a class name")
        names.append(None if text == "None" else text)
    return names


def _read_operations(node: cst.BaseExpression, where: str) -> dict[str, tuple[str | None, str | None]]:
    operations: dict[str, tuple[str | None, str | None]] = {}
    for name, value in _mapping(node, "OPERATIONS", where):
        classes = _class_names(value, f"OPERATIONS[{name!r}]", where)
        if len(classes) != 2:
            raise ApiReadError(f"{where}: OPERATIONS[{name!r}] is not a (request, response) pair")
        operations[name] = (classes[0], classes[1])
    return operations


def _read_errors(node: cst.BaseExpression, where: str) -> dict[str, tuple[str, ...]]:
    errors: dict[str, tuple[str, ...]] = {}
    for name, value in _mapping(node, "ERRORS", where):
        errors[name] = tuple(sorted({c for c in _class_names(value, f"ERRORS[{name!r}]", where) if c is not None}))
    return errors


# --- annotations ----------------------------------------------------------------------------


def annotation_text(node: cst.BaseExpression) -> str:
    """``node`` as one normalised line: forward-reference strings unquoted, parentheses and line
    breaks gone, one space around ``|`` and after commas."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        if isinstance(value, str):
            try:
                return annotation_text(cst.parse_expression(value, _PARSER_CONFIG))
            except cst.ParserSyntaxError:
                return value
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return f"{annotation_text(node.left)} | {annotation_text(node.right)}"
    if isinstance(node, cst.Subscript):
        items = ", ".join(_slice_text(element.slice) for element in node.slice)
        return f"{annotation_text(node.value)}[{items}]"
    if isinstance(node, (cst.List, cst.Tuple)):
        items = ", ".join(annotation_text(element.value) for element in node.elements)
        return f"[{items}]" if isinstance(node, cst.List) else f"({items})"
    dotted = _dotted(node)
    return dotted if dotted is not None else _source(node)


def _slice_text(node: cst.BaseSlice) -> str:
    return annotation_text(node.value) if isinstance(node, cst.Index) else _source(node)


def _dotted(node: cst.CSTNode) -> str | None:
    """``a.b.c`` for a name or attribute chain (``None`` and ``...`` too), else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Ellipsis):
        return "..."
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


_EMPTY = cst.Module(body=[])
_SPACE = re.compile(r"\s+")


def _source(node: cst.CSTNode) -> str:
    """Any other expression: its source on one line."""
    return _SPACE.sub(" ", _EMPTY.code_for_node(node)).strip()

