"""What boto3 takes and gives where botocore's handlers change the model's types.

boto3's client is botocore's client, and botocore registers handlers
(``botocore.handlers.BUILTIN_HANDLERS``) that rewrite parameters before they are
validated and responses after they are parsed. Those that change the *type* of a
value, or whether it must be given, are listed here, once, as data: which handler, the
event it is registered for (whose service and operation parts say where it applies),
which members it touches and what it does to them. Nothing else in shapegen knows a
service by name. ``tests/test_customizations.py`` checks every entry against
``BUILTIN_HANDLERS`` and runs the handler itself.

Handlers left out change no type: they check values (bucket names, ASCII metadata),
fill optional members (``SSECustomerKeyMD5``, presigned URLs), rewrite text in place
(Route 53 ids, S3 key decoding, ``GetConsoleOutput``), or touch HTTP, signing,
endpoints and documentation. boto3's own client customisations only add methods
(``upload_file``...); its DynamoDB type conversion is for resources, not clients.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from botocore.utils import EVENT_ALIASES, hyphenize_service_id

from generator.graph.model import ListShape, Member, Operation, Shape, ShapeKind, StructureShape


class Effect(StrEnum):
    # Responses: the member's text arrives decoded from JSON (a dict), or as text when it is not JSON.
    DECODED_JSON = "decoded-json"
    # Responses: botocore adds a string member beside the member matched (``value`` names it).
    ADDS_MEMBER = "adds-member"
    # Requests: a string member also takes ``bytes``.
    ALSO_BYTES = "also-bytes"
    # Requests: a blob member also takes ``str`` (and, as every streaming body, a file object).
    ALSO_TEXT = "also-text"
    # Requests: ``CopySource`` also takes ``{"Bucket": ..., "Key": ..., "VersionId": ...}``.
    COPY_SOURCE_MAPPING = "copy-source-mapping"
    # Requests: botocore fills the member in when it is missing, so it is never required.
    AUTO_FILLED = "auto-filled"
    # Requests: the member is also taken under another name (``value``).
    ALIAS = "alias"
    # The operation is not a method of the client.
    NOT_ON_CLIENT = "not-on-client"


@dataclass(frozen=True, slots=True)
class Customization:
    """One handler's effect on types. A member matches by wire name, by target shape
    name, or by trait; ``nested``: also inside structures and lists below the top one."""

    handler: str  # the function's name in botocore.handlers (or ``Class.method``)
    event: str  # as registered in BUILTIN_HANDLERS
    effect: Effect
    member: str | None = None
    shape: str | None = None
    trait: str | None = None  # ``idempotencyToken``
    nested: bool = False
    value: str | None = None

    @property
    def event_service(self) -> str | None:
        """The service part of the event, in botocore's current naming (``None``: every service)."""
        parts = self.event.split(".")
        return EVENT_ALIASES.get(parts[1], parts[1]) if len(parts) > 1 else None

    @property
    def event_operation(self) -> str | None:
        parts = self.event.split(".")
        return parts[2] if len(parts) > 2 and parts[2] != "*" else None

    @property
    def side(self) -> str:
        """``input``, ``output`` or ``operation``."""
        if self.effect is Effect.NOT_ON_CLIENT:
            return "operation"
        return "output" if self.event.split(".")[0] in ("after-call", "before-parse") else "input"

    def applies_to(self, service_id: str, operation: str) -> bool:
        service = self.event_service
        if service is not None and service != hyphenize_service_id(service_id):
            return False
        return self.event_operation in (None, operation)

    @property
    def citation(self) -> str:
        return f"botocore.handlers.{self.handler} ({self.event})"


E = Effect
CUSTOMIZATIONS: tuple[Customization, ...] = (
    # Responses
    Customization("json_decode_policies", "after-call.iam", E.DECODED_JSON, shape="policyDocumentType", nested=True),
    Customization("json_decode_template_body", "after-call.cloudformation.GetTemplate", E.DECODED_JSON, member="TemplateBody"),
    Customization("handle_expires_header", "before-parse.s3.*", E.ADDS_MEMBER, member="Expires", value="ExpiresString"),
    # Requests
    Customization("generate_idempotent_uuid", "before-parameter-build", E.AUTO_FILLED, trait="idempotencyToken"),
    Customization("inject_account_id", "before-parameter-build.glacier", E.AUTO_FILLED, member="accountId"),
    Customization("handle_copy_source_param", "before-parameter-build.s3.CopyObject", E.COPY_SOURCE_MAPPING, member="CopySource"),
    Customization("handle_copy_source_param", "before-parameter-build.s3.UploadPartCopy", E.COPY_SOURCE_MAPPING, member="CopySource"),
    Customization("convert_body_to_file_like_object", "before-parameter-build.s3.PutObject", E.ALSO_TEXT, member="Body"),
    Customization("convert_body_to_file_like_object", "before-parameter-build.s3.UploadPart", E.ALSO_TEXT, member="Body"),
    Customization("base64_encode_user_data", "before-parameter-build.ec2.RunInstances", E.ALSO_BYTES, member="UserData"),
    Customization("base64_encode_user_data", "before-parameter-build.autoscaling.CreateLaunchConfiguration", E.ALSO_BYTES, member="UserData"),
    *(
        Customization("sse_md5", f"before-parameter-build.s3.{op}", E.ALSO_BYTES, member="SSECustomerKey")
        for op in (
            "HeadObject", "GetObject", "PutObject", "CopyObject", "CreateMultipartUpload",
            "UploadPart", "UploadPartCopy", "CompleteMultipartUpload", "SelectObjectContent",
        )
    ),
    *(
        Customization("copy_source_sse_md5", f"before-parameter-build.s3.{op}", E.ALSO_BYTES, member="CopySourceSSECustomerKey")
        for op in ("CopyObject", "UploadPartCopy")
    ),
    Customization("ParameterAlias.alias_parameter_in_call", "before-parameter-build.ec2.*", E.ALIAS, member="Filter", value="Filters"),
    Customization("ParameterAlias.alias_parameter_in_call", "before-parameter-build.logs.CreateExportTask", E.ALIAS, member="from", value="fromTime"),
    Customization("ParameterAlias.alias_parameter_in_call", "before-parameter-build.cloudsearchdomain.Search", E.ALIAS, member="return", value="returnFields"),
    # Operations botocore takes off the client (input event streams it cannot send)
    Customization("remove_lex_v2_start_conversation", "creating-client-class.lex-runtime-v2", E.NOT_ON_CLIENT, value="StartConversation"),
    Customization("remove_qbusiness_chat", "creating-client-class.qbusiness", E.NOT_ON_CLIENT, value="Chat"),
    Customization("remove_bedrock_runtime_invoke_model_with_bidirectional_stream", "creating-client-class.bedrock-runtime", E.NOT_ON_CLIENT, value="InvokeModelWithBidirectionalStream"),
    Customization("remove_connecthealth_start_medical_scribe_listening_session", "creating-client-class.connecthealth", E.NOT_ON_CLIENT, value="StartMedicalScribeListeningSession"),
    Customization("remove_polly_start_speech_synthesis_stream", "creating-client-class.polly", E.NOT_ON_CLIENT, value="StartSpeechSynthesisStream"),
)


def has_effect(member: Member, effect: Effect) -> bool:
    """Whether a handler in the table changes ``member`` this way."""
    return any(c.effect is effect for c in member.customizations)


def added_members(shape: StructureShape) -> list[tuple[str, Customization]]:
    """Members a handler adds to what boto3 returns (s3's ``ExpiresString``), by wire name, with
    the entry that adds each; never one the structure already has."""
    own = {m.name for m in shape.members}
    return [
        (c.value, c)
        for m in shape.members
        for c in m.customizations
        if c.effect is Effect.ADDS_MEMBER and c.value and c.value not in own
    ]


def for_operation(service_id: str, operation: str) -> list[Customization]:
    """The entries that apply to one operation of a service, in table order."""
    return [c for c in CUSTOMIZATIONS if c.applies_to(service_id, operation)]


def by_side(entries: Iterable[Customization], side: str) -> list[Customization]:
    return [c for c in entries if c.side == side]


def _matches(entry: Customization, member: Member, target: Shape) -> bool:
    if entry.member is not None and member.name != entry.member:
        return False
    if entry.shape is not None and target.name != entry.shape:
        return False
    if entry.effect is Effect.DECODED_JSON and target.kind is not ShapeKind.STRING:
        return False  # the handlers decode strings only
    return entry.trait != "idempotencyToken" or member.idempotency_token


def _reached(shapes: Mapping[str, Shape], root: str, nested: bool) -> list[str]:
    """The structures a handler looks into from ``root``: the root alone, or (``nested``) every
    structure reached through structure members and list elements, as ``_decode_policy_types`` walks."""
    if not nested:
        return [root]
    seen: set[str] = set()
    pending = [root]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        if isinstance(shape, StructureShape):
            pending.extend(m.target for m in shape.members)
        elif isinstance(shape, ListShape):
            pending.append(shape.member)
    return sorted(n for n in seen if isinstance(shapes[n], StructureShape))


def apply_customizations(
    service_id: str, operations: tuple[Operation, ...], shapes: Mapping[str, Shape]
) -> tuple[tuple[Operation, ...], Mapping[str, Shape]]:
    """The operations and shapes with each matching table entry recorded on what it touches.

    A structure shared by several operations carries an entry if any of them applies it;
    the types stay a superset of what each operation takes or gives.
    """
    touched: dict[tuple[str, str], list[Customization]] = {}
    result: list[Operation] = []
    for operation in operations:
        entries = for_operation(service_id, operation.name)
        own = tuple(c for c in entries if c.side == "operation" and c.value == operation.name)
        result.append(replace(operation, customizations=own) if own else operation)
        for entry in entries:
            root = {"input": operation.input, "output": operation.output}.get(entry.side)
            if root is None:
                continue
            for name in _reached(shapes, root, entry.nested):
                structure = shapes[name]
                assert isinstance(structure, StructureShape)
                for member in structure.members:
                    if _matches(entry, member, shapes[member.target]):
                        found = touched.setdefault((name, member.name), [])
                        if entry not in found:
                            found.append(entry)
    if not touched:
        return tuple(result), shapes
    updated = dict(shapes)
    for name in sorted({name for name, _ in touched}):
        structure = shapes[name]
        assert isinstance(structure, StructureShape)
        members = tuple(
            replace(m, customizations=tuple(touched[(name, m.name)])) if (name, m.name) in touched else m
            for m in structure.members
        )
        updated[name] = replace(structure, members=members)
    return tuple(result), updated


# Handlers registered on the events that see parameters or responses (before-parameter-build,
# before-parse, after-call, creating-client-class) that change no type, and why.
UNCHANGED_TYPES: dict[str, str] = {
    "add_generate_presigned_url": "adds a client method",
    "add_generate_presigned_post": "adds a client method",
    "add_generate_db_auth_token": "adds a client method",
    "add_dsql_generate_db_auth_token_methods": "adds client methods",
    "check_openssl_supports_tls_version_1_2": "warns about the TLS library",
    "decode_console_output": "decodes base64 text into text",
    "parse_get_bucket_location": "reads the same string from the raw XML",
    "_handle_sqs_compatible_error": "rewrites an error code",
    "_handle_200_error": "turns an error sent with status 200 into an error",
    "_map_oauth2_errors": "rewrites an error code",
    "_handle_request_validation_mode_member": "fills in an optional member",
    "validate_bucket_name": "checks a value",
    "validate_ascii_metadata": "checks values",
    "remove_bucket_from_url_paths_from_model": "changes the request URL, not a member",
    "remove_accid_host_prefix_from_model": "changes the endpoint host, not a member",
    "set_list_objects_encoding_type_url": "fills in an optional member",
    "fix_route53_ids": "shortens id text to its last part",
    "decode_list_object": "URL-decodes text",
    "decode_list_object_v2": "URL-decodes text",
    "decode_list_object_versions": "URL-decodes text",
}
