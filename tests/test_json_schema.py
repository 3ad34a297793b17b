"""The JSON Schema artefact: valid 2020-12, true to botocore's data, and read the same way by
Python's jsonschema and by Node (ajv in strict mode, json-schema-to-typescript and tsc)."""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import EDGE_MODEL, GENERATED, ROOT, run_shapegen
from generator.emitters.json_schema import CONSTRAINTS, schema_documents
from generator.graph import ScalarShape, ShapeGraph, StructureShape, build_graph
from generator.graph.model import children
from generator.load import load_file, load_installed
from test_roundtrip_botocore import BODY

NODE_DIR = ROOT / "tests" / "node"
# Services with event streams, streaming blobs, documents and deep recursion, beyond connect.
OTHER_SERVICES = ("s3", "bedrock-runtime", "lexv2-runtime", "transcribe", "dynamodb")


def run_node(script: str, job: dict[str, Any]) -> dict[str, Any]:
    """One node process for a whole batch. No node or no `npm ci` is a failure, never a skip."""
    assert (NODE_DIR / "node_modules" / ".ready").is_file(), "tests/node is not installed: run `make test` (npm ci)"
    result = subprocess.run(
        ["node", str(NODE_DIR / script)], input=json.dumps(job), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def load_schemas(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(folder.glob("schema/*/*.schema.json"))]


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def connect_schemas() -> dict[str, dict[str, Any]]:
    """The committed DescribeContact schemas, by direction."""
    folder = GENERATED / "schema" / "connect"
    return {d: json.loads((folder / f"DescribeContact.{d}.schema.json").read_text()) for d in ("input", "output")}


@pytest.fixture(scope="module")
def edge_schemas(edge_dir: Path) -> dict[str, dict[str, Any]]:
    return {s["$id"].rsplit("/", 1)[1].removesuffix(".schema.json"): s for s in load_schemas(edge_dir)}


@pytest.fixture(scope="module")
def wide_schemas() -> list[dict[str, Any]]:
    """Every operation of connect and of a few other services, built in memory."""
    return [doc.data for svc in ("connect", *OTHER_SERVICES)
            for doc in schema_documents(build_graph(load_installed(svc), None))]


@pytest.fixture(scope="module")
def response_json(connect: ModuleType, connect_service_model: Any) -> dict[str, Any]:
    """#2's botocore-parsed DescribeContact response, in the dataclasses' JSON form."""
    from botocore.parsers import RestJSONParser

    operation = connect_service_model.operation_model("DescribeContact")
    wire = {"body": json.dumps(BODY).encode(), "headers": {"x-amzn-requestid": "r-1"}, "status_code": 200}
    parsed = RestJSONParser().parse(wire, operation.output_shape)
    data: dict[str, Any] = connect.DescribeContactResponse.from_dict(parsed).to_json_dict()
    assert data["ResponseMetadata"]["RequestId"] == "r-1"
    return json.loads(json.dumps(data))


def test_every_schema_passes_the_2020_12_meta_schema(
    connect_schemas: dict[str, Any], edge_schemas: dict[str, Any], wide_schemas: list[dict[str, Any]]
) -> None:
    schemas = [*connect_schemas.values(), *edge_schemas.values(), *wide_schemas]
    for schema in schemas:
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert len({s["$id"] for s in schemas}) == len(schemas) - len(connect_schemas)  # DescribeContact twice


def reached(graph: ShapeGraph, root: str) -> set[str]:
    seen, stack = set(), [root]
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(children(graph[name]))
    return seen


def test_one_def_per_structure_and_enum_reached(connect_schemas: dict[str, Any]) -> None:
    graph = build_graph(load_installed("connect"), ["DescribeContact"])
    for direction, root in (("input", "DescribeContactRequest"), ("output", "DescribeContactResponse")):
        expected = {
            name for name in reached(graph, root)
            if isinstance(graph[name], StructureShape) or (isinstance(graph[name], ScalarShape) and graph[name].is_enum)
        }
        assert set(connect_schemas[direction]["$defs"]) == expected


def keyword_values(node: Any, keyword: str) -> Iterator[str]:
    """Every string value of ``keyword`` anywhere in a schema (a property named so is an object)."""
    if isinstance(node, dict):
        if isinstance(node.get(keyword), str):
            yield node[keyword]
        for value in node.values():
            yield from keyword_values(value, keyword)
    elif isinstance(node, list):
        for value in node:
            yield from keyword_values(value, keyword)


def refs(node: Any) -> Iterator[str]:
    return keyword_values(node, "$ref")


def test_recursion_is_expressed_with_refs(connect_schemas: dict[str, Any]) -> None:
    defs = connect_schemas["output"]["$defs"]
    assert "#/$defs/Expression" in set(refs(defs["Expression"]))
    assert "#/$defs/SegmentAttributeValue" in set(refs(defs["SegmentAttributeValue"]))
    assert all(r.removeprefix("#/$defs/") in defs for r in refs(connect_schemas["output"]))


def test_directions_and_mapping(connect_schemas: dict[str, Any], edge_schemas: dict[str, Any]) -> None:
    contact = connect_schemas["output"]["$defs"]["Contact"]
    assert "additionalProperties" not in contact  # outputs are open
    assert connect_schemas["input"]["$defs"]["DescribeContactRequest"]["additionalProperties"] is False
    assert contact["properties"]["InitiationTimestamp"]["format"] == "date-time"
    put = edge_schemas["PutThing.input"]["$defs"]
    assert put["Kind"] == {"description": "What kind of thing.", "type": "string",
                           "enum": ["alpha", "BETA", "in-progress", "IN_PROGRESS", "1st", "None"]}
    thing = put["PutThingRequest"]["properties"]
    assert thing["Payload"] == {"type": "string", "contentEncoding": "base64"}
    assert thing["Labels"]["propertyNames"] == {"$ref": "#/$defs/Kind"}
    assert thing["Grid"]["items"]["items"] == {"type": "integer", "minimum": 0, "maximum": 10}
    assert put["Choice"]["minProperties"] == put["Choice"]["maxProperties"] == 1
    assert "type" not in thing["Meta"]  # a document is any JSON value


# What an input schema asserts from the model's min, max and pattern; an output keeps it under
# x-constraints. (A union's minProperties/maxProperties 1 is the union rule, asserted both ways.)
BOUND_KEYWORDS = {"minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                  "minItems", "maxItems", "minProperties", "maxProperties", "pattern"}


def subschemas(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema object in a schema, never a property name or an annotation's content."""
    if not isinstance(node, dict):
        return
    yield node
    for key in ("properties", "$defs"):
        for value in node.get(key, {}).values():
            yield from subschemas(value)
    for key in ("items", "propertyNames", "additionalProperties", "not"):
        yield from subschemas(node.get(key))
    for key in ("allOf", "anyOf", "oneOf"):
        for value in node.get(key, []):
            yield from subschemas(value)


def as_strict(node: Any) -> Any:
    """An output schema with its annotations asserted and its enums closed: the input's form."""
    if isinstance(node, list):
        return [as_strict(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: as_strict(v) for k, v in node.items() if k != CONSTRAINTS} | node.get(CONSTRAINTS, {})
    if len(out.get("anyOf", [])) == 2 and out["anyOf"][1] == {"type": "string"} and "enum" in out["anyOf"][0]:
        out.update(out.pop("anyOf")[0])
    return out


def without_closed(node: Any) -> Any:
    if isinstance(node, list):
        return [without_closed(v) for v in node]
    if not isinstance(node, dict):
        return node
    return {k: without_closed(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}


def test_output_bounds_are_annotations_and_input_bounds_are_asserted(
    connect_schemas: dict[str, Any], edge_schemas: dict[str, Any], wide_schemas: list[dict[str, Any]]
) -> None:
    schemas = [*connect_schemas.values(), *edge_schemas.values(), *wide_schemas]
    annotated = 0
    for schema in schemas:
        output = schema["$id"].endswith(".output.schema.json")
        for node in subschemas(schema):
            asserted = BOUND_KEYWORDS & set(node)
            if output:
                if asserted:  # only a union's exactly-one-member rule
                    assert asserted == {"minProperties", "maxProperties"} and "properties" in node, (schema["$id"], node)
                    assert node["minProperties"] == node["maxProperties"] == 1
                if CONSTRAINTS in node:
                    annotated += 1
                    assert node[CONSTRAINTS] and set(node[CONSTRAINTS]) <= BOUND_KEYWORDS
            else:
                assert CONSTRAINTS not in node, (schema["$id"], node)
    assert annotated > 1000


def test_a_shape_on_both_sides_is_strict_in_the_input_and_lax_in_the_output(
    connect_schemas: dict[str, Any], edge_schemas: dict[str, Any], wide_schemas: list[dict[str, Any]]
) -> None:
    """Input and output are separate documents, each with its own $defs: a structure or enum
    reached from both is defined in both, and the output's definition is the input's with the
    model's bounds and patterns moved under x-constraints (same values), enums opened and
    unknown properties allowed -- nothing else differs."""
    by_id = {s["$id"]: s for s in [*connect_schemas.values(), *edge_schemas.values(), *wide_schemas]}
    compared = 0
    for schema_id, output in by_id.items():
        if not schema_id.endswith(".output.schema.json"):
            continue
        input_defs = by_id[schema_id.replace(".output.", ".input.")]["$defs"]
        for name in sorted(set(input_defs) & set(output["$defs"])):
            assert as_strict(output["$defs"][name]) == without_closed(input_defs[name]), (schema_id, name)
            compared += 1
    assert compared > 100
    # The annotations carry the model's values, as the input asserts them.
    get_thing = edge_schemas["GetThing.input"]["$defs"]["GetThingRequest"]["properties"]["Id"]
    thing = edge_schemas["GetThing.output"]["$defs"]["Thing"]["properties"]["Id"]
    assert get_thing == {"type": "string", "minLength": 1, "maxLength": 64}
    assert thing == {"type": "string", CONSTRAINTS: {"minLength": 1, "maxLength": 64}}
    contact = connect_schemas["output"]["$defs"]["Contact"]["properties"]
    assert contact["QueuePriority"][CONSTRAINTS] == {"minimum": 1, "maximum": 9223372036854775807}
    assert contact["Tags"][CONSTRAINTS] == {"minProperties": 1, "maxProperties": 6}
    tag_key = contact["Tags"]["propertyNames"]
    assert tag_key["type"] == "string" and set(tag_key[CONSTRAINTS]) == {"minLength", "maxLength", "pattern"}
    assert tag_key[CONSTRAINTS]["pattern"].startswith("^(?!aws:)")
    assert contact["NextContacts"][CONSTRAINTS] == {"maxItems": 24}
    assert "$ref" not in json.dumps([tag_key, contact["Tags"][CONSTRAINTS]])


# (what, schema key, document, valid?) -- the document is built from a valid one by a mutation.
def cases(response: dict[str, Any]) -> list[tuple[str, str, Any, bool]]:
    def changed(path: list[Any], value: Any, base: dict[str, Any] = response) -> dict[str, Any]:
        doc = copy.deepcopy(base)
        target = doc
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return doc

    request = {"InstanceId": "i-1", "ContactId": "c-1"}
    thing = {"Name": "n", "Payload": "AAEC", "Type": "alpha", "Level1": 3, "Choice": {"Text": "t"},
             "Tree": {"Value": "a", "Children": [{"Named": {"k": {"Value": "b"}}}]}, "Meta": [1, {"x": None}],
             "Labels": {"BETA": "b"}, "When": "2024-05-01T12:30:15Z", "Grid": [[1, 2], []]}
    steps = ["Contact", "RoutingCriteria", "Steps", 0, "Expression", "AndExpression", 0, "AttributeCondition"]
    return [
        ("the botocore-parsed response", "DescribeContact.output", response, True),
        ("an unknown output member", "DescribeContact.output", changed(["Contact", "FromTheFuture"], {"a": 1}), True),
        ("an unknown output enum value", "DescribeContact.output", changed(["Contact", "Channel"], "HOLOGRAM"), True),
        ("a wrong type in the output", "DescribeContact.output", changed(steps + ["ProficiencyLevel"], "high"), False),
        ("an output timestamp that is not RFC 3339", "DescribeContact.output",
         changed(["Contact", "InitiationTimestamp"], "01/05/2024 12:30"), False),
        # The model's bounds and patterns are annotations in an output: real responses break them.
        ("an output string over its max length", "DescribeContact.output", changed(["Contact", "Id"], "x" * 257), True),
        ("an output string under its min length", "DescribeContact.output", changed(["Contact", "Id"], ""), True),
        ("an output number under its minimum", "DescribeContact.output", changed(["Contact", "QueuePriority"], -1), True),
        ("an output number over its maximum", "DescribeContact.output", changed(["Contact", "TotalPauseCount"], 11), True),
        ("an output float under its minimum", "DescribeContact.output", changed(steps + ["ProficiencyLevel"], 0.5), True),
        ("an empty output map under its minProperties", "DescribeContact.output", changed(["Contact", "Tags"], {}), True),
        ("an output map over its maxProperties, keys breaking their pattern and length", "DescribeContact.output",
         changed(["Contact", "Tags"], {f"aws:{i}": "v" for i in range(7)} | {"": "v", "k" * 129: "v"}), True),
        ("an output list over its maxItems", "DescribeContact.output", changed(["Contact", "NextContacts"], [{}] * 25), True),
        ("an output string breaking its pattern", "DescribeContact.output",
         changed(["Contact", "GlobalResiliencyMetadata"], {"TrafficDistributionGroupId": "not a uuid"}), True),
        ("a wrong type for a bounded output number", "DescribeContact.output", changed(["Contact", "QueuePriority"], "1"), False),
        ("a wrong type for a bounded output map", "DescribeContact.output", changed(["Contact", "Tags"], []), False),
        ("a wrong type for a bounded output string", "DescribeContact.output", changed(["Contact", "Id"], 7), False),
        ("two members of a union", "DescribeContact.output",
         changed(["Contact", "NextContacts"], [{"Type": "QUICK_CONNECT", "NextContactMetadata": {
             "QuickConnectContactData": {}, "Other": {}}}]), False),
        ("a boto3 request", "DescribeContact.input", request, True),
        ("a missing required input member", "DescribeContact.input", {"InstanceId": "i-1"}, False),
        ("an unknown input member", "DescribeContact.input", {**request, "Extra": 1}, False),
        ("an input string over its max length", "DescribeContact.input", {**request, "InstanceId": "i" * 101}, False),
        ("an edge request", "PutThing.input", thing, True),
        ("a wrong enum value in the input", "PutThing.input", changed(["Type"], "gamma", thing), False),
        ("a wrong enum map key in the input", "PutThing.input", changed(["Labels"], {"gamma": "x"}, thing), False),
        ("an input number under its minimum", "PutThing.input", changed(["Level1"], -1, thing), False),
        ("an input number over its maximum", "PutThing.input", changed(["Level1"], 11, thing), False),
        ("an input number over its maximum in a list", "PutThing.input", changed(["Grid"], [[11]], thing), False),
        ("an input string under its min length", "PutThing.input", changed(["Name"], "", thing), False),
        ("an input map key under its min length", "PutThing.input", changed(["Tree", "Named"], {"": {}}, thing), False),
        ("two members of an input union", "PutThing.input", changed(["Choice"], {"Text": "t", "Number": 1}, thing), False),
        ("no member of an input union", "PutThing.input", changed(["Choice"], {}, thing), False),
        ("a blob that is not text", "PutThing.input", changed(["Payload"], 7, thing), False),
        ("an input timestamp without a time zone", "PutThing.input", changed(["When"], "2024-05-01T12:30:15", thing), False),
        # (Node has no required member: this case used to fail only on Value's min length.)
        ("a wrong type deep in a recursion", "GetThing.output",
         {"Id": "t", "Tree": {"Children": [{"Named": {"k": {"Value": 5}}}]}}, False),
        ("a value under its min length deep in a recursion", "GetThing.output",
         {"Id": "t", "Tree": {"Children": [{"Named": {"k": {"Value": ""}}}]}}, True),
        ("an edge response with an unknown member", "GetThing.output", {"Id": "t", "New": 1, "Kind": "zeta"}, True),
        ("a missing required output member", "GetThing.output", {"Kind": "alpha"}, False),
        # Name and Count are reached from PutThing's input and GetThing's output: strict there, lax here.
        ("an input string of a shape shared with an output, under its min length", "GetThing.input", {"Id": ""}, False),
        ("an output string of a shape shared with an input, under its min length", "GetThing.output",
         {"Id": "", "Tree": {"Named": {"": {"Value": "x" * 65}}}, "Choice": {"Number": 11}}, True),
        ("a wrong type in an output union member", "GetThing.output", {"Id": "t", "Choice": {"Number": "11"}}, False),
        ("an empty output union", "GetThing.output", {"Id": "t", "Choice": {}}, False),
    ]


_DELETE = object()


@pytest.fixture(scope="module")
def all_cases(response_json: dict[str, Any], connect_schemas: dict[str, Any],
              edge_schemas: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, Any, bool]]]:
    by_name = {f"DescribeContact.{d}": s for d, s in connect_schemas.items()} | edge_schemas
    return by_name, cases(response_json)


def test_python_jsonschema_verdicts(all_cases: tuple[dict[str, Any], list[tuple[str, str, Any, bool]]]) -> None:
    schemas, documents = all_cases
    for what, name, document, valid in documents:
        errors = list(validator(schemas[name]).iter_errors(document))
        assert (not errors) == valid, (what, [e.message for e in errors])


def test_ajv_strict_compiles_every_schema_and_agrees_with_python(
    all_cases: tuple[dict[str, Any], list[tuple[str, str, Any, bool]]], wide_schemas: list[dict[str, Any]]
) -> None:
    schemas, documents = all_cases
    wide = [s for s in wide_schemas if s["$id"] not in {x["$id"] for x in schemas.values()}]
    answer = run_node("validate.js", {
        "schemas": [*schemas.values(), *wide],
        "documents": [[schemas[name]["$id"], document] for _, name, document, _ in documents],
    })
    assert {k: v for k, v in answer["compiled"].items() if v is not None} == {}
    assert len(answer["compiled"]) == len(schemas) + len(wide)
    python = [not list(validator(schemas[name]).iter_errors(doc)) for _, name, doc, _ in documents]
    assert answer["verdicts"] == python == [valid for *_, valid in documents]


def test_typescript_from_the_schemas_type_checks_strictly(
    connect_schemas: dict[str, Any], edge_schemas: dict[str, Any], tmp_path: Path
) -> None:
    modules = {f"DescribeContact_{d}": s for d, s in connect_schemas.items()}
    modules |= {f"Edge_{name.replace('.', '_')}": s for name, s in edge_schemas.items()}
    answer = run_node("types.js", {
        "outDir": str(tmp_path), "schemas": modules, "extra": [str(NODE_DIR / "describe_contact.ts")],
    })
    assert answer["diagnostics"] == []
    generated = (tmp_path / "DescribeContact_output.ts").read_text()
    assert "export interface Expression {" in generated and "AndExpression?: Expression[]" in generated
    assert "Expression1" not in generated  # member docs must not clone types


def test_emitted_patterns_compile_in_python_and_javascript(wide_schemas: list[dict[str, Any]]) -> None:
    import re

    emitted = sorted({p for s in wide_schemas for p in keyword_values(s, "pattern")})
    assert len(emitted) > 50
    for pattern in emitted:
        re.compile(pattern)
    answer = run_node("validate.js", {"patterns": emitted})
    assert [(p, e) for p, e in zip(emitted, answer["patterns"], strict=True) if e] == []


def test_generation_is_deterministic() -> None:
    graph = build_graph(load_file(EDGE_MODEL, "edgecase"), None)
    first = [d.text() for d in schema_documents(graph)]
    assert first == [d.text() for d in schema_documents(build_graph(load_file(EDGE_MODEL, "edgecase"), None))]
    assert all(text.endswith("}\n") and json.loads(text) for text in first)


@pytest.mark.parametrize("service", ["connect", "edgecase", *OTHER_SERVICES])
def test_skeleton_examples_validate_against_the_schemas(service: str) -> None:
    """#4's example input and output of every operation satisfy #3's schemas, patterns included."""
    from skeleton_runtime import RuntimeExamples

    model = load_file(EDGE_MODEL, "edgecase") if service == "edgecase" else load_installed(service)
    graph = build_graph(model, None)
    builder = RuntimeExamples(graph)
    problems = []
    for doc in schema_documents(graph):
        operation = next(op for op in graph.operations if op.name == doc.operation)
        shape = operation.input if doc.direction == "input" else operation.output
        example = builder.example(shape, output=doc.direction == "output") if shape is not None else {}
        problems += [(doc.operation, doc.direction, e) for e in validator(doc.data).iter_errors(example)]
    # A pattern no string matches is left out of the example (an optional member), never broken.
    assert [(op, direction, e.json_path, e.message) for op, direction, e in problems] == []
    assert len(builder.patterns.unsatisfied) <= 1  # connect's Password, a JavaScript literal no string matches


# Responses as AWS really sends them, against the model's min: 1 (#5).
REAL_SERVICES = {"dynamodb": ("DescribeTable", "BatchWriteItem"), "kinesis": ("DescribeStream", "PutRecords")}


@pytest.fixture(scope="module")
def real_schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """dynamodb and kinesis schemas, generated by the command line as a user would."""
    schemas = {}
    for service, operations in REAL_SERVICES.items():
        out = tmp_path_factory.mktemp(service) / "generated"  # a run owns its output folder
        ops = [arg for op in operations for arg in ("--operation", op)]
        result = run_shapegen("generate", "--service", service, *ops, "--out", str(out), "--emit", "json-schema")
        assert result.returncode == 0, result.stderr
        schemas |= {f"{service}.{s['$id'].rsplit('/', 1)[1].removesuffix('.schema.json')}": s for s in load_schemas(out)}
    assert set(schemas) == {f"{svc}.{op}.{d}" for svc, ops in REAL_SERVICES.items() for op in ops
                            for d in ("input", "output")}
    return schemas


def real_cases() -> list[tuple[str, str, Any, bool]]:
    table = {"TableName": "t1", "TableStatus": "ACTIVE",
             "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
             "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}}
    stream = {"StreamName": "s1", "StreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/s1",
              "StreamStatus": "ACTIVE", "Shards": [], "HasMoreShards": False, "RetentionPeriodHours": 24,
              "StreamCreationTimestamp": "2024-05-01T12:30:15Z", "EnhancedMonitoring": [{"ShardLevelMetrics": []}]}
    put = {"FailedRecordCount": 0, "Records": [{"SequenceNumber": "1", "ShardId": "shardId-000000000000"}]}
    records = [{"Data": "AAEC", "PartitionKey": "k"}]
    return [
        ("NumberOfDecreasesToday 0 (model min 1)", "dynamodb.DescribeTable.output", {"Table": table}, True),
        ("a TableName breaking its pattern and min length", "dynamodb.DescribeTable.output",
         {"Table": {**table, "TableName": "!!"}}, True),
        ("NumberOfDecreasesToday as text", "dynamodb.DescribeTable.output",
         {"Table": {**table, "ProvisionedThroughput": {"NumberOfDecreasesToday": "0"}}}, False),
        ("a key schema element without its required KeyType", "dynamodb.DescribeTable.output",
         {"Table": {**table, "KeySchema": [{"AttributeName": "id"}]}}, False),
        ("UnprocessedItems {} (model min 1)", "dynamodb.BatchWriteItem.output", {"UnprocessedItems": {}}, True),
        ("UnprocessedItems with an empty list of writes", "dynamodb.BatchWriteItem.output",
         {"UnprocessedItems": {"t1": []}}, True),
        ("UnprocessedItems as a list", "dynamodb.BatchWriteItem.output", {"UnprocessedItems": []}, False),
        # The same map shape in the request: strict.
        ("RequestItems {} in a request", "dynamodb.BatchWriteItem.input", {"RequestItems": {}}, False),
        ("an empty list of writes in a request", "dynamodb.BatchWriteItem.input", {"RequestItems": {"t1": []}}, False),
        ("a request with one write", "dynamodb.BatchWriteItem.input",
         {"RequestItems": {"t1": [{"DeleteRequest": {"Key": {"id": {"S": "1"}}}}]}}, True),
        ("a DescribeTable request with an empty TableName", "dynamodb.DescribeTable.input", {"TableName": ""}, False),
        ("ShardLevelMetrics [] (model min 1)", "kinesis.DescribeStream.output", {"StreamDescription": stream}, True),
        ("a StreamName breaking its pattern", "kinesis.DescribeStream.output",
         {"StreamDescription": {**stream, "StreamName": "!!!"}}, True),
        ("a stream without its required StreamARN", "kinesis.DescribeStream.output",
         {"StreamDescription": {k: v for k, v in stream.items() if k != "StreamARN"}}, False),
        ("ShardLevelMetrics as text", "kinesis.DescribeStream.output",
         {"StreamDescription": {**stream, "EnhancedMonitoring": [{"ShardLevelMetrics": "ALL"}]}}, False),
        ("a StreamName breaking its pattern in a request", "kinesis.DescribeStream.input", {"StreamName": "!!!"}, False),
        ("FailedRecordCount 0 (model min 1)", "kinesis.PutRecords.output", put, True),
        ("Records [] in a response (model min 1)", "kinesis.PutRecords.output", {**put, "Records": []}, True),
        ("FailedRecordCount as a float", "kinesis.PutRecords.output", {**put, "FailedRecordCount": 0.5}, False),
        ("a PutRecords response without its required Records", "kinesis.PutRecords.output", {"FailedRecordCount": 0}, False),
        ("a PutRecords request", "kinesis.PutRecords.input", {"StreamName": "s1", "Records": records}, True),
        ("Records [] in a request", "kinesis.PutRecords.input", {"StreamName": "s1", "Records": []}, False),
        ("an empty PartitionKey in a request", "kinesis.PutRecords.input",
         {"StreamName": "s1", "Records": [{"Data": "AAEC", "PartitionKey": ""}]}, False),
    ]


def test_real_responses_that_break_the_model_validate_against_output_schemas(
    real_schemas: dict[str, dict[str, Any]]
) -> None:
    documents = real_cases()
    python = [not list(validator(real_schemas[name]).iter_errors(doc)) for _, name, doc, _ in documents]
    assert [what for (what, *_, valid), ok in zip(documents, python, strict=True) if ok != valid] == []
    for schema in real_schemas.values():
        Draft202012Validator.check_schema(schema)
    # ajv (strict, with the vendor keywords declared) agrees.
    answer = run_node("validate.js", {
        "schemas": list(real_schemas.values()),
        "documents": [[real_schemas[name]["$id"], document] for _, name, document, _ in documents],
    })
    assert {k: v for k, v in answer["compiled"].items() if v is not None} == {}
    assert answer["verdicts"] == python
    # The shape shared by request and response keeps its bounds, as an annotation in the response.
    unprocessed = real_schemas["dynamodb.BatchWriteItem.output"]["$defs"]["BatchWriteItemOutput"]["properties"]["UnprocessedItems"]
    request_items = real_schemas["dynamodb.BatchWriteItem.input"]["$defs"]["BatchWriteItemInput"]["properties"]["RequestItems"]
    assert unprocessed[CONSTRAINTS] == {"minProperties": 1, "maxProperties": 25}
    assert request_items["minProperties"] == 1 and request_items["maxProperties"] == 25
    # The member documentation differs; the schema of the shape is the same, bounds asserted.
    assert ({k: v for k, v in as_strict(unprocessed).items() if k != "description"}
            == {k: v for k, v in without_closed(request_items).items() if k != "description"})
