"""The fixed sample ``--sample`` checks (and tests/test_corpus_sample.py, in CI): a few operations
of a few services that together cover every protocol and every shape feature the generator
handles. Each entry says what it is there for; ``test_corpus_sample`` asserts the coverage
(every protocol, and non-zero counts of every feature) so that the sample cannot quietly shrink.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SAMPLE: dict[str, tuple[str, ...]] = {
    # json: recursion (AttributeValue), idempotency token (TransactWriteItems.ClientRequestToken).
    "dynamodb": ("GetItem", "TransactWriteItems", "ExecuteStatement"),
    # json: event-stream output that is not a payload (SubscribeToShard), blobs, epoch timestamps.
    "kinesis": ("SubscribeToShard", "PutRecord", "GetRecords"),
    # json with awsQueryCompatible error codes.
    "sqs": ("ReceiveMessage", "SendMessage"),
    # rest-json: streaming blob output (Invoke.Payload), event-stream output, streaming blob input.
    "lambda": ("Invoke", "InvokeWithResponseStream", "InvokeAsync"),
    # rest-json: documents, unions, event-stream output; event-stream input (not on the client).
    "bedrock-runtime": ("Converse", "ConverseStream", "InvokeModel", "InvokeModelWithBidirectionalStream"),
    # rest-json: jsonvalue headers, streaming blob input and output.
    "lex-runtime": ("PostContent",),
    "lexv2-runtime": ("RecognizeUtterance",),
    # rest-json: Glacier's accountId (filled in by botocore), streaming blob input and output.
    "glacier": ("UploadArchive", "GetJobOutput", "ListVaults"),
    # rest-json: sparse lists and maps, unions, idempotency tokens, iso8601 timestampFormat.
    "connectcases": ("GetCaseAuditEvents", "ListTagsForResource", "TagResource", "CreateCase"),
    # rest-json: unixTimestamp and iso8601 timestampFormat side by side.
    "braket": ("SearchSpendingLimits", "CreateSpendingLimit"),
    # rest-xml: streaming body and Expires (GetObject, HeadObject), streaming input (PutObject),
    # CopySource (CopyObject, UploadPartCopy), event-stream output (SelectObjectContent),
    # rfc822 timestampFormat (DeleteObject), flattened lists (ListObjectsV2).
    "s3": ("GetObject", "HeadObject", "PutObject", "CopyObject", "UploadPartCopy", "SelectObjectContent",
           "DeleteObject", "ListObjectsV2"),
    # query: policy documents (decoded by botocore), one nested in a list.
    "iam": ("GetRole", "GetPolicyVersion", "CreatePolicy", "GetAccountAuthorizationDetails"),
    # query: TemplateBody (decoded), idempotency token; a pattern with \\b (kept as x-pattern).
    "cloudformation": ("GetTemplate", "CreateStack", "DetectStackDrift"),
    # query: SourceRegion from service-2.sdk-extras.json.
    "rds": ("CopyDBSnapshot",),
    # ec2: idempotency token and UserData (RunInstances), Filter/Filters, base64 console output.
    "ec2": ("RunInstances", "GetConsoleOutput", "DescribeTags"),
    # smithy-rpc-v2-cbor: blobs and jsonvalue in CBOR (AnalyzeDocument); timestamps, doubles, unions.
    "textract": ("AnalyzeDocument",),
    "cloudwatch": ("GetMetricData", "DescribeAlarms"),
}

PROTOCOLS = ("json", "rest-json", "rest-xml", "query", "ec2", "smithy-rpc-v2-cbor")

# What the sample must cover, beyond the protocols: the features ``covered`` looks for.
FEATURES = (
    "recursion", "union", "document", "streaming-blob-output", "streaming-blob-input",
    "event-stream-output", "event-stream-input", "sparse-list", "sparse-map", "jsonvalue-header",
    "timestamp-iso8601", "timestamp-unixTimestamp", "timestamp-rfc822", "idempotency-token",
    "untranslated-pattern", "errors", "iam-policy-document", "s3-expires", "s3-copy-source",
)


def covered() -> set[str]:
    """The protocols and features (``PROTOCOLS``, ``FEATURES``) the sample's operations reach,
    read from botocore's own models (not from the generator's graph)."""
    import botocore.model
    import botocore.session

    from generator.patterns import translate

    session = botocore.session.get_session()
    found: set[str] = set()
    for service, operations in SAMPLE.items():
        model = session.get_service_model(service)
        found.add(model.protocol)
        for name in operations:
            op = model.operation_model(name)
            if op.error_shapes:
                found.add("errors")
            if op.has_event_stream_input:
                found.add("event-stream-input")
            if op.has_event_stream_output:
                found.add("event-stream-output")
            for direction, shape in (("input", op.input_shape), ("output", op.output_shape)):
                if shape is None:
                    continue
                payload = shape.serialization.get("payload")
                target = shape.members.get(payload) if payload else None
                if target is not None and target.type_name == "blob" and (
                    target.serialization.get("streaming") or op.has_streaming_output or op.has_streaming_input
                ):
                    found.add(f"streaming-blob-{direction}")
                _walk(shape, service, found, set(), [], translate)
    return found


def _walk(shape: Any, service: str, found: set[str], seen: set[str], stack: list[str],
          translate: Callable[[str], Any]) -> None:
    import botocore.model

    if shape.name in stack:
        found.add("recursion")
        return
    if shape.name in seen:
        return
    seen.add(shape.name)
    meta = shape.metadata
    if "pattern" in meta and not shape.enum and translate(meta["pattern"]).ecma is None:
        found.add("untranslated-pattern")
    if shape.type_name == "timestamp":
        found.add(f"timestamp-{shape.serialization.get('timestampFormat', 'default')}")
    if isinstance(shape, botocore.model.StructureShape):
        if shape.is_tagged_union:
            found.add("union")
        if shape.is_document_type:
            found.add("document")
            return
        for name, member in shape.members.items():
            serialization = member.serialization
            if serialization.get("jsonvalue") and serialization.get("location") == "header":
                found.add("jsonvalue-header")
            if member.metadata.get("idempotencyToken"):
                found.add("idempotency-token")
            if member.type_name == "timestamp" and "timestampFormat" in serialization:
                found.add(f"timestamp-{serialization['timestampFormat']}")
            if service == "iam" and name.endswith("PolicyDocument"):
                found.add("iam-policy-document")
            if service == "s3" and name == "Expires" and member.type_name == "timestamp":
                found.add("s3-expires")
            if service == "s3" and name == "CopySource":
                found.add("s3-copy-source")
            _walk(member, service, found, seen, [*stack, shape.name], translate)
    elif isinstance(shape, botocore.model.ListShape):
        if shape._shape_model.get("sparse"):
            found.add("sparse-list")
        _walk(shape.member, service, found, seen, [*stack, shape.name], translate)
    elif isinstance(shape, botocore.model.MapShape):
        if shape._shape_model.get("sparse"):
            found.add("sparse-map")
        _walk(shape.value, service, found, seen, [*stack, shape.name], translate)
