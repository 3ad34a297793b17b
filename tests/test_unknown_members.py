"""Old code keeps what it does not know.

A package generated from the 2023 connect model (botocore 1.31.0, tests/fixtures/connect-2023)
parses a DescribeContact response that today's botocore parsed with the pinned model, every
member filled, and writes all of it back (an equal dict with values of the same types; the
JSON form byte for byte, keys sorted, what the pinned package writes): members added since
2023 (at several depths) stay in ``unknown_members``, enum values added since stay as their
text. The expectations come from the two models themselves, read as plain JSON.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from botocore.parsers import RestJSONParser

from generator.graph.build import build_graph
from generator.load import installed_model_path, load_file, read_model_bytes
from generator.python.build import build_surface
from tests.conftest import FIXTURES, import_generated, run_shapegen
from tests.test_properties import same_data

OLD_MODEL = FIXTURES / "connect-2023" / "service-2.json"
OPERATION = "DescribeContact"


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("connect-2023") / "generated"
    result = run_shapegen(
        "generate", "--service", "connect", "--model", str(OLD_MODEL), "--operation", OPERATION,
        "--package", "connect_2023_shapes", "--out", str(out), "--emit", "python",
    )
    assert result.returncode == 0, result.stderr
    return import_generated(out / "python", "connect_2023_shapes")


@pytest.fixture(scope="module")
def models() -> tuple[dict[str, Any], dict[str, Any]]:
    """The 2023 and the pinned connect models, as JSON."""
    pinned = read_model_bytes(installed_model_path("connect"))
    return json.loads(OLD_MODEL.read_text()), json.loads(pinned)


# ------------------------------------------------------------------------------------------
# A response body with every member the pinned model has, as the service would send it.
# ------------------------------------------------------------------------------------------


def wire_value(shape: Any, seed: str, on_path: tuple[str, ...]) -> Any:
    """The rest-json body value of a botocore shape: every member set, each recursive shape
    entered twice at most, the last enum value (the newest, e.g. ``EMAIL``)."""
    kind = shape.type_name
    if kind == "structure":
        if on_path.count(shape.name) >= 2:
            return None
        members = shape.members.items()
        if shape.is_tagged_union:
            members = list(members)[: 1 + len(on_path) % len(members)][-1:]
        body = {}
        for name, member in members:
            value = wire_value(member, f"{seed}.{name}", (*on_path, shape.name))
            if value is not None:
                body[member.serialization.get("name", name)] = value
        return body
    if kind == "list":
        items = [wire_value(shape.member, f"{seed}[{i}]", on_path) for i in range(2)]
        return [item for item in items if item is not None]
    if kind == "map":
        value = wire_value(shape.value, f"{seed}{{v}}", on_path)
        return {} if value is None else {f"key-{len(seed)}": value}
    if getattr(shape, "enum", None):
        return shape.enum[-1]
    return {
        "string": f"text {seed}",
        "integer": 7,
        "long": 1234567890123,
        "float": 2.5,
        "double": 0.25,
        "boolean": True,
        "timestamp": 1714566615.25,
        "blob": base64.b64encode(seed.encode()).decode(),
    }[kind]


@pytest.fixture(scope="module")
def response(connect_service_model: Any) -> dict[str, Any]:
    """What boto3 returns for the full body today: parsed by botocore with the pinned model."""
    output = connect_service_model.operation_model(OPERATION).output_shape
    body = wire_value(output, OPERATION, ())
    raw = {"body": json.dumps(body).encode(), "headers": {"x-amzn-requestid": "r-1"}, "status_code": 200}
    parsed: dict[str, Any] = RestJSONParser().parse(raw, output)
    return parsed


def structure_positions(model: dict[str, Any], shape_name: str, value: Any, path: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, shape name, dict) for every structure of ``model`` in ``value``, read by the model."""
    shape = model["shapes"][shape_name]
    if shape["type"] == "structure" and isinstance(value, dict):
        yield path, shape_name, value
        for name, member in shape["members"].items():
            if name in value:
                yield from structure_positions(model, member["shape"], value[name], f"{path}.{name}")
    elif shape["type"] == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from structure_positions(model, shape["member"]["shape"], item, f"{path}[{i}]")
    elif shape["type"] == "map" and isinstance(value, dict):
        for key, item in value.items():
            yield from structure_positions(model, shape["value"]["shape"], item, f"{path}[{key!r}]")


def resolve(obj: Any, path: str, attrs: dict[tuple[str, str], str]) -> Any:
    """The parsed object at a wire path like ``.Contact.AgentInfo``: attribute by attribute."""
    assert "[" not in path, "the 2023 DescribeContact output has no list or map of structures"
    for wire in filter(None, path.split(".")):
        obj = getattr(obj, attrs[type(obj).__name__, wire])
    return obj


@pytest.fixture(scope="module")
def old_attrs() -> dict[tuple[str, str], str]:
    """(class name, wire name) -> attribute name, as the generator named them for the 2023 model."""
    graph = build_graph(load_file(OLD_MODEL), [OPERATION])
    return {(c.name, f.wire): f.attr for c in build_surface(graph, "pkg").classes for f in c.fields}


# ------------------------------------------------------------------------------------------
# The tests.
# ------------------------------------------------------------------------------------------


def test_the_fixture_is_the_2023_model(models: tuple[dict[str, Any], dict[str, Any]]) -> None:
    old_model, new_model = models
    old_contact = old_model["shapes"]["Contact"]["members"]
    assert len(old_contact) == 16 and "SegmentAttributes" not in old_contact
    assert old_model["shapes"]["Channel"]["enum"] == ["VOICE", "CHAT", "TASK"]
    assert set(old_contact) < set(new_model["shapes"]["Contact"]["members"])


def test_old_package_writes_every_byte_back(old: ModuleType, response: dict[str, Any]) -> None:
    original = copy.deepcopy(response)
    parsed = old.DescribeContactResponse.from_dict(response)
    out = parsed.to_dict()
    assert out == response
    assert same_data(out, response)
    assert response == original, "from_dict changed its argument"


def test_unknown_members_are_where_the_models_differ(
    old: ModuleType,
    response: dict[str, Any],
    models: tuple[dict[str, Any], dict[str, Any]],
    old_attrs: dict[tuple[str, str], str],
) -> None:
    """Each structure the 2023 model knows holds, in ``unknown_members``, exactly the keys of
    the response the 2023 model does not list for it: at several depths."""
    old_model, _ = models
    parsed = old.DescribeContactResponse.from_dict(response)
    output = old_model["operations"][OPERATION]["output"]["shape"]
    depths = set()
    for path, shape_name, value in structure_positions(old_model, output, response):
        known = set(old_model["shapes"][shape_name]["members"]) | {"ResponseMetadata"}
        expected = {k: v for k, v in value.items() if k not in known} or None
        obj = resolve(parsed, path, old_attrs)
        assert obj.unknown_members == expected, path
        if expected:
            depths.add(path.count(".") + path.count("["))
    assert len(depths) >= 2, f"unknown members only at depths {sorted(depths)}"
    contact = parsed.contact.unknown_members
    assert {"ContactAssociationId", "RoutingCriteria", "SegmentAttributes"} <= contact.keys()


def test_new_enum_values_are_kept(old: ModuleType, response: dict[str, Any]) -> None:
    contact = old.DescribeContactResponse.from_dict(response).contact
    assert response["Contact"]["Channel"] == "EMAIL"  # the pinned model's newest channel
    assert contact.channel == "EMAIL" and contact.channel not in old.Channel
    assert contact.to_dict()["Channel"] == "EMAIL"


def test_json_form_is_what_the_current_package_writes(
    old: ModuleType, connect: ModuleType, response: dict[str, Any]
) -> None:
    """Byte for byte (keys sorted): the 2023 package's JSON form of today's response is the
    pinned package's, which knows every member; and it parses back to an equal object."""
    from_old = old.DescribeContactResponse.from_dict(response).to_json_dict()
    from_new = connect.DescribeContactResponse.from_dict(response).to_json_dict()
    assert json.dumps(from_old, sort_keys=True).encode() == json.dumps(from_new, sort_keys=True).encode()
    again = old.DescribeContactResponse.from_dict(json.loads(json.dumps(from_old)))
    assert again.to_json_dict() == from_old
    assert again == old.DescribeContactResponse.from_dict(from_new)


def test_unknown_members_take_part_in_equality(old: ModuleType, response: dict[str, Any]) -> None:
    parsed = old.DescribeContactResponse.from_dict(response)
    stripped = dataclasses.replace(parsed, contact=dataclasses.replace(parsed.contact, unknown_members=None))
    assert parsed != stripped
    assert "SegmentAttributes" not in stripped.to_dict()["Contact"]
    # dataclasses.replace keeps them: change a known member, forward the rest.
    renamed = dataclasses.replace(parsed.contact, name="renamed")
    assert renamed.unknown_members == parsed.contact.unknown_members
    assert renamed.to_dict() == {**response["Contact"], "Name": "renamed"}


def test_unknown_union_member_keeps_its_value(connect: ModuleType) -> None:
    """A union member the model does not know: the JSON form keeps name and value; boto3's
    own tag (botocore drops the value) is written back as boto3 gave it."""
    union = connect.InvalidRequestExceptionReason
    wire = {"SomethingNew": {"Detail": [1, 2]}}
    parsed = union.from_dict(wire)
    assert parsed.sdk_unknown_member == "SomethingNew"
    assert parsed.unknown_members == wire
    assert parsed.to_dict() == wire and parsed.to_json_dict() == wire
    tagged = {"SDK_UNKNOWN_MEMBER": {"name": "SomethingNew"}}
    assert union.from_dict(tagged).to_dict() == tagged
    assert union.from_dict(tagged).unknown_members is None
    # A key of the tag's name that holds None is kept beside the tag, which stays.
    both = {"SDK_UNKNOWN_MEMBER": {"name": "SomethingNew"}, "SomethingNew": None}
    assert union.from_dict(both).to_dict() == both


def test_parsed_objects_share_nothing_with_the_data(old: ModuleType, response: dict[str, Any]) -> None:
    """Unknown members are copied in and out: changing the data parsed, or the dict dumped,
    changes no frozen object."""
    data = copy.deepcopy(response)
    parsed = old.DescribeContactResponse.from_dict(data)
    snapshot = copy.deepcopy(parsed)
    data["Contact"]["SegmentAttributes"].clear()
    data["Contact"]["AgentInfo"]["StateTransitions"].append({"State": "CHANGED"})
    assert parsed == snapshot
    out = parsed.to_dict()
    out["Contact"]["RoutingCriteria"]["Steps"].clear()
    out["Contact"]["AgentInfo"]["StateTransitions"][0]["State"] = "CHANGED"
    assert parsed == snapshot and parsed.to_dict() == response


def test_unknown_members_leave_objects_hashable(old: ModuleType, response: dict[str, Any]) -> None:
    """A member AWS adds must not make an object old code keeps in a set unhashable."""
    agent = old.DescribeContactResponse.from_dict(response).contact.agent_info
    assert agent.unknown_members
    stripped = dataclasses.replace(agent, unknown_members=None)
    assert agent != stripped and hash(agent) == hash(stripped)
    assert {agent, stripped} == {stripped, agent} and len({agent, stripped}) == 2
