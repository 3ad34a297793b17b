"""A seeded generator of hostile and malformed service models, for tests/test_fuzz.py.

Each case starts from a small valid model (the edge-case and hostile fixtures, or a slice of
connect's DescribeContact) and applies a few mutations drawn from the families below, which
cover the classes of issue 10: hostile text in every string field, wrong JSON types, odd
numbers, deep nesting, pathological patterns, names that clash with Python, odd unions,
operation inputs that are not structures, map keys that are not strings, clashing operations,
and hostile command-line values. A case is a pure function of ``(seed, index)``:

    python tests/fuzz_models.py SEED INDEX [POSITIONS] > model.json   # mutations on stderr

(POSITIONS, e.g. ``0,2``, keeps only those mutations of the case.)

Every payload that could run as code tries to print ``FUZZ-PWNED``, create the file named by
``$SHAPEGEN_FUZZ_MARKER`` and set ``$FUZZ_PWNED``, so a test can see that it ran.
"""

from __future__ import annotations

import copy
import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SERVICE = "fuzz"

# --- payloads ----------------------------------------------------------------------------

MARK = "FUZZ-PWNED"
# One Python expression with every side effect the import check looks for.
# The marker is printed as 'FUZZ-' + 'PWNED', so that an error message quoting the payload
# does not look like the payload ran.
ACT = (
    "(__import__('builtins').print('FUZZ-' + 'PWNED'),"
    " open(__import__('os').environ.get('SHAPEGEN_FUZZ_MARKER', 'fuzz-pwned'), 'a').close(),"
    " __import__('os').environ.__setitem__('FUZZ_PWNED', '1'))"
)
SHELL = "touch \"$SHAPEGEN_FUZZ_MARKER\"; echo \"FUZZ-\"\"PWNED\""

HOSTILE = [
    "\n" + ACT + "\n#",  # ends a comment
    "\r" + ACT + "\r#",  # \r ends a line for Python's tokenizer too
    "\x0c\n" + ACT + "\n",
    '"""+' + ACT + '+"""',  # ends a docstring
    "'''+" + ACT + "+'''",
    '"+' + ACT + '+"',  # ends a string literal
    "'+" + ACT + "+'",
    '\\"+' + ACT + '+"',
    "\\",
    "x\\",
    "\\N{",
    "\\u12",
    "{" + ACT + "}",  # an f-string field
    "%s%r%(x)s",
    "{{ cycler.__init__.__globals__.os.system('" + SHELL.replace("'", "") + "') }}",  # Jinja
    "{{ 7*7 }}{% for x in range(3) %}{{ x }}{% endfor %}",
    "{% raw %}",
    "{{",
    "{#",
    "{%",
    "\x00",
    "a\x00b",
    "\ud800",  # lone surrogates
    "x\udfffy",
    "<script>" + ACT + "</script>",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "__import__('os').system('" + SHELL.replace("'", "") + "')",
    "$(" + SHELL + ")",
    "`" + SHELL + "`",
    "; " + SHELL,
    "\u2028" + ACT,
    "\x85" + ACT,
    "\u2029",
    "\t\v",
    "",
    " ",
    "# type: ignore",
    "\n[tool.evil]\nname = \"x\"\n",  # TOML
    "\"\"\"\n[x]\n'''",
    "key: value\n- item\n&a *a !!python/object/apply:os.system ['" + SHELL.replace("'", "") + "']",  # YAML
    "](javascript:alert(1))[",
    "```\n" + ACT + "\n```",
    "<!-- -->]]>",
    "../../../etc/passwd",
    "A" * 20000,  # longer than any documentation in botocore
    "é€𝄞\u200b\ufeff",
]

# Identifiers a generated module, class body or skeleton module uses: a name from the model
# must never take one of them over.
PY_MEMBER_NAMES = [
    "classmethod", "staticmethod", "property", "cls", "self", "Self", "dataclass", "type",
    "len", "tuple", "set", "object", "Mapping", "OPERATIONS", "ShapeValidationError",
    "OpenStrEnum", "_one_of", "_new", "_required", "_object", "_list", "_key", "_str", "_int",
    "_enum", "_bool", "_float", "_blob", "_document", "_timestamp", "_builder",
    "_unknown_member", "__post_init__", "__class__", "__slots__", "__init__", "__dict__",
    "__match_args__", "__annotations__", "response_metadata", "ResponseMetadata",
    "sdk_unknown_member", "SDK_UNKNOWN_MEMBER", "data", "d", "v", "k", "obj", "exc", "path",
    "value", "None", "True", "False", "print", "id", "hash", "super", "isinstance", "str",
    "int", "float", "bool", "bytes", "list", "dict", "datetime", "Any", "from_dict",
    "to_dict", "to_json_dict", "class", "def", "lambda", "match", "case", "_", "await",
    "async", "yield", "nonlocal", "global", "import", "return", "1st", "", "a.b", "a-b",
    "a:b", "Ünïcödé", "x y",
]
PY_SHAPE_NAMES = [
    "MODEL_SHA256", "BOTOCORE_VERSION", "OPERATIONS", "Any", "Mapping", "Self", "dataclass",
    "datetime", "OpenStrEnum", "ShapeValidationError", "ClassVar", "Callable", "Enum",
    "StrEnum", "TypeVar", "annotations", "json", "base64", "binascii", "sys", "argparse",
    "difflib", "timezone", "object", "int", "str", "type", "__all__", "__init__", "_runtime",
    "models", "skeleton", "main", "render", "SKELETONS", "KINDS", "FORMATS", "_YAML",
    "_ENSURE_ASCII", "None", "True", "class", "_", "_str", "_parse_x",
]
ENUM_VALUE_SETS = [
    ["a-b", "a_b", "A B", "a.b"],
    ["mro", "name", "value", "_missing_", "_value_", "_name_", "__init__", "_generate_next_value_"],
    ["True", "None", "class", "123", "", "_", "__"],
    ["x", "x", "X"],
]
OPERATION_NAMES = ["README", "readme", "index", "Index", "../escape", "a/b", "..", ".", "-x"]
STDLIB_PACKAGES = ["json", "sys", "os", "typing", "dataclasses", "datetime", "enum", "base64",
                   "binascii", "argparse", "difflib", "collections", "abc", "re"]
# --service values that must be refused (they name no folder inside --out), and odd ones
# that may be refused or generated, as long as the result is right either way.
UNSAFE_SERVICES = ["", ".", "..", "../escape", "../../escape", "a/b", "{CASE}/absolute-escape", "x/../../escape"]
ODD_SERVICES = ["-x", " ", "x\ny", "é", "A", "x" * 300, "con", "fuzz.1"]
PATTERNS = [
    "x{2000000000}", "^(a+)+$", "^(a|a)*$", "(x+x+)+y", "a{1000}{1000}", "(?:a{0,999}){0,999}b",
    "[", "(", "a{2,1}", "\\p{NoSuchProperty}", "(?<=a+)b", "\\", "(?P<x>a)(?P=x)", "\\1(a)",
    "[^\\s\\S]", "$^", "(?i)\\x{110000}", "[\\ud800]", "\\Q...\\E+", ".*" * 300,
    "a" * 5000,
]
DEPTHS = [150, 200, 250, 1000, 2500]


class Raw:
    """JSON text put into the model as is (NaN, Infinity, 1e400, huge integers, deep arrays)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:40]!r}{'...' if len(self.text) > 40 else ''})"


def dumps(data: Any) -> str:
    """The model as JSON text, ``Raw`` values spliced in verbatim."""
    raws: list[str] = []

    def swap(node: Any) -> Any:
        if isinstance(node, Raw):
            raws.append(node.text)
            return f"@@RAW{len(raws) - 1}@@"
        if isinstance(node, dict):
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    text = json.dumps(swap(data), indent=1)
    for i, raw in enumerate(raws):
        text = text.replace(f'"@@RAW{i}@@"', raw, 1)
    return text


# --- seed models -------------------------------------------------------------------------


@cache
def _seed_models() -> dict[str, dict[str, Any]]:
    seeds = {
        "edgecase": json.loads((FIXTURES / "edgecases" / "service-2.json").read_text(encoding="utf-8")),
        "hostile": json.loads((FIXTURES / "hostile" / "service-2.json").read_text(encoding="utf-8")),
        "connect": _connect_slice(),
    }
    return seeds


def _connect_slice() -> dict[str, Any]:
    """DescribeContact with a few of Contact's members: a real model's docs, patterns,
    enums, timestamps and its two recursions (Expression, SegmentAttributeValue)."""
    from generator.load import load_installed

    data = load_installed("connect").data
    shapes = copy.deepcopy(data["shapes"])
    contact = shapes["Contact"]
    keep = ["Arn", "Id", "Channel", "InitiationTimestamp", "QueueInfo", "Tags", "RoutingCriteria",
            "SegmentAttributes", "TotalPauseDurationInSeconds", "Recordings"]
    contact["members"] = {k: v for k, v in contact["members"].items() if k in keep}
    contact.pop("required", None)
    op = copy.deepcopy(data["operations"]["DescribeContact"])
    op.pop("errors", None)
    model = {"version": "2.0", "metadata": copy.deepcopy(data["metadata"]),
             "documentation": data.get("documentation", ""),
             "operations": {"DescribeContact": op}, "shapes": shapes}
    reached = _reachable(model)
    model["shapes"] = {k: v for k, v in shapes.items() if k in reached}
    return model


def _reachable(model: dict[str, Any]) -> set[str]:
    shapes = model["shapes"]
    stack: list[str] = []
    ops = model.get("operations")
    for op in ops.values() if isinstance(ops, dict) else ():
        for key in ("input", "output"):
            ref = op.get(key) if isinstance(op, dict) else None
            if isinstance(ref, dict) and isinstance(ref.get("shape"), str):
                stack.append(ref["shape"])
    seen: set[str] = set()
    while stack:
        name = stack.pop()
        if name in seen or not isinstance(shapes.get(name), dict):
            continue
        seen.add(name)
        shape = shapes[name]
        for key in ("member", "key", "value"):
            if isinstance(shape.get(key), dict) and isinstance(shape[key].get("shape"), str):
                stack.append(shape[key]["shape"])
        members = shape.get("members")
        if isinstance(members, dict):
            stack.extend(m["shape"] for m in members.values() if isinstance(m, dict) and isinstance(m.get("shape"), str))
    return seen


# --- helpers on a model being mutated ----------------------------------------------------


def _shapes(model: dict[str, Any], *types: str) -> list[str]:
    """Shapes reached from an operation (so they are generated), of the given types."""
    shapes = model.get("shapes")
    if not isinstance(shapes, dict):
        return []
    reached = _reachable(model)
    return sorted(n for n in reached if isinstance(shapes.get(n), dict)
                  and (not types or shapes[n].get("type") in types))


def _structures(model: dict[str, Any]) -> list[str]:
    return [n for n in _shapes(model, "structure") if isinstance(model["shapes"][n].get("members"), dict)]


def _add_member(model: dict[str, Any], rng: random.Random, member: str, target: str, required: bool = False) -> str:
    structures = _structures(model)
    owner = rng.choice(structures) if structures else None
    if owner is None:
        return "(no structure to attach to)"
    model["shapes"][owner]["members"][member] = {"shape": target}
    if required:
        model["shapes"][owner].setdefault("required", []).append(member)
    return f"{owner}.{member} -> {target}"


def _refs(model: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every ``{"shape": ...}`` reference in the model."""
    for op in model.get("operations", {}).values():
        if not isinstance(op, dict):
            continue
        for key in ("input", "output"):
            if isinstance(op.get(key), dict):
                yield op[key]
        for err in op.get("errors") or []:
            if isinstance(err, dict):
                yield err
    for shape in model.get("shapes", {}).values():
        if not isinstance(shape, dict):
            continue
        for key in ("member", "key", "value"):
            if isinstance(shape.get(key), dict):
                yield shape[key]
        if isinstance(shape.get("members"), dict):
            yield from (m for m in shape["members"].values() if isinstance(m, dict))


def _rename_shape(model: dict[str, Any], old: str, new: str) -> None:
    model["shapes"] = {(new if k == old else k): v for k, v in model["shapes"].items()}
    for ref in _refs(model):
        if ref.get("shape") == old:
            ref["shape"] = new


def _string_slots(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every string value in the model."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _string_slots(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _string_slots(v, (*path, i))
    elif isinstance(node, str):
        yield path


def _all_slots(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every value in the model (objects and arrays too)."""
    if path:
        yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _all_slots(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _all_slots(v, (*path, i))


def _get(model: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        model = model[key]
    return model


def _put(model: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(model, path[:-1])[path[-1]] = value


BREAKOUTS = HOSTILE[:15]  # the payloads that close a comment, string, docstring or f-string field


def _hostile(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(BREAKOUTS)
    parts = rng.sample(HOSTILE, rng.choice([1, 1, 2, 3]))
    return "".join(parts)


def _show(path: tuple[Any, ...]) -> str:
    return "/".join(str(p) for p in path)


# --- mutation families -------------------------------------------------------------------
# Each takes (rng, model, case) and returns a one-line description of what it did.

Mutator = Callable[[random.Random, dict[str, Any], "Case"], str]


def hostile_string(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Hostile text in a string field: docs, metadata, locationName, pattern, enum, anything."""
    slots = list(_string_slots(model))
    # Weigh the fields that reach generated code the most.
    preferred = [p for p in slots if p[-1] in ("documentation", "apiVersion", "serviceFullName", "serviceId",
                                               "uid", "locationName", "pattern", "serviceAbbreviation",
                                               "endpointPrefix", "protocol", "targetPrefix", "signingName")
                 or (len(p) >= 2 and p[-2] == "enum")]
    path = rng.choice(preferred if preferred and rng.random() < 0.7 else slots)
    payload = _hostile(rng)
    old = _get(model, path)
    new = payload if rng.random() < 0.5 else old + payload + old
    _put(model, path, new)
    return f"hostile_string: {_show(path)} = {new[:120]!r}"


def hostile_metadata(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Hostile text in every top-level string at once (the header, titles, ids)."""
    meta = model.get("metadata")
    done = []
    if isinstance(meta, dict):
        for key in ("apiVersion", "serviceFullName", "serviceId", "uid", "serviceAbbreviation", "endpointPrefix",
                    "signingName", "targetPrefix"):
            meta[key] = _hostile(rng)
            done.append(f"{key}={meta[key][:60]!r}")
    model["documentation"] = _hostile(rng)
    done.append(f"documentation={model['documentation'][:60]!r}")
    return "hostile_metadata: " + ", ".join(done)


def hostile_name(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Hostile text in a shape, member or operation name (references kept consistent)."""
    payload = _hostile(rng)
    kind = rng.choice(["shape", "member", "operation", "enum"])
    if kind == "shape" and _shapes(model):
        old = rng.choice(_shapes(model))
        new = rng.choice([payload, old + payload])
        _rename_shape(model, old, new)
        return f"hostile_name: shape {old!r} renamed {new[:120]!r}"
    if kind == "member" and _structures(model):
        owner = rng.choice(_structures(model))
        members = model["shapes"][owner]["members"]
        if members:
            old = rng.choice(sorted(members))
            new = rng.choice([payload, old + payload])
            model["shapes"][owner]["members"] = {(new if k == old else k): v for k, v in members.items()}
            req = model["shapes"][owner].get("required")
            if isinstance(req, list):
                model["shapes"][owner]["required"] = [new if r == old else r for r in req]
            return f"hostile_name: member {owner}.{old} renamed {new[:120]!r}"
    if kind == "enum":
        enums = [n for n in _shapes(model, "string") if isinstance(model["shapes"][n].get("enum"), list)]
        if enums:
            name = rng.choice(enums)
            values = model["shapes"][name]["enum"]
            values[rng.randrange(len(values))] = payload
            return f"hostile_name: enum {name} value {payload[:120]!r}"
    ops = model.get("operations")
    if isinstance(ops, dict) and ops:
        old = rng.choice(sorted(ops))
        new = rng.choice([payload, old + payload])
        model["operations"] = {(new if k == old else k): v for k, v in ops.items()}
        if isinstance(model["operations"][new], dict):
            model["operations"][new]["name"] = new
        return f"hostile_name: operation {old!r} renamed {new[:120]!r}"
    return "hostile_name: (nothing to rename)"


WRONG_VALUES: list[Any] = [5, 1.5, -1, True, False, None, "false", "true", "", "x", [], ["x"], {}, {"x": 1}, [[[]]]]
# Fields whose type the generator reads, with the wrong values worth trying first.
TARGETED_WRONG_TYPES: list[tuple[tuple[str, ...], list[Any]]] = [
    (("metadata",), [[], "x", 5, None, True]),
    (("documentation",), [5, [], {}, None, True]),
    (("metadata", "serviceFullName"), [5, [], {}, None]),
    (("metadata", "apiVersion"), [5, [], {}, None, 1.5]),
    (("metadata", "serviceId"), [5, [], {}, None]),
    (("metadata", "protocol"), [5, [], "nonsense"]),
    (("version",), [2, None, []]),
]


def wrong_type(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """A field of the wrong JSON type: metadata not an object, docs a number, union "false"..."""
    roll = rng.random()
    if roll < 0.3:
        path, values = rng.choice(TARGETED_WRONG_TYPES)
        value = rng.choice(values)
        _put(model, path, value)
        return f"wrong_type: {_show(path)} = {value!r}"
    if roll < 0.6 and _shapes(model):
        name = rng.choice(_shapes(model))
        shape = model["shapes"][name]
        key = rng.choice(["type", "documentation", "required", "members", "member", "key", "value", "enum",
                          "min", "max", "pattern", "union", "union", "document", "exception", "box",
                          "timestampFormat", "streaming", "eventstream", "sensitive", "deprecated", "event"])
        value = rng.choice(["false", "true", 0, 1, "x", [], {}, None, 5, [5], {"shape": 5}, "structure"])
        shape[key] = value
        return f"wrong_type: shape {name} {key!r} = {value!r}"
    path = rng.choice(list(_all_slots(model)))
    value = rng.choice(WRONG_VALUES)
    _put(model, path, value)
    return f"wrong_type: {_show(path)} = {value!r}"


BIG_INT = "1" + "0" * 4300  # 4,301 digits: past int()'s default digit limit
ODD_NUMBERS: list[Any] = [
    -1, -5, 0, 0.5, 1.5, -0.5, 2_000_000, 1_000_000_000, 1e9, 2_147_483_647, 2**63, 2**64 + 1, -(2**63) - 1,
    True, "5", Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e400"), Raw("-1e400"), Raw(BIG_INT),
    Raw("-" + BIG_INT), Raw("1e-400"), Raw("0.1e1"), Raw("1E2"),
]


def odd_number(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Odd min/max: negative, fractional, NaN/Infinity/1e400, 4,301 digits, min > max, huge."""
    names = _shapes(model, "string", "list", "map", "integer", "long", "float", "double", "blob")
    if not names:
        return "odd_number: (no bounded shape)"
    name = rng.choice(names)
    shape = model["shapes"][name]
    roll = rng.random()
    if roll < 0.2:
        shape["min"], shape["max"] = 10, 2
        return f"odd_number: shape {name} min 10 > max 2"
    if roll < 0.3 and shape.get("type") in ("list", "map"):
        shape.pop("min", None)
        shape["max"] = 0
        return f"odd_number: shape {name} max 0"
    if roll < 0.4 and shape.get("type") in ("integer", "long"):
        shape["min"], shape["max"] = 0.2, 0.8
        return f"odd_number: shape {name} integer range 0.2..0.8 holds no integer"
    if roll < 0.55:
        key, value = "min", rng.choice([2_000_000, 1_000_000_000, 1e9, 2_147_483_647])
        shape[key] = value
        shape.pop("max", None)
        return f"odd_number: shape {name} min = {value!r} (huge)"
    key = rng.choice(["min", "max"])
    value = rng.choice(ODD_NUMBERS)
    shape[key] = value
    return f"odd_number: shape {name} {key} = {value!r}"


def _nested_html(rng: random.Random, depth: int) -> str:
    tag = rng.choice(["p", "b", "ul><li", "i", "a href='https://x'", "code"])
    close = "</li></ul>" if tag == "ul><li" else f"</{tag.split()[0]}>"
    return f"<{tag}>" * depth + "deep" + close * depth


def deep_nesting(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Nesting around and past Python's limits: JSON, HTML docs, pattern groups, shape chains."""
    depth = rng.choice(DEPTHS)
    kind = rng.choice(["json", "html", "pattern", "list_chain", "struct_chain", "map_chain", "mixed_chain"])
    if kind == "json":
        where = rng.choice(["top", "metadata", "documentation"])
        raw = Raw("[" * depth + "]" * depth if rng.random() < 0.5 else '{"a":' * depth + "1" + "}" * depth)
        if where == "top":
            model["x-fuzz"] = raw
        elif where == "metadata" and isinstance(model.get("metadata"), dict):
            model["metadata"]["x-fuzz"] = raw
        else:
            model["documentation"] = raw
        return f"deep_nesting: JSON {depth} levels at {where}"
    if kind == "html":
        html = _nested_html(rng, depth)
        targets = [p for p in _string_slots(model) if p[-1] == "documentation"] or [("documentation",)]
        path = rng.choice(targets)
        _put(model, path, html)
        return f"deep_nesting: HTML {html[:30]!r} {depth} levels in {_show(path)}"
    if kind == "pattern":
        pattern = "(" * depth + "a" + ")" * depth
        model["shapes"]["FuzzDeepPattern"] = {"type": "string", "pattern": pattern}
        where = _add_member(model, rng, "FuzzDeepPattern", "FuzzDeepPattern")
        return f"deep_nesting: pattern of {depth} nested groups at {where}"
    prefix = {"list_chain": "FuzzL", "struct_chain": "FuzzS", "map_chain": "FuzzM", "mixed_chain": "FuzzX"}[kind]
    model["shapes"]["FuzzLeaf"] = {"type": "string"}
    for i in range(depth):
        nxt = f"{prefix}{i + 1}" if i + 1 < depth else "FuzzLeaf"
        sort = {"list_chain": "list", "struct_chain": "structure", "map_chain": "map"}.get(kind) or rng.choice(
            ["list", "structure", "map"])
        if sort == "list":
            shape: dict[str, Any] = {"type": "list", "member": {"shape": nxt}}
        elif sort == "map":
            shape = {"type": "map", "key": {"shape": "FuzzLeaf"}, "value": {"shape": nxt}}
        else:
            shape = {"type": "structure", "members": {"Next": {"shape": nxt}}}
        model["shapes"][f"{prefix}{i}"] = shape
    where = _add_member(model, rng, "Deep", f"{prefix}0")
    return f"deep_nesting: {kind} of {depth} shapes at {where}"


def bad_pattern(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Pathological or invalid patterns: x{2000000000}, ^(a+)+$, unbalanced, unknown classes."""
    pattern = rng.choice(PATTERNS)
    names = [n for n in _shapes(model, "string") if "enum" not in model["shapes"][n]]
    if names and rng.random() < 0.5:
        name = rng.choice(names)
        model["shapes"][name]["pattern"] = pattern
        if rng.random() < 0.5:
            model["shapes"][name]["min"] = rng.choice([1, 5, 100])
        return f"bad_pattern: shape {name} pattern {pattern[:80]!r}"
    model["shapes"]["FuzzPattern"] = {"type": "string", "pattern": pattern, "min": 1}
    where = _add_member(model, rng, "Patterned", "FuzzPattern", required=rng.random() < 0.5)
    return f"bad_pattern: new shape FuzzPattern pattern {pattern[:80]!r} at {where}"


def python_name(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Names that clash with what generated code uses: members, shapes, helpers, enums, ops."""
    kind = rng.choice(["member", "member", "shape", "helpers", "enum", "operations"])
    if kind == "member":
        names = rng.sample(PY_MEMBER_NAMES, rng.choice([1, 2, 4]))
        model["shapes"].setdefault("FuzzName", {"type": "string"})
        where = [_add_member(model, rng, n, rng.choice(["FuzzName", "FuzzName", *_shapes(model)])) for n in names]
        return f"python_name: members {names!r} at {where}"
    if kind == "shape":
        new = rng.choice(PY_SHAPE_NAMES)
        candidates = _shapes(model, "structure", "string", "list", "map")
        if candidates and new not in model["shapes"]:
            old = rng.choice(candidates)
            _rename_shape(model, old, new)
            return f"python_name: shape {old!r} renamed {new!r}"
        model["shapes"][new] = {"type": "structure", "members": {}}
        return f"python_name: new shape {new!r}: {_add_member(model, rng, 'Clash', new)}"
    if kind == "helpers":
        # Helper functions are named from shapes: _dump_json_ + foo == _dump_ + json_foo.
        item = rng.choice(["Timestamp", "Blob", "Date"])
        model["shapes"].setdefault("Timestamp", {"type": "timestamp"})
        model["shapes"].setdefault("Blob", {"type": "blob"})
        model["shapes"].setdefault("Date", {"type": "timestamp"})
        a, b = rng.choice([("Foo", "JsonFoo"), ("Bar", "ParseBar"), ("Baz", "DumpBaz"), ("Qux", "DumpJsonQux")])
        kind2 = rng.choice(["list", "map"])
        # A container of structures needs a plain dump helper, one of timestamps or blobs a
        # JSON one: only then do ``_dump_`` + ``json_foo`` and ``_dump_json_`` + ``foo`` meet.
        model["shapes"]["FuzzStamped"] = {"type": "structure", "members": {"When": {"shape": item}}}
        items = [item, "FuzzStamped"] if rng.random() < 0.8 else ["FuzzStamped", item]
        for name, element in zip((a, b), items):
            if kind2 == "list":
                model["shapes"][name] = {"type": "list", "member": {"shape": element}}
            else:
                model["shapes"]["FuzzKey"] = {"type": "string"}
                model["shapes"][name] = {"type": "map", "key": {"shape": "FuzzKey"}, "value": {"shape": element}}
        w1 = _add_member(model, rng, "Helper" + a, a)
        w2 = _add_member(model, rng, "Helper" + b, b)
        return f"python_name: {kind2} shapes {a!r} of {items[0]} and {b!r} of {items[1]} at {w1}, {w2}"
    if kind == "enum":
        values = rng.choice(ENUM_VALUE_SETS)
        model["shapes"]["FuzzEnum"] = {"type": "string", "enum": list(values)}
        return f"python_name: enum values {values!r} at {_add_member(model, rng, 'FuzzEnum', 'FuzzEnum')}"
    ops = model["operations"]
    first = next(iter(ops))
    template = copy.deepcopy(ops[first])
    pair = rng.choice([("Foo", "FooExample"), ("GetThing", "Get_Thing"), ("Main", "main"),
                       ("Render", "Skeleton"), ("Foo", "foo")])
    for name in pair:
        op = copy.deepcopy(template)
        op["name"] = name
        ops[name] = op
    return f"python_name: operations {pair!r} (copies of {first})"


def union(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Zero-member unions, unions with required members, union flags that are not booleans."""
    kind = rng.choice(["zero", "required", "flag", "single", "input"])
    if kind == "zero":
        model["shapes"]["FuzzEmptyUnion"] = {"type": "structure", "union": True, "members": {}}
        return f"union: zero members at {_add_member(model, rng, 'Empty', 'FuzzEmptyUnion', rng.random() < 0.5)}"
    model["shapes"].setdefault("FuzzName", {"type": "string"})
    if kind == "required":
        model["shapes"]["FuzzReqUnion"] = {"type": "structure", "union": True,
                                           "required": ["A", "B"][: rng.choice([1, 2])],
                                           "members": {"A": {"shape": "FuzzName"}, "B": {"shape": "FuzzName"}}}
        return f"union: required members at {_add_member(model, rng, 'ReqUnion', 'FuzzReqUnion')}"
    if kind == "flag":
        structures = _structures(model)
        name = rng.choice(structures)
        value = rng.choice(["false", "true", 0, 1, "", None, [], "no"])
        model["shapes"][name]["union"] = value
        return f"union: shape {name} union = {value!r}"
    if kind == "single":
        model["shapes"]["FuzzOneUnion"] = {"type": "structure", "union": True, "members": {"Only": {"shape": "FuzzName"}}}
        return f"union: one member at {_add_member(model, rng, 'One', 'FuzzOneUnion', True)}"
    ops = model["operations"]
    op = ops[rng.choice(sorted(ops))]
    if isinstance(op.get("input"), dict) and isinstance(model["shapes"].get(op["input"]["shape"]), dict):
        model["shapes"][op["input"]["shape"]]["union"] = True
        return f"union: operation input {op['input']['shape']} is a union"
    return "union: (no input)"


def operation_shape(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """An operation input/output that is not a structure, or odd references."""
    ops = model["operations"]
    name = rng.choice(sorted(ops))
    op = ops[name]
    key = rng.choice(["input", "output"])
    roll = rng.random()
    if roll < 0.6:
        kinds = {"string": {"type": "string"}, "list": {"type": "list", "member": {"shape": "FuzzName"}},
                 "map": {"type": "map", "key": {"shape": "FuzzName"}, "value": {"shape": "FuzzName"}},
                 "integer": {"type": "integer"}, "blob": {"type": "blob"}, "timestamp": {"type": "timestamp"},
                 "enum": {"type": "string", "enum": ["A"]}, "boolean": {"type": "boolean"},
                 "document": {"type": "structure", "document": True}}
        kind = rng.choice(sorted(kinds))
        model["shapes"]["FuzzName"] = {"type": "string"}
        model["shapes"]["FuzzOpShape"] = kinds[kind]
        op[key] = {"shape": "FuzzOpShape"}
        return f"operation_shape: {name} {key} is a {kind}"
    if roll < 0.8:
        other = "output" if key == "input" else "input"
        if isinstance(op.get(other), dict):
            op[key] = copy.deepcopy(op[other])
            return f"operation_shape: {name} {key} is its {other}"
    op.pop(key, None)
    return f"operation_shape: {name} has no {key}"


def map_key(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """A map whose key shape is not a string."""
    kinds = {"integer": {"type": "integer"}, "structure": {"type": "structure", "members": {}},
             "list": {"type": "list", "member": {"shape": "FuzzName"}}, "timestamp": {"type": "timestamp"},
             "boolean": {"type": "boolean"}, "blob": {"type": "blob"}, "double": {"type": "double"}}
    kind = rng.choice(sorted(kinds))
    model["shapes"]["FuzzName"] = {"type": "string"}
    model["shapes"]["FuzzKeyShape"] = kinds[kind]
    maps = _shapes(model, "map")
    if maps and rng.random() < 0.5:
        name = rng.choice(maps)
        model["shapes"][name]["key"] = {"shape": "FuzzKeyShape"}
        return f"map_key: map {name} keyed by a {kind}"
    model["shapes"]["FuzzMap"] = {"type": "map", "key": {"shape": "FuzzKeyShape"}, "value": {"shape": "FuzzName"}}
    return f"map_key: new map keyed by a {kind} at {_add_member(model, rng, 'KeyedMap', 'FuzzMap')}"


def operations(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Clashing operations: README pages, duplicated names, --operation twice, path names."""
    ops = model["operations"]
    first = rng.choice(sorted(ops))
    kind = rng.choice(["readme", "duplicate_cli", "name_field", "duplicate_json", "path"])
    if kind in ("readme", "path"):
        new = rng.choice(OPERATION_NAMES[:4] if kind == "readme" else OPERATION_NAMES[4:])
        op = copy.deepcopy(ops[first])
        op["name"] = new
        ops[new] = op
        if kind == "readme":
            case.expect_refusal = f"an operation named {new!r} clashes with the docs index page"
        return f"operations: operation {new!r} (a copy of {first})"
    if kind == "duplicate_cli":
        case.operations = [first, first]
        case.cli_refusal = True
        case.expect_refusal = "--operation given twice"
        return f"operations: --operation {first} --operation {first}"
    if kind == "name_field":
        ops[first]["name"] = rng.choice(["Other", first + "X", "", "README"])
        return f"operations: {first} has name field {ops[first]['name']!r}"
    body = json.dumps(ops[first])
    others = ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in ops.items() if k != first)
    model["operations"] = Raw("{" + f"{json.dumps(first)}: {body}, {json.dumps(first)}: {body}"
                              + (", " + others if others else "") + "}")
    return f"operations: {first!r} twice in the JSON object"


def command_line(rng: random.Random, model: dict[str, Any], case: Case) -> str:
    """Hostile --service (paths outside --out, empty) or a --package that shadows the stdlib."""
    case.cli_refusal = True
    roll = rng.random()
    if roll < 0.4:
        case.service = rng.choice(UNSAFE_SERVICES)
        case.expect_refusal = f"--service {case.service!r} is not a safe path segment"
        return f"command_line: --service {case.service!r}"
    if roll < 0.6:
        case.service = rng.choice(ODD_SERVICES)
        return f"command_line: --service {case.service!r}"
    case.package = rng.choice(STDLIB_PACKAGES)
    case.expect_refusal = f"--package {case.package!r} shadows a standard library module"
    return f"command_line: --package {case.package!r}"


FAMILIES: dict[str, tuple[Mutator, int]] = {
    # name: (mutator, weight)
    "hostile_string": (hostile_string, 6),
    "hostile_metadata": (hostile_metadata, 2),
    "hostile_name": (hostile_name, 4),
    "wrong_type": (wrong_type, 4),
    "odd_number": (odd_number, 4),
    "deep_nesting": (deep_nesting, 3),
    "bad_pattern": (bad_pattern, 3),
    "python_name": (python_name, 4),
    "union": (union, 2),
    "operation_shape": (operation_shape, 2),
    "map_key": (map_key, 2),
    "operations": (operations, 2),
    "command_line": (command_line, 1),
}


# --- cases -------------------------------------------------------------------------------


@dataclass
class Case:
    seed: int
    index: int
    base: str = ""
    mutations: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    model_text: str = ""
    service: str = SERVICE
    package: str = ""
    operations: list[str] = field(default_factory=list)
    expect_refusal: str = ""  # why this case must end in exit 2, if it must
    cli_refusal: bool = False  # a command-line value (not the model) may be what is refused
    prefilled: bool = True  # run against an existing output folder

    def describe(self) -> str:
        lines = [f"fuzz case seed={self.seed} index={self.index} base={self.base}"
                 f" (rerun: SHAPEGEN_FUZZ_SEED={self.seed} SHAPEGEN_FUZZ_ONLY={self.index})"]
        lines += [f"  - {m}" for m in self.mutations]
        if self.expect_refusal:
            lines.append(f"  expected exit 2: {self.expect_refusal}")
        return "\n".join(lines)


def make_case(seed: int, index: int, keep: list[int] | None = None) -> Case:
    """Case ``index`` of campaign ``seed``: a seed model and 1-4 mutations.

    ``keep`` replays only the mutations at those positions (to find which one matters);
    each mutation draws from its own random stream, so a kept one makes the same choices
    as far as the model allows."""
    rng = random.Random(f"shapegen-fuzz:{seed}:{index}")
    case = Case(seed=seed, index=index, package=f"fuzz_{index}")
    case.base = rng.choice(sorted(_seed_models()))
    case.prefilled = rng.random() < 0.7
    model = copy.deepcopy(_seed_models()[case.base])
    names = sorted(FAMILIES)
    weights = [FAMILIES[n][1] for n in names]
    count = rng.choice([1, 2, 2, 3, 3, 4])
    drawn = rng.choices(names, weights, k=count)
    for i, name in enumerate(drawn):
        if keep is not None and i not in keep:
            continue
        mutator = FAMILIES[name][0]
        sub = random.Random(f"shapegen-fuzz:{seed}:{index}:{i}:{name}")
        if isinstance(model.get("operations"), Raw):
            break  # the operations are text now; later mutations need them as data
        try:
            what = mutator(sub, model, case)
        except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
            # An earlier mutation left the model too broken for this one: that is fine.
            what = f"{name}: skipped ({type(exc).__name__} on the mutated model)"
        case.families.append(name)
        case.mutations.append(what)
    case.model_text = dumps(model)
    return case


def main(argv: list[str]) -> int:
    seed, index = int(argv[1]), int(argv[2])
    keep = [int(i) for i in argv[3].split(",")] if len(argv) > 3 else None
    case = make_case(seed, index, keep)
    print(case.describe(), file=sys.stderr)
    sys.stdout.write(case.model_text)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main(sys.argv))
