"""Behaviour of the generated dataclasses beyond plain round trips."""

from __future__ import annotations

import base64
import copy
import dataclasses
import pickle
import typing
from datetime import datetime, timedelta, timezone
from types import ModuleType

import pytest


def dataclass_types(package: ModuleType) -> list[type]:
    return [obj for name in package.models.__all__ if dataclasses.is_dataclass(obj := getattr(package.models, name))]


@pytest.mark.parametrize("package_name", ["connect", "edge"])
def test_every_class_resolves_its_type_hints(package_name: str, request: pytest.FixtureRequest) -> None:
    package = request.getfixturevalue(package_name)
    classes = dataclass_types(package)
    assert classes
    for cls in classes:
        hints = typing.get_type_hints(cls)
        assert set(hints) == {f.name for f in dataclasses.fields(cls)}
        params = cls.__dataclass_params__
        assert params.frozen and "__slots__" in vars(cls)
        assert all(f.kw_only for f in dataclasses.fields(cls))


def test_only_cycle_members_use_forward_references(connect: ModuleType) -> None:
    quoted = {
        (cls.__name__, f.name)
        for cls in dataclass_types(connect)
        for f in dataclasses.fields(cls)
        if isinstance(f.type, str)
    }
    assert quoted == {
        ("Expression", "and_expression"),
        ("Expression", "or_expression"),
        ("SegmentAttributeValue", "value_map"),
        ("SegmentAttributeValue", "value_list"),
    }


def test_required_and_optional_fields(connect: ModuleType) -> None:
    fields = {f.name: f for f in dataclasses.fields(connect.DescribeContactRequest)}
    assert fields["instance_id"].default is dataclasses.MISSING
    assert typing.get_type_hints(connect.DescribeContactRequest)["instance_id"] is str
    contact = {f.name: f for f in dataclasses.fields(connect.Contact)}
    assert contact["arn"].default is None
    assert typing.get_type_hints(connect.Contact)["arn"] == str | None
    with pytest.raises(TypeError):
        connect.DescribeContactRequest(instance_id="i")  # contact_id is required


def test_parsed_objects_are_ordinary_instances(connect: ModuleType) -> None:
    data = {"AttributeCondition": {"Name": "Tech", "ProficiencyLevel": 2.0}, "AndExpression": []}
    parsed = connect.Expression.from_dict(data)
    built = connect.Expression(
        attribute_condition=connect.AttributeCondition(name="Tech", proficiency_level=2.0), and_expression=[]
    )
    assert type(parsed) is connect.Expression
    assert parsed == built and repr(parsed) == repr(built)
    assert pickle.loads(pickle.dumps(parsed)) == parsed
    assert copy.deepcopy(parsed) == parsed
    assert dataclasses.replace(parsed, and_expression=None).to_dict() == {"AttributeCondition": data["AttributeCondition"]}
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.and_expression = None  # type: ignore[misc]


def test_expression_nested_100_deep(connect: ModuleType) -> None:
    data: dict[str, object] = {"AttributeCondition": {"Name": "leaf", "Value": "v"}}
    for depth in range(100):
        data = {("AndExpression" if depth % 2 else "OrExpression"): [data]}
    parsed = connect.Expression.from_dict(data)
    assert parsed.to_dict() == data
    assert parsed.to_json_dict() == data
    node = parsed
    for _ in range(100):
        node = (node.and_expression or node.or_expression)[0]
    assert node.attribute_condition.name == "leaf"


def test_open_enums_keep_unknown_values(connect: ModuleType) -> None:
    assert issubclass(connect.Channel, str)
    known = connect.Channel("VOICE")
    assert known is connect.Channel.VOICE and known in connect.Channel
    unknown = connect.Channel("HOLOGRAM")
    assert unknown == "HOLOGRAM" and str(unknown) == "HOLOGRAM" and unknown.value == "HOLOGRAM"
    assert unknown not in connect.Channel
    contact = connect.Contact.from_dict({"Channel": "HOLOGRAM"})
    assert contact.channel == "HOLOGRAM" and contact.to_dict() == {"Channel": "HOLOGRAM"}
    assert type(contact.to_dict()["Channel"]) is str
    with pytest.raises(connect.ShapeValidationError, match=r"^Channel: expected string, got 5$"):
        connect.Contact.from_dict({"Channel": 5})


def test_union_exactly_one_member(connect: ModuleType) -> None:
    quick = {"QuickConnectContactData": {"ContactId": "c"}}
    assert connect.NextContactMetadata.from_dict(quick).to_dict() == quick
    unknown = {"SDK_UNKNOWN_MEMBER": {"name": "SomethingNew"}}
    parsed = connect.NextContactMetadata.from_dict(unknown)
    assert parsed.sdk_unknown_member == "SomethingNew" and parsed.to_dict() == unknown
    wire_unknown = connect.NextContactMetadata.from_dict({"SomethingNew": {"x": 1}})
    assert wire_unknown.sdk_unknown_member == "SomethingNew"
    with pytest.raises(connect.ShapeValidationError, match="expected exactly one member, got 0"):
        connect.NextContactMetadata()
    with pytest.raises(connect.ShapeValidationError, match=r"got 2 \(QuickConnectContactData, SDK_UNKNOWN_MEMBER\)"):
        connect.NextContactMetadata(
            quick_connect_contact_data=connect.QuickConnectContactData(contact_id="c"), sdk_unknown_member="X"
        )
    with pytest.raises(connect.ShapeValidationError, match=r"^Contact\.NextContacts\[1\]\.NextContactMetadata: .*got 0"):
        connect.DescribeContactResponse.from_dict({"Contact": {"NextContacts": [{}, {"NextContactMetadata": {}}]}})


def test_error_paths(connect: ModuleType) -> None:
    data = {"Contact": {"RoutingCriteria": {"Steps": [{"Expression": {"AndExpression": [
        {}, {}, {"AttributeCondition": {"ProficiencyLevel": "high"}}]}}]}}}
    with pytest.raises(connect.ShapeValidationError) as caught:
        connect.DescribeContactResponse.from_dict(data)
    assert str(caught.value) == (
        "Contact.RoutingCriteria.Steps[0].Expression.AndExpression[2].AttributeCondition.ProficiencyLevel: "
        "expected number, got 'high'"
    )
    assert caught.value.path.endswith("ProficiencyLevel") and caught.value.problem.startswith("expected number")
    for bad, message in [
        ([], "DescribeContactResponse"),
        ({"Contact": []}, "Contact: expected object, got []"),
        ({"Contact": {"Tags": {"k": 1}}}, 'Contact.Tags["k"]: expected string, got 1'),
        ({"Contact": {"Tags": {"café": None}}}, 'Contact.Tags["café"]: expected string, got None'),
        ({"Contact": {"QueuePriority": True}}, "Contact.QueuePriority: expected integer, got True"),
        ({"Contact": {"QueuePriority": 1.5}}, "Contact.QueuePriority: expected integer, got 1.5"),
        ({"Contact": {"InitiationTimestamp": "yesterday"}}, "Contact.InitiationTimestamp: expected ISO-8601, epoch or RFC 822 timestamp"),
        ({"Contact": {"RoutingCriteria": {"Steps": {}}}}, "Contact.RoutingCriteria.Steps: expected list, got {}"),
    ]:
        with pytest.raises(connect.ShapeValidationError) as caught:
            connect.DescribeContactResponse.from_dict(bad)
        assert isinstance(caught.value, ValueError)
        if message != "DescribeContactResponse":
            assert str(caught.value).startswith(message)
        else:
            assert str(caught.value) == "expected object, got []"


def test_timestamps_in_every_form(edge: ModuleType) -> None:
    moment = datetime(2024, 2, 29, 23, 59, 58, 500000, tzinfo=timezone.utc)
    forms = [
        moment,
        moment.astimezone(timezone(timedelta(hours=-5))),
        "2024-02-29T23:59:58.500000Z",
        "2024-02-29T23:59:58.5+00:00",
        "2024-03-01T01:59:58.500+02:00",
        "2024-02-29T23:59:58.500000",  # no zone: UTC, as AWS sends
        moment.timestamp(),
    ]
    for form in forms:
        parsed = edge.PutThingResponse.from_dict({"Created": form})
        assert parsed.created == moment, form
        assert parsed.to_json_dict() == {"Created": "2024-02-29T23:59:58.500000Z"}
    whole = edge.PutThingResponse.from_dict({"Created": 1700000000})
    assert whole.to_json_dict() == {"Created": "2023-11-14T22:13:20Z"}
    naive = edge.PutThingResponse(created=datetime(2024, 1, 1, 12, 0))
    assert naive.to_json_dict() == {"Created": "2024-01-01T12:00:00Z"}
    assert naive.to_dict() == {"Created": datetime(2024, 1, 1, 12, 0)}


def test_blobs_documents_and_nested_lists(edge: ModuleType) -> None:
    payload = bytes(range(256))
    data = {
        "Name": "n",
        "Payload": payload,
        "Chunks": [b"", b"\x00\xff"],
        "Meta": {"any": ["json", 1, None, {"x": True}]},
        "Grid": [[1, 2], [], [3]],
        "Labels": {"alpha": "a", "SOMETHING_NEW": "b"},
        "Moments": [datetime(2020, 1, 1, tzinfo=timezone.utc)],
    }
    request = edge.PutThingRequest.from_dict(data)
    assert request.to_dict() == data
    assert request.labels == {edge.Kind.ALPHA: "a", "SOMETHING_NEW": "b"}
    json_form = request.to_json_dict()
    assert json_form["Payload"] == base64.b64encode(payload).decode()
    assert json_form["Chunks"] == ["", "AP8="]
    assert json_form["Moments"] == ["2020-01-01T00:00:00Z"]
    assert edge.PutThingRequest.from_dict(json_form) == request
    meta = request.to_dict()["Meta"]
    meta["any"].append("changed by the caller")
    data["Meta"]["any"].append("changed by the caller too")
    assert request.meta == {"any": ["json", 1, None, {"x": True}]}  # documents are copied in and out
    with pytest.raises(edge.ShapeValidationError, match=r"^Meta: expected JSON value, got \{1: 2\}"):
        edge.PutThingRequest.from_dict({**data, "Meta": {1: 2}})
    with pytest.raises(edge.ShapeValidationError, match=r"^Payload: expected base64 text, got 'not base64!'"):
        edge.PutThingRequest.from_dict({**data, "Payload": "not base64!"})
    with pytest.raises(edge.ShapeValidationError, match=r"^Grid\[1\]\[0\]: expected integer, got 'x'"):
        edge.PutThingRequest.from_dict({**data, "Grid": [[1], ["x"]]})
    with pytest.raises(edge.ShapeValidationError, match=r'^Labels\["alpha"\]: expected string, got 1'):
        edge.PutThingRequest.from_dict({**data, "Labels": {"alpha": 1}})


def test_operations_table(connect: ModuleType) -> None:
    assert connect.models.OPERATIONS == {
        "DescribeContact": (connect.DescribeContactRequest, connect.DescribeContactResponse)
    }
    assert connect.BOTOCORE_VERSION and len(connect.MODEL_SHA256) == 64
