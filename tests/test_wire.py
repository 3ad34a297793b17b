"""The wire-level test infrastructure (tests/wire): what a botocore client returns for a
service response, computed by botocore itself, checked against expectations derived here
independently from the JSON-form value (``boto3_form``)."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import botocore.session
import pytest
from botocore.eventstream import EventStream
from botocore.exceptions import EventStreamError, ParamValidationError
from botocore.model import ServiceModel
from botocore.response import StreamingBody

from wire import boto3_response, botocore_request, minimal_params, wire_response
from wire.eventstream import decode_messages

SESSION = botocore.session.get_session()
ALL_PROTOCOLS = ["json", "rest-json", "rest-xml", "query", "ec2", "smithy-rpc-v2-cbor"]
XML_PROTOCOLS = {"rest-xml", "query", "ec2"}


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def boto3_form(shape: Any, value: Any, protocol: str = "json") -> Any:
    """What boto3 hands back for ``value`` (JSON form) of ``shape``: datetimes (aware), bytes,
    floats.  XML cannot carry nulls; botocore's CBOR decoder drops null map values."""
    if value is None:
        return None
    kind = shape.type_name
    if kind == "structure":
        if shape.metadata.get("document"):
            return value
        return {k: boto3_form(shape.members[k], v, protocol) for k, v in value.items() if v is not None}
    if kind == "list":
        return [boto3_form(shape.member, v, protocol) for v in value if v is not None or protocol not in XML_PROTOCOLS]
    if kind == "map":
        drop_nulls = protocol in XML_PROTOCOLS or protocol == "smithy-rpc-v2-cbor"
        return {k: boto3_form(shape.value, v, protocol) for k, v in value.items() if v is not None or not drop_nulls}
    if kind == "timestamp":
        return utc(value)
    if kind == "blob":
        return base64.b64decode(value)
    if kind in ("float", "double"):
        return float(value)
    return value


def output_shape(service: str, operation: str, model: Mapping[str, Any] | None = None) -> Any:
    if model is None:
        return SESSION.get_service_model(service).operation_model(operation).output_shape
    return ServiceModel(copy.deepcopy(dict(model)), service).operation_model(operation).output_shape


def split(result: dict[str, Any], status: int = 200) -> dict[str, Any]:
    """``result`` without its ResponseMetadata, after checking that metadata."""
    meta = result.pop("ResponseMetadata")
    assert meta["RequestId"]
    assert meta["HTTPStatusCode"] == status
    assert meta["RetryAttempts"] == 0
    assert isinstance(meta["HTTPHeaders"], dict) and meta["HTTPHeaders"]
    return result


def check(service: str, operation: str, value: dict[str, Any], params: dict[str, Any] | None = None,
          protocol: str | None = None) -> dict[str, Any]:
    result = split(boto3_response(service, operation, value, params=params))
    protocol = protocol or SESSION.get_service_model(service).resolved_protocol
    assert result == boto3_form(output_shape(service, operation), value, protocol)
    return result


# -- One real operation (or more) per protocol ---------------------------------------------------

KEYS = [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "Song", "KeyType": "RANGE"}]


def test_json_dynamodb_describe_table() -> None:
    value = {
        "Table": {
            "TableName": "Music",
            "TableStatus": "ACTIVE",
            "CreationDateTime": "2024-02-29T12:34:56.789Z",
            "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}],
            "KeySchema": KEYS,
            "ItemCount": 42,
            "TableSizeBytes": 12345678901,
            "ProvisionedThroughput": {"LastIncreaseDateTime": "1999-12-31T23:59:59Z", "ReadCapacityUnits": 5,
                                      "WriteCapacityUnits": 7, "NumberOfDecreasesToday": 0},
            "GlobalSecondaryIndexes": [{"IndexName": "ByYear", "KeySchema": KEYS[:1],
                                        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "b"]}}],
            "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
            "TableClassSummary": {"TableClass": "STANDARD", "LastUpdateDateTime": "2001-02-03T04:05:06Z"},
            "DeletionProtectionEnabled": False,
        }
    }
    result = check("dynamodb", "DescribeTable", value)
    assert result["Table"]["CreationDateTime"] == dt.datetime(2024, 2, 29, 12, 34, 56, 789000, dt.timezone.utc)
    assert result["Table"]["CreationDateTime"].tzinfo is not None
    # The wire really is the json protocol's: epoch seconds, not the JSON form's text.
    wire = wire_response("dynamodb", "DescribeTable", value)
    assert json.loads(wire.body)["Table"]["CreationDateTime"] == pytest.approx(1709210096.789)
    assert wire.headers["Content-Type"] == "application/x-amz-json-1.0"


def test_json_dynamodb_get_item_blobs_and_nesting() -> None:
    value = {
        "Item": {
            "Artist": {"S": "Acme"},
            "Cover": {"B": base64.b64encode(b"\x00\xffpng").decode()},
            "Takes": {"BS": ["AAE=", "AgM="]},
            "Tracks": {"L": [{"N": "1"}, {"M": {"Name": {"S": "x"}, "Gone": {"NULL": True}}}, {"BOOL": False}]},
        },
        "ConsumedCapacity": {"TableName": "Music", "CapacityUnits": 0.5, "Table": {"ReadCapacityUnits": 0.5}},
    }
    result = check("dynamodb", "GetItem", value, params={"TableName": "Music", "Key": {"Artist": {"S": "Acme"}}})
    assert result["Item"]["Cover"]["B"] == b"\x00\xffpng"
    assert result["Item"]["Takes"]["BS"] == [b"\x00\x01", b"\x02\x03"]


def test_rest_json_lambda_get_function() -> None:
    value = {
        "Configuration": {
            "FunctionName": "f",
            "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "Runtime": "python3.12",
            "CodeSize": 2**33,
            "MemorySize": 128,
            "LastModified": "2024-01-01T00:00:00.000+0000",
            "Environment": {"Variables": {"A": "1", "B": "2"}},
            "Layers": [{"Arn": "arn:1", "CodeSize": 3}],
            "VpcConfig": {"SubnetIds": ["s-1", "s-2"], "SecurityGroupIds": [], "Ipv6AllowedForDualStack": True},
            "Architectures": ["arm64"],
        },
        "Code": {"RepositoryType": "S3", "Location": "https://example.com/code.zip"},
        "Tags": {"team": "x"},
        "Concurrency": {"ReservedConcurrentExecutions": 3},
    }
    check("lambda", "GetFunction", value, params={"FunctionName": "f"})


def test_rest_json_iot_timestamps_blobs_doubles() -> None:
    signing = {"signature": {"inlineDocument": base64.b64encode(b"sig\x00").decode()},
               "certificateChain": {"certificateName": "c", "inlineDocument": "PEM"}}
    value = {
        "otaUpdateInfo": {
            "otaUpdateId": "u",
            "creationDate": "2020-05-06T07:08:09.5Z",
            "lastModifiedDate": "2021-01-01T00:00:00Z",
            "targets": ["t1", "t2"],
            "awsJobExecutionsRolloutConfig": {"maximumPerMinute": 5, "exponentialRate": {
                "baseRatePerMinute": 2, "incrementFactor": 1.5,
                "rateIncreaseCriteria": {"numberOfNotifiedThings": 1}}},
            "otaUpdateFiles": [{"fileName": "a.bin", "codeSigning": {"customCodeSigning": signing},
                                "attributes": {"k": "v"}}],
            "additionalParameters": {"p": "q"},
        }
    }
    result = check("iot", "GetOTAUpdate", value)
    info = result["otaUpdateInfo"]
    assert info["otaUpdateFiles"][0]["codeSigning"]["customCodeSigning"]["signature"]["inlineDocument"] == b"sig\x00"
    assert info["creationDate"] == dt.datetime(2020, 5, 6, 7, 8, 9, 500000, dt.timezone.utc)


def test_rest_json_lambda_invoke_streaming_payload_and_status() -> None:
    value = {"StatusCode": 202, "FunctionError": "Unhandled", "ExecutedVersion": "$LATEST",
             "LogResult": base64.b64encode(b"log").decode(), "Payload": base64.b64encode(b'{"ok": true}').decode()}
    result = split(boto3_response("lambda", "Invoke", value, params={"FunctionName": "f"}), status=202)
    body = result.pop("Payload")
    assert isinstance(body, StreamingBody)
    assert body.read() == b'{"ok": true}'
    assert result == {"StatusCode": 202, "FunctionError": "Unhandled", "ExecutedVersion": "$LATEST",
                      "LogResult": value["LogResult"]}


def test_rest_json_jsonvalue_headers_lex_post_content() -> None:
    slots = {"Size": "large", "Crust": None}
    value = {"contentType": "audio/mpeg", "intentName": "Order", "slots": slots,
             "sessionAttributes": {"n": "1"}, "nluIntentConfidence": {"score": 0.75},
             "dialogState": "ElicitSlot", "audioStream": base64.b64encode(b"RIFF").decode()}
    wire = wire_response("lex-runtime", "PostContent", value)
    assert json.loads(base64.b64decode(wire.headers["x-amz-lex-slots"])) == slots
    result = split(boto3_response("lex-runtime", "PostContent", value))
    assert result.pop("audioStream").read() == b"RIFF"
    assert result == {"contentType": "audio/mpeg", "intentName": "Order", "slots": slots,
                      "sessionAttributes": {"n": "1"}, "nluIntentConfidence": {"score": 0.75},
                      "dialogState": "ElicitSlot"}


def test_rest_xml_s3_list_objects_v2() -> None:
    value = {
        "IsTruncated": True,
        "Contents": [
            {"Key": "a.txt", "LastModified": "2009-10-12T17:50:30Z", "ETag": '"e1"', "Size": 434234,
             "StorageClass": "STANDARD", "ChecksumAlgorithm": ["CRC32", "SHA256"],
             "Owner": {"DisplayName": "me", "ID": "id-1"}},
            {"Key": "b.txt", "LastModified": "2009-10-12T17:50:30.123Z", "Size": 0, "ChecksumAlgorithm": ["CRC32"]},
        ],
        "Name": "bucket",
        "Prefix": "",
        "MaxKeys": 1000,
        "CommonPrefixes": [{"Prefix": "photos/"}],
        "KeyCount": 3,
        "NextContinuationToken": "tok",
    }
    check("s3", "ListObjectsV2", value, params={"Bucket": "bucket", "EncodingType": "url"})
    single = {"Contents": [{"Key": "only", "ChecksumAlgorithm": ["CRC32"]}], "KeyCount": 1}
    check("s3", "ListObjectsV2", single, params={"Bucket": "bucket", "EncodingType": "url"})


def test_rest_xml_s3_list_objects_url_decoding_handler() -> None:
    # botocore asks for EncodingType=url itself and then url-decodes the keys it gets back.
    value = {"EncodingType": "url", "Contents": [{"Key": "a%20b%2Bc"}], "Prefix": "p%2F"}
    result = split(boto3_response("s3", "ListObjectsV2", value, params={"Bucket": "bucket"}))
    assert result["Contents"] == [{"Key": "a b+c"}]
    assert result["Prefix"] == "p/"


def test_rest_xml_s3_get_object_streaming_and_headers() -> None:
    value = {
        "Body": base64.b64encode(b"hello world").decode(),
        "ContentLength": 11,
        "ContentType": "text/plain",
        "ETag": '"abc"',
        "LastModified": "2015-10-21T07:28:00Z",
        "ObjectLockRetainUntilDate": "2030-01-02T03:04:05Z",  # timestampFormat iso8601 in a header
        "Metadata": {"colour": "blue", "size": "xl"},
        "DeleteMarker": False,
        "TagCount": 2,
        "MissingMeta": 0,
    }
    result = split(boto3_response("s3", "GetObject", value, params={"Bucket": "b", "Key": "k"}))
    body = result.pop("Body")
    assert isinstance(body, StreamingBody)
    assert body.read() == b"hello world"
    expected = boto3_form(output_shape("s3", "GetObject"), {k: v for k, v in value.items() if k != "Body"})
    assert result == expected
    assert wire_response("s3", "GetObject", value).headers["x-amz-object-lock-retain-until-date"] == "2030-01-02T03:04:05Z"


def test_rest_xml_s3_head_object_expires_string() -> None:
    value = {"ContentLength": 5, "Expires": "2000-01-01T00:00:00Z", "LastModified": "1999-12-31T23:59:59Z",
             "Metadata": {"a": "b"}}
    result = split(boto3_response("s3", "HeadObject", value, params={"Bucket": "b", "Key": "k"}))
    assert result.pop("ExpiresString") == "Sat, 01 Jan 2000 00:00:00 GMT"  # s3's handle_expires_header
    assert result == boto3_form(output_shape("s3", "HeadObject"), value)


def test_rest_xml_s3_acl_namespace_and_xml_attribute() -> None:
    value = {"Owner": {"DisplayName": "me", "ID": "o"},
             "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "g", "DisplayName": "them"},
                         "Permission": "READ"},
                        {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
                         "Permission": "WRITE"}]}
    check("s3", "GetBucketAcl", value, params={"Bucket": "b"})
    body = wire_response("s3", "GetBucketAcl", value).body
    assert b'xsi:type="CanonicalUser"' in body and b"xmlns:xsi=" in body


def test_rest_xml_s3_get_bucket_location_handler() -> None:
    result = split(boto3_response("s3", "GetBucketLocation", {"LocationConstraint": "eu-west-1"}))
    assert result == {"LocationConstraint": "eu-west-1"}


def test_query_iam_get_role_policy_handler() -> None:
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}
    value = {"Role": {
        "Path": "/", "RoleName": "r", "RoleId": "AROA1", "Arn": "arn:aws:iam::123456789012:role/r",
        "CreateDate": "2020-01-01T00:00:00.5Z", "MaxSessionDuration": 3600,
        "AssumeRolePolicyDocument": quote(json.dumps(policy)),  # url-encoded JSON, as IAM sends it
        "Tags": [{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}],
        "RoleLastUsed": {"LastUsedDate": "2023-03-04T05:06:07Z", "Region": "us-east-1"},
        "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:p"},
    }}
    result = split(boto3_response("iam", "GetRole", value, params={"RoleName": "r"}))
    assert result["Role"].pop("AssumeRolePolicyDocument") == policy  # botocore's json_decode_policies
    expected = boto3_form(output_shape("iam", "GetRole"), value, "query")
    del expected["Role"]["AssumeRolePolicyDocument"]
    assert result == expected
    assert b"<GetRoleResult>" in wire_response("iam", "GetRole", value).body


def test_query_sns() -> None:
    check("sns", "GetTopicAttributes", {"Attributes": {"Policy": "{}", "Owner": "123", "Empty": ""}},
          params={"TopicArn": "arn:t"})
    check("sns", "ListTopics", {"Topics": [{"TopicArn": "a"}, {"TopicArn": "b"}], "NextToken": "n"})
    check("sns", "ListTopics", {"Topics": [{"TopicArn": "only"}]})


def test_query_cloudformation_get_template_handler() -> None:
    template = {"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}
    result = split(boto3_response("cloudformation", "GetTemplate",
                                  {"TemplateBody": json.dumps(template), "StagesAvailable": ["Original"]}))
    assert result == {"TemplateBody": template, "StagesAvailable": ["Original"]}


def test_ec2_describe_instances() -> None:
    value = {
        "Reservations": [{
            "ReservationId": "r-1", "OwnerId": "123",
            "Groups": [{"GroupName": "g", "GroupId": "sg-1"}],
            "Instances": [{
                "InstanceId": "i-1", "LaunchTime": "2020-01-01T00:00:00Z", "AmiLaunchIndex": 0,
                "State": {"Code": 16, "Name": "running"},
                "Tags": [{"Key": "Name", "Value": "web"}, {"Key": "env", "Value": ""}],
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {
                    "AttachTime": "2020-01-01T00:00:05.25Z", "DeleteOnTermination": True, "VolumeId": "vol-1"}}],
                "EbsOptimized": False, "CpuOptions": {"CoreCount": 2, "ThreadsPerCore": 1},
                "NetworkInterfaces": [{"PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": "10.0.0.1"}]}],
            }],
        }],
        "NextToken": "n",
    }
    check("ec2", "DescribeInstances", value)
    body = wire_response("ec2", "DescribeInstances", value).body
    assert b"<reservationSet><item>" in body and b"<requestId>" in body


def test_ec2_console_output_handler() -> None:
    value = {"InstanceId": "i-1", "Output": base64.b64encode(b"booting...").decode(),
             "Timestamp": "2020-01-01T00:00:00Z"}
    result = split(boto3_response("ec2", "GetConsoleOutput", value))
    assert result == {"InstanceId": "i-1", "Output": "booting...", "Timestamp": utc("2020-01-01T00:00:00Z")}


def test_smithy_rpc_v2_cbor_cloudwatchomni() -> None:
    value = {
        "nodes": [{
            "nodeId": "n-1", "nodeType": "SERVICE", "alternateNames": ["a", "b"], "tags": {"team": "x"},
            "firstObservedAt": "2020-01-01T00:00:00.125Z", "lastObservedAt": "2021-01-01T00:00:00Z",
            "nodeProperties": {"region": "us-east-1", "category": "COMPUTE"},
            "edges": [{"edgeId": "e", "edgeProperties": {"blocked": True, "trafficStats": {"bytes": 2**40, "packets": 3}}}],
        }],
        "nextToken": "t",
    }
    check("cloudwatchomni", "GetContextGraph", value)
    wire = wire_response("cloudwatchomni", "GetContextGraph", value)
    assert wire.headers["smithy-protocol"] == "rpc-v2-cbor"
    assert b"\xc1" in wire.body  # CBOR tag 1 (epoch timestamps)


# -- Event streams --------------------------------------------------------------------------------


def test_s3_select_object_content_event_stream() -> None:
    events = [{"Records": {"Payload": base64.b64encode(b"a,b\n").decode()}},
              {"Stats": {"Details": {"BytesScanned": 10, "BytesProcessed": 9, "BytesReturned": 4}}},
              {"Progress": {"Details": {"BytesScanned": 1}}}, {"Cont": {}}, {"End": {}}]
    params = {"Bucket": "b", "Key": "k", "Expression": "select *", "ExpressionType": "SQL",
              "InputSerialization": {"CSV": {}}, "OutputSerialization": {"CSV": {}}}
    result = split(boto3_response("s3", "SelectObjectContent", {"Payload": events}, params=params))
    stream = result.pop("Payload")
    assert isinstance(stream, EventStream)
    assert list(stream) == [{"Records": {"Payload": b"a,b\n"}},
                            {"Stats": {"Details": {"BytesScanned": 10, "BytesProcessed": 9, "BytesReturned": 4}}},
                            {"Progress": {"Details": {"BytesScanned": 1}}}, {"Cont": {}}, {"End": {}}]
    raw = decode_messages(wire_response("s3", "SelectObjectContent", {"Payload": events}).body)
    assert [h[":event-type"] for h, _ in raw] == ["Records", "Stats", "Progress", "Cont", "End"]
    assert raw[0] == ({":message-type": "event", ":event-type": "Records",
                       ":content-type": "application/octet-stream"}, b"a,b\n")


def test_rest_json_bedrock_converse_stream() -> None:
    events = [{"messageStart": {"role": "assistant"}},
              {"contentBlockDelta": {"contentBlockIndex": 0, "delta": {"text": "Hi"}}},
              {"messageStop": {"stopReason": "end_turn", "additionalModelResponseFields": {"x": [1, None]}}},
              {"metadata": {"usage": {"inputTokens": 1, "outputTokens": 2, "totalTokens": 3},
                            "metrics": {"latencyMs": 5}}}]
    result = split(boto3_response("bedrock-runtime", "ConverseStream", {"stream": events}, params={"modelId": "m"}))
    stream = result.pop("stream")
    assert isinstance(stream, EventStream)
    assert list(stream) == events
    assert result == {}


def test_rest_json_lambda_invoke_with_response_stream() -> None:
    events = [{"PayloadChunk": {"Payload": base64.b64encode(b"part1").decode()}},
              {"InvokeComplete": {"ErrorCode": "", "LogResult": "bG9n"}}]
    value = {"StatusCode": 200, "ExecutedVersion": "1", "EventStream": events}
    result = split(boto3_response("lambda", "InvokeWithResponseStream", value, params={"FunctionName": "f"}))
    assert list(result.pop("EventStream")) == [{"PayloadChunk": {"Payload": b"part1"}},
                                               {"InvokeComplete": {"ErrorCode": "", "LogResult": "bG9n"}}]
    assert result == {"StatusCode": 200, "ExecutedVersion": "1"}


def test_json_kinesis_subscribe_to_shard_initial_response() -> None:
    record = {"SequenceNumber": "1", "ApproximateArrivalTimestamp": "2020-01-01T00:00:00.5Z",
              "Data": base64.b64encode(b"\x01\x02").decode(), "PartitionKey": "p"}
    events = [{"SubscribeToShardEvent": {"Records": [record], "ContinuationSequenceNumber": "c",
                                         "MillisBehindLatest": 0}}]
    params = {"ConsumerARN": "arn:c", "ShardId": "s", "StartingPosition": {"Type": "LATEST"}}
    result = split(boto3_response("kinesis", "SubscribeToShard", {"EventStream": events}, params=params))
    got = list(result.pop("EventStream"))
    assert got[0]["SubscribeToShardEvent"]["Records"][0]["Data"] == b"\x01\x02"
    assert got[0]["SubscribeToShardEvent"]["Records"][0]["ApproximateArrivalTimestamp"] == utc("2020-01-01T00:00:00.5Z")
    raw = decode_messages(wire_response("kinesis", "SubscribeToShard", {"EventStream": events}).body)
    assert raw[0][0][":event-type"] == "initial-response"


# -- A fixture model, served in every protocol --------------------------------------------------------


def _m(shape: str, **extra: Any) -> dict[str, Any]:
    return {"shape": shape, **extra}


def kitchen_model(protocol: str) -> dict[str, Any]:
    rest = protocol.startswith("rest-")
    xml = protocol in XML_PROTOCOLS
    thing_members: dict[str, Any] = {
        "When": _m("Timestamp"), "WhenIso": _m("IsoTimestamp"), "WhenEpoch": _m("EpochTimestamp"),
        "WhenHttp": _m("HttpTimestamp"), "Data": _m("Blob"), "Count": _m("Integer"), "Big": _m("Long"),
        "Ratio": _m("Double"), "Small": _m("Float"), "Flag": _m("Boolean"), "Names": _m("StringList"),
        "Stamps": _m("TimestampList"), "Chunks": _m("BlobList"), "Labels": _m("StringMap"), "Tree": _m("Node"),
        "Nodes": _m("NodeMap"), "Choice": _m("Choice"), "Renamed": _m("String", locationName="renamed_on_wire"),
        "Flat": _m("FlatList"), "FlatPairs": _m("FlatMap"), "Wrapped": _m("WrappedList"), "Tagged": _m("Tagged"),
    }
    if not xml:
        thing_members["Meta"] = _m("Document")
    shapes: dict[str, Any] = {
        "String": {"type": "string"}, "Integer": {"type": "integer"}, "Long": {"type": "long"},
        "Double": {"type": "double"}, "Float": {"type": "float"}, "Boolean": {"type": "boolean"},
        "Blob": {"type": "blob"}, "Timestamp": {"type": "timestamp"},
        "IsoTimestamp": {"type": "timestamp", "timestampFormat": "iso8601"},
        "EpochTimestamp": {"type": "timestamp", "timestampFormat": "unixTimestamp"},
        "HttpTimestamp": {"type": "timestamp", "timestampFormat": "rfc822"},
        "JsonString": {"type": "string", "jsonvalue": True},
        "StringList": {"type": "list", "member": _m("String")},
        "TimestampList": {"type": "list", "member": _m("Timestamp")},
        "BlobList": {"type": "list", "member": _m("Blob")},
        "StringMap": {"type": "map", "key": _m("String"), "value": _m("String")},
        "NodeMap": {"type": "map", "key": _m("String"), "value": _m("Node")},
        "FlatList": {"type": "list", "member": _m("String", locationName="Item"), "flattened": True},
        "FlatMap": {"type": "map", "key": _m("String", locationName="K"), "value": _m("Integer", locationName="V"),
                    "flattened": True},
        "WrappedList": {"type": "list", "member": _m("String", locationName="Entry")},
        "Node": {"type": "structure", "members": {"Name": _m("String"), "Seen": _m("Timestamp"),
                                                  "Children": _m("NodeList")}},
        "NodeList": {"type": "list", "member": _m("Node")},
        "Choice": {"type": "structure", "union": True,
                   "members": {"Text": _m("String"), "Number": _m("Integer"), "Node": _m("Node")}},
        "Document": {"type": "structure", "members": {}, "document": True},
        "Tagged": {"type": "structure", "xmlNamespace": {"prefix": "k", "uri": "urn:kitchen"},
                   "members": {"Kind": _m("String", locationName="k:kind", xmlAttribute=True),
                               "Value": _m("String")}},
        "IdInput": {"type": "structure", "required": ["Id"], "members": {"Id": _m("String")}},
        "Thing": {"type": "structure", "members": thing_members},
        "Headers": {"type": "structure", "payload": "Body", "members": {
            "HTime": _m("Timestamp", location="header", locationName="x-time"),
            "HIso": _m("IsoTimestamp", location="header", locationName="x-iso"),
            "HEpoch": _m("EpochTimestamp", location="header", locationName="x-epoch"),
            "HJson": _m("JsonString", location="header", locationName="x-json"),
            "HList": _m("StringList", location="header", locationName="x-list"),
            "HInt": _m("Integer", location="header", locationName="x-int"),
            "HLong": _m("Long", location="header", locationName="x-long"),
            "HBool": _m("Boolean", location="header", locationName="x-bool"),
            "HDouble": _m("Double", location="header", locationName="x-double"),
            "HBlob": _m("Blob", location="header", locationName="x-blob"),
            "HMeta": _m("StringMap", location="headers", locationName="x-meta-"),
            "Status": _m("Integer", location="statusCode"),
            "Body": _m("Node"),
        }},
        "BlobOut": {"type": "structure", "payload": "Content",
                    "members": {"Content": _m("Blob"), "Kind": _m("String", location="header", locationName="x-kind")}},
        "TextOut": {"type": "structure", "payload": "Text", "members": {"Text": _m("String")}},
        "DataEvent": {"type": "structure", "event": True, "members": {
            "Bytes": _m("Blob", eventpayload=True), "Seq": _m("Long", eventheader=True),
            "At": _m("Timestamp", eventheader=True), "Flag": _m("Boolean", eventheader=True),
            "Tag": _m("String", eventheader=True), "Raw": _m("Blob", eventheader=True),
            "Small": _m("Integer", eventheader=True)}},
        "TextEvent": {"type": "structure", "event": True, "members": {"Body": _m("String", eventpayload=True)}},
        "DetailEvent": {"type": "structure", "event": True, "members": {"Detail": _m("Node", eventpayload=True)}},
        "PlainEvent": {"type": "structure", "event": True, "members": {
            "A": _m("String"), "B": _m("Timestamp"), "C": _m("StringList"), "D": _m("Blob"),
            "H": _m("String", eventheader=True)}},
        "EmptyEvent": {"type": "structure", "event": True, "members": {}},
        "Boom": {"type": "structure", "exception": True, "members": {"Message": _m("String")}},
        "Events": {"type": "structure", "eventstream": True, "members": {
            "Data": _m("DataEvent"), "Text": _m("TextEvent"), "Detail": _m("DetailEvent"),
            "Plain": _m("PlainEvent"), "Empty": _m("EmptyEvent"), "Boom": _m("Boom")}},
    }
    if rest:
        shapes["Subscription"] = {"type": "structure", "payload": "Events", "members": {
            "Token": _m("String", location="header", locationName="x-token"), "Events": _m("Events")}}
    else:
        shapes["Subscription"] = {"type": "structure", "members": {"Token": _m("String"), "Events": _m("Events")}}

    if rest:  # the request's Id goes in the URI (a rest-xml body would need a root name)
        shapes["IdInput"]["members"]["Id"] |= {"location": "uri", "locationName": "Id"}

    def operation(name: str, output: str) -> dict[str, Any]:
        out: dict[str, Any] = {"shape": output}
        if protocol == "query":
            out["resultWrapper"] = f"{name}Result"
        return {"name": name, "http": {"method": "POST", "requestUri": f"/{name.lower()}/{{Id}}"},
                "input": {"shape": "IdInput"}, "output": out}

    operations = {"GetThing": operation("GetThing", "Thing")}
    if rest:
        operations |= {"GetHeaders": operation("GetHeaders", "Headers"), "GetBlob": operation("GetBlob", "BlobOut"),
                       "GetText": operation("GetText", "TextOut")}
    if protocol not in ("query", "ec2"):  # botocore has no event-stream parser for these
        operations["Subscribe"] = operation("Subscribe", "Subscription")
    return {
        "version": "2.0",
        "metadata": {"apiVersion": "2024-01-01", "endpointPrefix": "kitchen", "protocol": protocol,
                     "protocols": [protocol], "jsonVersion": "1.1", "targetPrefix": "Kitchen",
                     "serviceId": "Kitchen", "signatureVersion": "v4", "uid": "kitchen-2024-01-01",
                     "xmlNamespace": "https://kitchen.example.com/doc/2024-01-01/"},
        "operations": operations,
        "shapes": shapes,
    }


THING = {
    "When": "2024-02-29T12:34:56.789Z",
    "WhenIso": "2001-02-03T04:05:06.007Z",
    "WhenEpoch": "1970-01-01T00:00:01.5Z",
    "WhenHttp": "1999-12-31T23:59:59Z",  # rfc822 has whole seconds only
    "Data": base64.b64encode(bytes(range(256))).decode(),
    "Count": -7, "Big": 2**53 + 1, "Ratio": 0.1, "Small": 2.5, "Flag": False,
    "Names": ["a", "", "ü"], "Stamps": ["2000-01-01T00:00:00Z", "2000-01-01T00:00:00.25Z"],
    "Chunks": ["AA==", ""], "Labels": {"k": "v", "empty": ""},
    "Tree": {"Name": "root", "Seen": "2010-10-10T10:10:10Z",
             "Children": [{"Name": "leaf", "Children": []}, {"Name": "leaf2"}]},
    "Nodes": {"x": {"Name": "nx"}},
    "Choice": {"Node": {"Name": "chosen"}},
    "Renamed": "r",
    "Flat": ["f1", "f2"], "FlatPairs": {"one": 1, "two": 2}, "Wrapped": ["w"],
    "Tagged": {"Kind": "special", "Value": "v"},
}
DOCUMENT: dict[str, Any] = {"a": [1, 2.5, None, True, "s", {"b": {}}]}


@pytest.mark.parametrize("protocol", ALL_PROTOCOLS)
def test_fixture_model_every_protocol(protocol: str) -> None:
    model = kitchen_model(protocol)
    value = dict(THING)
    if protocol not in XML_PROTOCOLS:
        value["Meta"] = DOCUMENT
    result = split(boto3_response("kitchen", "GetThing", value, model=model))
    expected = boto3_form(output_shape("kitchen", "GetThing", model), value, protocol)
    if protocol == "smithy-rpc-v2-cbor":
        # rpc-v2-cbor has no document type: botocore parses the map as a member-less structure.
        expected["Meta"] = {}
    assert result == expected
    assert result["Data"] == bytes(range(256))
    assert result["WhenEpoch"] == dt.datetime(1970, 1, 1, 0, 0, 1, 500000, dt.timezone.utc)


SPARSE = {"Names": ["a", None, "b"], "Labels": {"k": "v", "gone": None}, "Stamps": [None, "2000-01-01T00:00:00Z"]}
SPARSE_EXPECTED = {
    # JSON carries the nulls: list items and string map values come back as None.
    "json": {"Names": ["a", None, "b"], "Labels": {"k": "v", "gone": None}, "Stamps": [None, utc("2000-01-01T00:00:00Z")]},
    "rest-json": {"Names": ["a", None, "b"], "Labels": {"k": "v", "gone": None},
                  "Stamps": [None, utc("2000-01-01T00:00:00Z")]},
    # CBOR: nulls survive in lists; botocore's decoder drops null map values.
    "smithy-rpc-v2-cbor": {"Names": ["a", None, "b"], "Labels": {"k": "v"},
                           "Stamps": [None, utc("2000-01-01T00:00:00Z")]},
    # XML has no null: the items/entries are not sent.
    "rest-xml": {"Names": ["a", "b"], "Labels": {"k": "v"}, "Stamps": [utc("2000-01-01T00:00:00Z")]},
}
SPARSE_EXPECTED["query"] = SPARSE_EXPECTED["ec2"] = SPARSE_EXPECTED["rest-xml"]


@pytest.mark.parametrize("protocol", ALL_PROTOCOLS)
def test_sparse_nulls_per_protocol(protocol: str) -> None:
    result = split(boto3_response("kitchen", "GetThing", SPARSE, model=kitchen_model(protocol)))
    assert result == SPARSE_EXPECTED[protocol]


@pytest.mark.parametrize("protocol", ["rest-json", "rest-xml"])
def test_fixture_model_headers_status_and_payloads(protocol: str) -> None:
    model = kitchen_model(protocol)
    value = {
        "HTime": "2015-10-21T07:28:00Z", "HIso": "2015-10-21T07:28:00.5Z", "HEpoch": "2015-10-21T07:28:00.25Z",
        "HJson": {"nested": [1, {"b": None}], "s": "ü"}, "HList": ["a", "b c"], "HInt": -3, "HLong": 2**40,
        "HBool": True, "HDouble": 1.25, "HBlob": base64.b64encode(b"\x00hdr").decode(),
        "HMeta": {"colour": "blue", "n": "1"}, "Status": 201,
        "Body": {"Name": "payload", "Seen": "2000-01-01T00:00:00Z", "Children": [{"Name": "c"}]},
    }
    result = split(boto3_response("kitchen", "GetHeaders", value, model=model), status=201)
    assert result == boto3_form(output_shape("kitchen", "GetHeaders", model), value, protocol)
    headers = wire_response("kitchen", "GetHeaders", value, model=model).headers
    assert headers["x-time"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert headers["x-iso"] == "2015-10-21T07:28:00.500000Z"
    assert headers["x-epoch"] == "1445412480.25"
    assert json.loads(base64.b64decode(headers["x-json"])) == value["HJson"]

    blob = split(boto3_response("kitchen", "GetBlob", {"Content": "AAEC", "Kind": "k"}, model=model))
    assert isinstance(blob["Content"], StreamingBody) and blob.pop("Content").read() == b"\x00\x01\x02"
    assert blob == {"Kind": "k"}
    # A string payload is not streamed: botocore decodes the body to str.
    assert split(boto3_response("kitchen", "GetText", {"Text": "plain ü"}, model=model)) == {"Text": "plain ü"}


EVENTS = [
    {"Data": {"Bytes": base64.b64encode(b"\x00raw").decode(), "Seq": 2**40, "At": "2020-01-01T00:00:00.123Z",
              "Flag": True, "Tag": "t", "Raw": "AQI=", "Small": -5}},
    {"Text": {"Body": "hello ü"}},
    {"Detail": {"Detail": {"Name": "d", "Seen": "2020-01-01T00:00:00Z", "Children": [{"Name": "c"}]}}},
    {"Plain": {"A": "a", "B": "2021-06-07T08:09:10Z", "C": ["x", "y"], "D": "AA==", "H": "in a header"}},
    {"Empty": {}},
]


@pytest.mark.parametrize("protocol", ["json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor"])
def test_fixture_model_event_streams(protocol: str) -> None:
    model = kitchen_model(protocol)
    value = {"Token": "tok", "Events": EVENTS + [{"Boom": {"Message": "bad"}}]}
    result = split(boto3_response("kitchen", "Subscribe", value, model=model))
    stream = result.pop("Events")
    assert isinstance(stream, EventStream)
    assert result == {"Token": "tok"}
    events_shape = output_shape("kitchen", "Subscribe", model).members["Events"]
    got = []
    with pytest.raises(EventStreamError) as error:
        for event in stream:
            got.append(event)
    assert error.value.response["Error"]["Code"] == "Boom"
    assert got == [boto3_form(events_shape, event, protocol) for event in EVENTS]


@pytest.mark.parametrize("protocol", ALL_PROTOCOLS)
def test_real_model_served_in_another_protocol(protocol: str) -> None:
    """SQS's model (json today, query before) with its flattened lists and maps, in any protocol."""
    model = copy.deepcopy(SESSION.get_component("data_loader").load_service_model("sqs", "service-2"))
    model["metadata"].update(protocol=protocol, protocols=[protocol])
    model["operations"]["ReceiveMessage"]["output"]["resultWrapper"] = "ReceiveMessageResult"
    model["operations"]["ReceiveMessage"]["input"]["locationName"] = "ReceiveMessage"  # rest-xml's request root
    value = {"Messages": [
        {"MessageId": "m1", "ReceiptHandle": "h1", "Body": "hello", "MD5OfBody": "x",
         "Attributes": {"SentTimestamp": "1", "ApproximateReceiveCount": "2"},
         "MessageAttributes": {"bin": {"DataType": "Binary", "BinaryValue": "AAEC"},
                               "str": {"DataType": "String", "StringValue": "s"}}},
        {"MessageId": "m2", "Body": "second"},
    ]}
    result = split(boto3_response("sqs", "ReceiveMessage", value, params={"QueueUrl": "https://q"}, model=model))
    assert result == boto3_form(output_shape("sqs", "ReceiveMessage", model), value, protocol)
    assert result["Messages"][0]["MessageAttributes"]["bin"]["BinaryValue"] == b"\x00\x01\x02"


def test_unknown_members_are_rejected() -> None:
    with pytest.raises(KeyError, match="NoSuchMember"):
        boto3_response("dynamodb", "DescribeTable", {"Table": {"NoSuchMember": 1}})
    with pytest.raises(KeyError, match="Nope"):
        boto3_response("s3", "SelectObjectContent", {"Payload": [{"Nope": {}}]},
                       params={"Bucket": "b", "Key": "k", "Expression": "e", "ExpressionType": "SQL",
                               "InputSerialization": {}, "OutputSerialization": {}})


# -- The request side ---------------------------------------------------------------------------------


def test_botocore_request_validation_errors() -> None:
    request, error = botocore_request("dynamodb", "DescribeTable", {})
    assert request == {} and isinstance(error, ParamValidationError)
    assert "TableName" in str(error)
    _, error = botocore_request("dynamodb", "DescribeTable", {"TableName": 5})
    assert isinstance(error, ParamValidationError)
    _, error = botocore_request("s3", "GetObject", {"Bucket": "no/slashes", "Key": "k"})  # s3's own check
    assert isinstance(error, ParamValidationError)


def test_botocore_request_serialises() -> None:
    request, error = botocore_request("dynamodb", "DescribeTable", {"TableName": "Music"})
    assert error is None
    assert request["headers"]["X-Amz-Target"] == "DynamoDB_20120810.DescribeTable"
    assert json.loads(request["body"]) == {"TableName": "Music"}
    request, error = botocore_request("s3", "GetObject", {"Bucket": "bucket", "Key": "a b/c"})
    assert error is None and request["method"] == "GET"
    assert request["url"].endswith("/a%20b/c")
    request, error = botocore_request("iam", "GetRole", {"RoleName": "r"})
    assert error is None and b"Action=GetRole" in request["body"]


@pytest.mark.parametrize("service", ["dynamodb", "lambda", "s3", "iam", "ec2", "cloudwatchomni", "launch-wizard"])
def test_minimal_params_pass_validation(service: str) -> None:
    model = SESSION.get_service_model(service)
    failures = {}
    for operation in model.operation_names:
        if model.operation_model(operation).has_event_stream_input:
            continue
        _, error = botocore_request(service, operation, minimal_params(service, operation))
        if error is not None:
            failures[operation] = error
    assert not failures
