"""Examples: valid for botocore (validate_parameters, Stubber), for every constraint, and for from_dict."""

from __future__ import annotations

import base64
import re
from typing import Any

import botocore.model
import botocore.session
import pytest
from botocore.exceptions import ParamValidationError
from botocore.stub import Stubber
from botocore.validate import validate_parameters
from botocore.utils import ArgumentGenerator
from conftest import EDGE_MODEL

from generator.errors import ModelError
from skeleton_runtime import RuntimeExamples
from generator.graph import build_graph
from generator.load import LoadedModel, load_file, load_installed
from generator.patterns import translate
from generator.emitters.skeleton.regex_sample import LengthRange, UnparsablePattern, sample

SMOKE_SERVICES = ["s3", "kinesis", "bedrock-runtime", "lexv2-runtime", "cloudcontrol", "glue", "dynamodb", "ec2"]


def strict_problems(
    value: Any, shape: botocore.model.Shape, path: str = "", unmatched: frozenset[str] = frozenset()
) -> list[str]:
    """Every way ``value`` breaks the model, including what botocore does not check (max,
    enums, patterns, unions, unknown members): what a strict JSON Schema would reject.
    Patterns are checked with Java's meaning (their translation); those with no translation
    are skipped, and so are the shapes in ``unmatched``: the example builder counts both."""
    problems: list[str] = []
    meta = shape.metadata
    low, high = meta.get("min"), meta.get("max")

    def bounded(size: float, what: str) -> None:
        if low is not None and size < low:
            problems.append(f"{path}: {what} {size} < min {low}")
        if high is not None and size > high:
            problems.append(f"{path}: {what} {size} > max {high}")

    if isinstance(shape, botocore.model.StructureShape) and not shape.is_document_type:
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        problems += [f"{path}: unknown {k}" for k in value if k not in shape.members]
        problems += [f"{path}: missing {k}" for k in shape.required_members if k not in value]
        if (shape.is_tagged_union or shape.serialization.get("eventstream")) and len(value) != 1:
            problems.append(f"{path}: union with {len(value)} members")
        for k, v in value.items():
            if k in shape.members:
                problems += strict_problems(v, shape.members[k], f"{path}.{k}", unmatched)
    elif isinstance(shape, botocore.model.ListShape):
        bounded(len(value), "count")
        for i, item in enumerate(value):
            problems += strict_problems(item, shape.member, f"{path}[{i}]", unmatched)
    elif isinstance(shape, botocore.model.MapShape):
        bounded(len(value), "count")
        for k, v in value.items():
            problems += strict_problems(k, shape.key, f"{path} key", unmatched)
            problems += strict_problems(v, shape.value, f"{path}[{k!r}]", unmatched)
    elif shape.type_name == "string":
        if not isinstance(value, str):
            return [f"{path}: not a string"]
        bounded(len(value), "length")
        if shape.enum and value not in shape.enum:
            problems.append(f"{path}: {value!r} not in enum")
        pattern = translate(meta["pattern"]).ecma if "pattern" in meta else None  # Java's meaning, for Python
        if pattern and not shape.enum and shape.name not in unmatched and not re.search(pattern, value):
            problems.append(f"{path}: {value!r} does not match {meta['pattern']!r}")
    elif shape.type_name in ("integer", "long", "float", "double"):
        bounded(value, "value")
    elif shape.type_name == "blob":
        bounded(len(base64.b64decode(value, validate=True)), "length")
    return problems


def check_every_operation(model: LoadedModel) -> tuple[int, RuntimeExamples]:
    graph = build_graph(model, None)
    botocore_model = botocore.model.ServiceModel(model.data, model.service)
    builder = RuntimeExamples(graph)
    checked = 0
    for op in graph.operations:
        operation = botocore_model.operation_model(op.name)
        for name, shape in ((op.input, operation.input_shape), (op.output, operation.output_shape)):
            if shape is None:
                continue
            example = builder.example(name)
            validate_parameters(example, shape)  # raises on what botocore checks
            unmatched = frozenset(builder.patterns.unsatisfied)
            assert strict_problems(example, shape, unmatched=unmatched) == [], (op.name, name)
            checked += 1
    return checked, builder


def test_every_connect_example_is_valid() -> None:
    checked, builder = check_every_operation(load_installed("connect"))
    assert checked > 700
    # connect's patterns: those Python parses are all satisfied but one, a pattern written
    # as a JavaScript literal (``/^...$/``) that no string matches as written.
    assert len(builder.patterns.satisfied) > 50
    assert builder.patterns.unsatisfied == {"Password"}


@pytest.mark.parametrize("service", SMOKE_SERVICES)
def test_other_services_examples_are_valid(service: str) -> None:
    checked, _ = check_every_operation(load_installed(service))
    assert checked > 0


def test_edge_model_examples_are_valid_and_parse(edge: Any) -> None:
    checked, _ = check_every_operation(load_file(EDGE_MODEL, "edgecase"))
    assert checked == 4
    graph = build_graph(load_file(EDGE_MODEL, "edgecase"), None)
    builder = RuntimeExamples(graph)
    for op in graph.operations:
        for cls, shape in zip(edge.OPERATIONS[op.name], (op.input, op.output), strict=True):
            example = builder.example(shape)
            assert cls.from_dict(example).to_json_dict() == example


def test_describe_contact_stub_response_fails_and_our_example_passes(connect: Any) -> None:
    """The CLI's failure: Stubber rejects ArgumentGenerator's stub response; our example is accepted."""
    client = botocore.session.get_session().create_client(
        "connect", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    output_shape = client.meta.service_model.operation_model("DescribeContact").output_shape
    stub = ArgumentGenerator(use_member_names=True).generate_skeleton(output_shape)
    with Stubber(client) as stubber:
        with pytest.raises(ParamValidationError, match=r"Contact\.QueuePriority, value: 0, valid min value: 1"):
            stubber.add_response("describe_contact", stub)

    from connect_shapes import skeleton

    example = skeleton.describe_contact_example_output()
    request = skeleton.describe_contact_example_input()
    with Stubber(client) as stubber:
        stubber.add_response("describe_contact", example, request)
        response = client.describe_contact(**request)
    parsed = connect.DescribeContactResponse.from_dict(response)
    assert parsed.contact.queue_priority >= 1
    assert connect.DescribeContactRequest.from_dict(request).to_dict() == request
    assert strict_problems(example, output_shape) == []


def test_every_connect_example_output_is_accepted_by_stubber() -> None:
    client = botocore.session.get_session().create_client(
        "connect", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    graph = build_graph(load_installed("connect"), None)
    builder = RuntimeExamples(graph)
    with Stubber(client) as stubber:
        for op in graph.operations:
            method = botocore.xform_name(op.name)
            stubber.add_response(method, builder.example(op.output))  # validates it


def test_recursion_is_unrolled_one_level_and_stops() -> None:
    from connect_shapes import skeleton

    expression = skeleton.describe_contact_example_output()["Contact"]["RoutingCriteria"]["Steps"][0]["Expression"]
    nested = expression["AndExpression"][0]
    assert "AttributeCondition" in nested
    assert "AndExpression" not in nested and "OrExpression" not in nested
    segment = skeleton.describe_contact_example_output()["Contact"]["SegmentAttributes"]["KeyName"]
    assert "ValueMap" not in segment["ValueMap"]["KeyName"]


def test_union_examples_take_one_member_and_show_the_recursion() -> None:
    graph = build_graph(load_file(EDGE_MODEL, "edgecase"), None)
    example = RuntimeExamples(graph).example("PutThingRequest")
    assert list(example["Choice"]) == ["Text"]  # Choice is not recursive: its first member
    tree = example["Tree"]
    assert tree["Children"][0] == {"Value": "Value"}  # one level down, the cycle stops


def test_a_model_whose_required_members_recurse_has_no_example() -> None:
    model = load_file(EDGE_MODEL, "edgecase")
    data = {**model.data, "shapes": {**model.data["shapes"]}}
    data["shapes"]["Node"] = {**data["shapes"]["Node"], "required": ["Loop"],
                              "members": {**data["shapes"]["Node"]["members"], "Loop": {"shape": "Node"}}}
    graph = build_graph(LoadedModel(model.service, data, model.source, model.sha256), None)
    with pytest.raises(ModelError, match="'Node' has no finite example"):
        RuntimeExamples(graph).example("PutThingRequest")


@pytest.mark.parametrize(
    ("pattern", "hint", "lengths"),
    [
        (r"^[a-zA-Z0-9_-]+$", "ContactId", LengthRange(1, 256)),
        (r"^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance/\S+$", "InstanceArn", LengthRange(20, 100)),
        (r"^(a|bc){2,3}$", "x", LengthRange(5, 6)),
        (r"^[^\s]{10,}$", "Id", LengthRange(12, 12)),
        (r"^(\w+)-\1$", "Name", LengthRange()),
        (r"^\d+(\.\d+)?$", "Version", LengthRange(3, 3)),
    ],
)
def test_pattern_samples_match_within_length(pattern: str, hint: str, lengths: LengthRange) -> None:
    value = sample(pattern, hint, lengths)
    assert value is not None and re.search(pattern, value) and lengths.holds(value), value


def test_pattern_samples_prefer_the_member_name() -> None:
    assert sample(r"^[a-zA-Z]+$", "ContactId", LengthRange(1, 5)) == "Conta"
    assert sample(r"^[a-z0-9-]+$", "QueueId", LengthRange(1, 64)) == "queueid"


def test_java_only_patterns_are_reported_unparsable() -> None:
    with pytest.raises(UnparsablePattern):
        sample(r"^\p{L}+$", "Name", LengthRange())
    assert sample(r"^/^a$/$", "Name", LengthRange()) is None
