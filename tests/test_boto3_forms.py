"""The generated package against what boto3 really returns: responses serialised on the
wire by each protocol and parsed by botocore's own client (``tests/wire``), with its
StreamingBody, EventStream, handlers and sparse nulls, never dicts written by hand."""

from __future__ import annotations

import io
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from botocore.eventstream import EventStream as BotocoreEventStream
from botocore.response import StreamingBody

from tests.conftest import import_generated, run_shapegen
from tests.wire.client import boto3_response

WANTED = {
    "s3": ["GetObject", "SelectObjectContent", "HeadObject", "PutObject"],
    "lambda": ["Invoke"],
    "iam": ["GetRole"],
    "connectcases": ["GetCaseAuditEvents"],
    "lex-runtime": ["PostContent"],
    "kinesis": ["SubscribeToShard"],
    "dynamodb": ["DescribeTable"],
}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    out = tmp_path_factory.mktemp("forms")
    modules = {}
    for service, operations in WANTED.items():
        package = service.replace("-", "_") + "_shapes"
        args = ["generate", "--service", service, "--out", str(out / service), "--emit", "python", "--emit", "skeleton"]
        for op in operations:
            args += ["--operation", op]
        result = run_shapegen(*args)
        assert result.returncode == 0, result.stderr
        modules[service] = import_generated(out / service / "python", package)
    return modules


def _example(package: ModuleType, operation: str) -> dict[str, Any]:
    skeleton = __import__(f"{package.__name__}.skeleton", fromlist=["skeleton"])
    value: dict[str, Any] = skeleton.skeleton(operation, "example-output")
    return value


def _round_trip(package: ModuleType, operation: str, response: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    service = next(s for s, ops in WANTED.items() if operation in ops and package.__name__.startswith(s.replace("-", "_")))
    parsed = boto3_response(service, operation, response)
    output_class = package.models.OPERATIONS[operation][1]
    obj = output_class.from_dict(parsed)
    assert obj.to_dict() == parsed
    return obj, parsed


def test_streaming_output_body_is_kept_unread(packages: dict[str, ModuleType]) -> None:
    s3 = packages["s3"]
    response = _example(s3, "GetObject")
    # Headers botocore checks the body against, which an example cannot fake: drop or fix them.
    response = {k: v for k, v in response.items() if not k.startswith("Checksum")}
    response["ContentLength"] = len(b"example")
    obj, parsed = _round_trip(s3, "GetObject", response)
    assert isinstance(parsed["Body"], StreamingBody)
    assert obj.body is parsed["Body"]  # not read, not copied
    assert obj.body.read() == b"example"
    with pytest.raises(s3.ShapeValidationError, match="streaming body"):
        obj.to_json_dict()
    assert obj.expires_string is not None  # botocore's handle_expires_header ran
    in_memory = s3.models.GetObjectOutput.from_dict({"Body": "ZXhhbXBsZQ=="})  # the JSON form
    assert isinstance(in_memory.body, io.BytesIO) and in_memory.to_json_dict() == {"Body": "ZXhhbXBsZQ=="}


def test_lambda_payload_streams(packages: dict[str, ModuleType]) -> None:
    lam = packages["lambda"]
    obj, parsed = _round_trip(lam, "Invoke", _example(lam, "Invoke"))
    assert isinstance(parsed["Payload"], StreamingBody) and obj.payload is parsed["Payload"]
    assert obj.status_code == parsed["StatusCode"]


def test_request_bodies_take_bytes_text_and_files(packages: dict[str, ModuleType]) -> None:
    put = packages["s3"].models.PutObjectRequest
    for body in (b"bytes", "text", io.BytesIO(b"file")):
        request = put(bucket="b", key="k", body=body)
        assert request.to_dict()["Body"] is body


def test_event_stream_output_parses_each_event(packages: dict[str, ModuleType]) -> None:
    s3 = packages["s3"]
    response = _example(s3, "SelectObjectContent")
    assert isinstance(response["Payload"], list)  # the JSON form: the events, in order
    obj, parsed = _round_trip(s3, "SelectObjectContent", response)
    assert isinstance(parsed["Payload"], BotocoreEventStream)
    assert obj.payload.source is parsed["Payload"]
    events = list(obj.payload)
    assert len(events) == 1 and type(events[0]).__name__ == "SelectObjectContentEventStream"
    kinesis = packages["kinesis"]
    obj, parsed = _round_trip(kinesis, "SubscribeToShard", _example(kinesis, "SubscribeToShard"))
    assert isinstance(parsed["EventStream"], BotocoreEventStream)
    [event] = list(obj.event_stream)
    assert event.subscribe_to_shard_event is not None


def test_iam_policy_document_is_decoded(packages: dict[str, ModuleType]) -> None:
    iam = packages["iam"]
    response = _example(iam, "GetRole")
    response["Role"]["AssumeRolePolicyDocument"] = "%7B%22Version%22%3A%20%222012-10-17%22%7D"
    obj, parsed = _round_trip(iam, "GetRole", response)
    assert parsed["Role"]["AssumeRolePolicyDocument"] == {"Version": "2012-10-17"}
    assert obj.role.assume_role_policy_document == {"Version": "2012-10-17"}


def test_sparse_list_keeps_nulls(packages: dict[str, ModuleType]) -> None:
    cases = packages["connectcases"]
    response = _example(cases, "GetCaseAuditEvents")
    events = response["auditEvents"]
    response["auditEvents"] = [None, *events]
    obj, parsed = _round_trip(cases, "GetCaseAuditEvents", response)
    assert parsed["auditEvents"][0] is None and obj.audit_events[0] is None


def test_jsonvalue_header_is_any_json(packages: dict[str, ModuleType]) -> None:
    lex = packages["lex-runtime"]
    response = _example(lex, "PostContent")
    response["sessionAttributes"] = {"k": ["v", 1]}
    obj, parsed = _round_trip(lex, "PostContent", response)
    assert parsed["sessionAttributes"] == {"k": ["v", 1]}
    assert obj.session_attributes == {"k": ["v", 1]}


def test_modeled_errors_are_dataclasses(packages: dict[str, ModuleType]) -> None:
    s3 = packages["s3"].models
    assert set(s3.ERRORS["GetObject"]) == {s3.InvalidObjectState, s3.NoSuchKey}
    error = {"Error": {"Code": "NoSuchKey", "Message": "gone"}, "ResponseMetadata": {"HTTPStatusCode": 404}}
    parsed = s3.NoSuchKey.from_dict(error)
    assert parsed.error == {"Code": "NoSuchKey", "Message": "gone"}
    assert parsed.to_dict() == error


def test_a_modeled_error_from_botocore_parses(packages: dict[str, ModuleType]) -> None:
    """A json-protocol error response, parsed by botocore's client into a ClientError."""
    import json as _json

    from botocore.exceptions import ClientError

    from tests.wire.client import _client
    from tests.wire.responses import WireResponse

    dynamodb = packages["dynamodb"].models
    wire = _client("dynamodb", None, True)
    body = {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": "no table"}
    wire.response = WireResponse(400, {"x-amzn-RequestId": "r1"}, _json.dumps(body).encode())
    with pytest.raises(ClientError) as caught:
        wire.call("DescribeTable", {"TableName": "t"})
    response = caught.value.response
    error_class = next(c for c in dynamodb.ERRORS["DescribeTable"] if c.__name__ == response["Error"]["Code"])
    parsed = error_class.from_dict(response)
    assert parsed.message == "no table" and parsed.error["Code"] == "ResourceNotFoundException"
    assert parsed.to_dict() == response


_ = Path
