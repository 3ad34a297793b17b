"""Every Python name the generated package uses: the names the model decides (classes,
attributes, enum members, helpers, skeleton functions) and the names the templates use
(reserved, so no model name can take one).

Every rule is deterministic and local to one scope (a class's attributes, a module's
classes, an enum's members), so adding a member elsewhere never renames anything.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Collection, Iterable, Mapping
from typing import TypeVar

from botocore import xform_name

from generator.graph import ListShape, MapShape, ShapeGraph, StructureShape

# Every name models.py, _codec.py and __init__.py use besides those the model decides:
# imports, ``_runtime`` helpers, builtins, the fixed module-level names, locals. The
# three modules share one scope (``_codec`` imports every class), so no class or helper
# may take one. tests/test_injection.py collects these from generated modules and fails
# when a template starts using a name that is missing here.
MODULE_NAMES = frozenset(
    {"Any", "Mapping", "Self", "dataclass", "datetime", "OpenStrEnum", "ShapeValidationError", "OPERATIONS",
     "BOTOCORE_VERSION", "MODEL_SHA256", "__all__", "__post_init__", "_codec",
     "_blob", "_blob_json", "_bool", "_builder", "_document", "_enum", "_float", "_int", "_key", "_list", "_new",
     "_object", "_one_of", "_required", "_str", "_timestamp", "_timestamp_json", "_unknown_member",
     "_unknown_keys", "_tagged", "_put_unknown_keys", "_put_unknown_keys_json", "frozenset", "_field",
     "ERRORS", "EventStream", "Readable", "_body", "_body_or_text", "_copy_source", "_event_stream",
     "_event_stream_dump", "_event_stream_json", "_stream", "_stream_json", "_text_json", "_text_or_bytes",
     "bool", "bytes", "classmethod", "dict", "float", "int", "len", "list", "object", "str", "tuple", "type",
     "from_dict", "to_dict", "to_json_dict",
     "append", "cls", "d", "data", "exc", "items", "found", "k", "key", "obj", "out", "parsed", "present", "self", "v",
     "value"}
)
# Names a structure's class body evaluates while the class is made (annotations, the
# ``classmethod`` decorator, method signatures) and its methods: an attribute must not
# shadow or replace one. Attributes are lower-case, so the capitalised names are here
# for completeness. Checked against the generated code like MODULE_NAMES.
CLASS_BODY_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "datetime", "Any", "Mapping", "classmethod",
     "from_dict", "to_dict", "to_json_dict", "__post_init__", "_codec", "_field"}
)
# Every name skeleton.py uses besides its generated functions (imports, fixed names,
# builtins, locals): no generated function may take one. Checked like MODULE_NAMES.
SKELETON_MODULE_NAMES = frozenset(
    {"annotations", "argparse", "difflib", "json", "re", "sys", "Any", "Callable", "KINDS", "FORMATS",
     "SKELETONS", "skeleton", "render", "main", "_ENSURE_ASCII", "_SURROGATE", "_YAML", "__name__",
     "_PLAIN_KEY", "_YAML11_WORDS", "_STRUCTURE", "_LIST", "_MAP", "_STRING", "_SCALAR", "_DOCUMENT",
     "_SHAPES", "_SHAPE_ROWS", "_STRING_ROWS", "rows", "_rows", "_STRINGS", "_OPERATIONS", "_MAX_REPEATS", "_Unsatisfiable", "_cli",
     "_cli_value", "_Example", "_example", "_REQUEST", "_yaml_block", "_yaml_key", "_yaml_scalar",
     "_yaml_char", "_yaml_float", "frozenset", "range", "set", "bool", "float", "isinstance", "Exception",
     "RecursionError", "repr", "self", "__init__", "_container", "_structure", "_", "c", "h", "s", "v", "ok",
     "child", "chosen", "comment", "element", "event_stream", "exponent", "head", "in_cycle", "indent", "index",
     "inner", "item", "key", "keys", "lines", "mantissa", "member", "member_names", "members", "name",
     "on_path", "output", "pad", "position", "repeats", "required", "row", "saturated", "shape", "shapes",
     "shrink", "target", "valid", "value",
     "dict", "int", "list", "ord", "print", "str", "tuple",
     "args", "argv", "close", "format", "hint", "kind", "m", "operation", "parser", "text"}
)

# A name's key: a wire name, or (operation, kind) for skeleton functions.
K = TypeVar("K", str, tuple[str, str])
_NOT_IDENTIFIER = re.compile(r"\W+", re.ASCII)


def _identifier(text: str, prefix: str) -> str:
    """``text`` with non-identifier runs replaced by ``_`` and a prefix before a leading digit."""
    cleaned = _NOT_IDENTIFIER.sub("_", text).strip("_") or prefix
    return f"{prefix}{cleaned}" if cleaned[0].isdigit() else cleaned


# Fixed rather than read from ``keyword``, so output does not depend on the Python
# version the generator runs on (3.12 added ``type``).
_SOFT_KEYWORDS = frozenset({"_", "case", "match", "type"})


def _unclash(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base_`` when it is a keyword or already used; then ``base_2``, ``base_3``..."""
    if keyword.iskeyword(base) or base in _SOFT_KEYWORDS or base in taken:
        base = f"{base}_"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


def attribute_names(wire_names: Iterable[str], reserved: Collection[str]) -> dict[str, str]:
    """snake_case attribute names for one structure's members, keyed by wire name.

    botocore's ``xform_name`` does the conversion (``ARN`` -> ``arn``, ``Level1`` ->
    ``level1``), lower-cased because it keeps names with an underscore as they are.
    Keywords, soft keywords and ``reserved`` names get a trailing ``_``. When two wire
    names convert to the same name, they are settled in wire-name order (not model
    order), so a reordered model keeps its names: the first keeps it, the next gets a
    trailing ``_``, the one after ``_2``.
    """
    wire = list(wire_names)
    names = _snake_names({w: w for w in wire}, reserved)
    return {w: names[w] for w in wire}


def _snake_names(words: Mapping[K, str], reserved: Collection[str]) -> dict[K, str]:
    """snake_case names for ``words`` (key -> wire words), clashes settled in key order."""
    taken = set(reserved)
    names: dict[K, str] = {}
    for key in sorted(words):
        names[key] = _unclash(_identifier(xform_name(words[key]).lower(), "m_"), taken)
        taken.add(names[key])
    return names


def skeleton_function_names(operations: Iterable[str], suffixes: Iterable[str]) -> dict[tuple[str, str], str]:
    """skeleton.py's function per (operation, suffix): snake_case of the two joined. Words
    may coincide (operation ``FooExample`` + ``Input`` and ``Foo`` + ``ExampleInput``);
    clashes are settled in key order as ``attribute_names`` does."""
    suffixes = tuple(suffixes)
    words = {(op, suffix): f"{op}{suffix}" for op in operations for suffix in suffixes}
    return _snake_names(words, SKELETON_MODULE_NAMES)


def class_names(shape_names: Iterable[str], reserved: Collection[str]) -> dict[str, str]:
    """PascalCase-initial class names for shapes, keyed by shape name, unique in the module."""
    taken = set(reserved)
    names: dict[str, str] = {}
    for shape in sorted(shape_names):
        ident = _identifier(shape, "S")
        names[shape] = _unclash(ident[0].upper() + ident[1:], taken)
        taken.add(names[shape])
    return names


def enum_member_names(values: Iterable[str]) -> dict[str, str]:
    """UPPER_SNAKE member names for enum values, in value order for clashes."""
    taken: set[str] = set()
    names: dict[str, str] = {}
    for value in sorted(values):
        ident = _identifier(xform_name(value).upper() if value.isidentifier() else value.upper(), "V")
        names[value] = _unclash(ident.upper(), taken)
        taken.add(names[value])
    return names


# The helper functions _codec.py defines for a shape, by role: ``_parse_<name>``...
HELPER_ROLES = ("parse", "builder", "dump", "dump_json", "known")


def helper_shapes(graph: ShapeGraph) -> list[str]:
    """The shapes that get helper functions: structures, lists and maps."""
    return [s.name for s in graph if isinstance(s, (StructureShape, ListShape, MapShape))]


def module_names(
    class_shapes: Iterable[str], helper_shapes: Iterable[str], reserved: Collection[str]
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Every name a generated module defines, decided in one scope so no two are alike.

    Returns the class name of each of ``class_shapes`` and, for each of
    ``helper_shapes``, its helper names by role (``HELPER_ROLES``). Helper names are
    ``_<role>_<snake name>``; each full name is claimed in shape-name order, so list
    shapes ``Foo`` and ``JsonFoo`` get ``_dump_json_foo`` and ``_dump_json_foo_``
    instead of one function for both. Every role is claimed for every shape, used or
    not, so whether a helper is needed never renames another one.
    """
    classes = class_names(class_shapes, reserved)
    taken = set(reserved) | set(classes.values())
    helper_shapes = sorted(helper_shapes)
    snake = attribute_names(helper_shapes, reserved=())
    helpers: dict[str, dict[str, str]] = {}
    for shape in helper_shapes:
        helpers[shape] = {}
        for role in HELPER_ROLES:
            name = helpers[shape][role] = _unclash(f"_{role}_{snake[shape]}", taken)
            taken.add(name)
    return classes, helpers
