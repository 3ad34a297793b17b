"""The table of botocore handlers that change types (generator/graph/customizations.py),
checked against botocore itself: every entry is registered as it says, every handler on
the events that touch parameters or responses is either in the table or said to change
no type, and each entry's effect is what the handler does, run on real values and
accepted by the generated package.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import botocore.handlers
import botocore.session
import pytest

from generator.graph.customizations import CUSTOMIZATIONS, UNCHANGED_TYPES, Customization, Effect
from tests.conftest import import_generated, run_shapegen

# Events whose handlers see parameters before validation or responses after parsing.
_TYPED_EVENTS = ("before-parameter-build", "after-call", "before-parse", "creating-client-class")


def _handler_name(handler: Any) -> str:
    owner = getattr(handler, "__self__", None)
    if owner is not None:
        return f"{type(owner).__name__}.{handler.__name__}"
    return str(getattr(handler, "__name__", type(handler).__name__))


def _registered() -> list[tuple[str, str, Any]]:
    return [(event, _handler_name(handler), handler) for event, handler, *_ in botocore.handlers.BUILTIN_HANDLERS]


def test_every_entry_is_registered_for_its_event() -> None:
    registered = {(event, name) for event, name, _ in _registered()}
    for entry in CUSTOMIZATIONS:
        assert (entry.event, entry.handler) in registered, entry


def test_every_handler_on_a_typed_event_is_in_the_table_or_explained() -> None:
    listed = {entry.handler for entry in CUSTOMIZATIONS}
    missing = sorted(
        {
            name
            for event, name, _ in _registered()
            if event.split(".")[0] in _TYPED_EVENTS and name not in listed and name not in UNCHANGED_TYPES
        }
    )
    assert missing == [], f"botocore handlers neither in the table nor explained: {missing}"
    assert not listed & set(UNCHANGED_TYPES)


def test_aliases_are_the_ones_botocore_registers() -> None:
    aliases = {
        (h.__self__._original_name, h.__self__._alias_name, event)
        for event, name, h in _registered()
        if name == "ParameterAlias.alias_parameter_in_call"
    }
    table = {(e.member, e.value, e.event) for e in CUSTOMIZATIONS if e.effect is Effect.ALIAS}
    assert table == aliases


def test_operations_off_the_client_are_missing_from_botocores_client() -> None:
    session = botocore.session.get_session()
    # The event names the service by its hyphenated serviceId; the data folder may differ.
    folders = {"lex-runtime-v2": "lexv2-runtime"}
    for entry in (e for e in CUSTOMIZATIONS if e.effect is Effect.NOT_ON_CLIENT):
        service = folders.get(entry.event_service or "", entry.event_service or "")
        assert entry.applies_to(session.get_service_model(service).service_id, entry.value or "")
        client = session.create_client(
            service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
        )
        operation = client.meta.service_model.operation_model(entry.value)
        assert operation.name == entry.value  # in the model...
        assert not hasattr(client, botocore.xform_name(entry.value))  # ...not on the client


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    out = tmp_path_factory.mktemp("customized")
    wanted = {
        "iam": ["GetRole", "GetRolePolicy", "ListRoles", "CreatePolicy"],
        "cloudformation": ["GetTemplate"],
        "s3": ["HeadObject", "CopyObject", "PutObject", "GetObject"],
        "ec2": ["RunInstances", "CreateNetworkInsightsPath", "DescribeHosts"],
        "glacier": ["ListVaults"],
    }
    modules = {}
    for service, operations in wanted.items():
        args = ["generate", "--service", service, "--out", str(out / service), "--emit", "python"]
        for op in operations:
            args += ["--operation", op]
        result = run_shapegen(*args)
        assert result.returncode == 0, result.stderr
        modules[service] = import_generated(out / service / "python", f"{service}_shapes").models
    return modules


def _model(service: str, operation: str) -> Any:
    return botocore.session.get_session().get_service_model(service).operation_model(operation)


def test_iam_policy_documents_arrive_decoded(packages: dict[str, ModuleType]) -> None:
    iam = packages["iam"]
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    role = {
        "Path": "/", "RoleName": "r", "RoleId": "AROAEXAMPLEID", "Arn": "arn:aws:iam::1:role/r",
        "CreateDate": "2020-01-01T00:00:00Z", "AssumeRolePolicyDocument": quote(json.dumps(policy)),
    }
    parsed: dict[str, Any] = {"Role": dict(role), "ResponseMetadata": {}}
    botocore.handlers.json_decode_policies(parsed, _model("iam", "GetRole"))
    assert parsed["Role"]["AssumeRolePolicyDocument"] == policy  # what the handler made of it
    output = iam.GetRoleResponse.from_dict(parsed)
    assert output.role.assume_role_policy_document == policy
    assert output.to_dict()["Role"]["AssumeRolePolicyDocument"] == policy
    listed: dict[str, Any] = {"Roles": [dict(role)], "IsTruncated": False}
    botocore.handlers.json_decode_policies(listed, _model("iam", "ListRoles"))
    assert iam.ListRolesResponse.from_dict(listed).roles[0].assume_role_policy_document == policy
    # In a request the document is text, as the model says (the handler runs on responses only).
    assert iam.CreatePolicyRequest.from_dict({"PolicyName": "p", "PolicyDocument": "{}"}).policy_document == "{}"


def test_cloudformation_template_body_arrives_decoded(packages: dict[str, ModuleType]) -> None:
    for body in ('{"Resources": {}}', "Resources: {}\n"):  # JSON is decoded, YAML stays text
        parsed: dict[str, Any] = {"TemplateBody": body}
        botocore.handlers.json_decode_template_body(parsed)
        output = packages["cloudformation"].GetTemplateOutput.from_dict(parsed)
        assert output.template_body == parsed["TemplateBody"]
        assert output.to_dict()["TemplateBody"] == parsed["TemplateBody"]


def test_s3_expires_string_is_added(packages: dict[str, ModuleType]) -> None:
    response = {"headers": {"Expires": "not a date"}, "status_code": 200, "body": b""}
    customized: dict[str, Any] = {}
    botocore.handlers.handle_expires_header(_model("s3", "HeadObject"), response, customized)
    assert customized == {"ExpiresString": "not a date"}
    output = packages["s3"].HeadObjectOutput.from_dict(customized)
    assert output.expires_string == "not a date"
    assert output.to_dict() == customized


def test_idempotency_tokens_and_glacier_account_are_not_required(packages: dict[str, ModuleType]) -> None:
    params: dict[str, Any] = {"Source": "eni-1", "Protocol": "tcp"}
    botocore.handlers.generate_idempotent_uuid(params, _model("ec2", "CreateNetworkInsightsPath"))
    assert "ClientToken" in params  # the model requires it; botocore fills it in
    request = packages["ec2"].CreateNetworkInsightsPathRequest(source="eni-1", protocol="tcp")
    assert "ClientToken" not in request.to_dict()
    params = {}
    botocore.handlers.inject_account_id(params)
    assert params == {"accountId": "-"}
    assert packages["glacier"].ListVaultsInput().to_dict() == {}


def test_request_forms_botocore_converts(packages: dict[str, ModuleType]) -> None:
    s3, ec2 = packages["s3"], packages["ec2"]
    copy = s3.CopyObjectRequest.from_dict(
        {"Bucket": "b", "Key": "k", "CopySource": {"Bucket": "src", "Key": "a b", "VersionId": "v1"}}
    )
    params = copy.to_dict()
    botocore.handlers.handle_copy_source_param(params)
    assert params["CopySource"] == "src/a%20b?versionId=v1"
    with pytest.raises(ValueError, match="unknown key"):
        s3.CopyObjectRequest.from_dict({"Bucket": "b", "Key": "k", "CopySource": {"Bucket": "s", "Key": "k", "X": "y"}})

    put = s3.PutObjectRequest.from_dict({"Bucket": "b", "Key": "k", "Body": "text", "SSECustomerKey": b"k" * 32})
    params = put.to_dict()
    botocore.handlers.convert_body_to_file_like_object(params)
    botocore.handlers.sse_md5(params)
    assert params["Body"].read() == b"text"
    assert "SSECustomerKeyMD5" in params
    stream = io.BytesIO(b"data")
    assert s3.PutObjectRequest(bucket="b", key="k", body=stream).to_dict()["Body"] is stream

    run = ec2.RunInstancesRequest.from_dict({"MinCount": 1, "MaxCount": 1, "UserData": b"#!/bin/sh\n"})
    params = run.to_dict()
    botocore.handlers.base64_encode_user_data(params)
    assert params["UserData"] == "IyEvYmluL3NoCg=="
    assert run.to_json_dict()["UserData"] == "#!/bin/sh\n"


def test_ec2_filter_alias(packages: dict[str, ModuleType]) -> None:
    request = packages["ec2"].DescribeHostsRequest.from_dict({"Filters": [{"Name": "n", "Values": ["v"]}]})
    params = request.to_dict()
    assert params == {"Filter": [{"Name": "n", "Values": ["v"]}]}
    alias = next(h for e, n, h in _registered() if e == "before-parameter-build.ec2.*" and n.startswith("ParameterAlias"))
    given: dict[str, Any] = {"Filters": params["Filter"]}
    alias(given, _model("ec2", "DescribeHosts"))
    assert given == params  # botocore maps the alias to the same request


def test_table_entries_cite_a_real_function() -> None:
    for entry in CUSTOMIZATIONS:
        owner, _, method = entry.handler.partition(".")
        found = getattr(botocore.handlers, owner)
        assert callable(getattr(found, method) if method else found), entry


def test_entry_scope_follows_the_event() -> None:
    entry = Customization("x", "before-parameter-build.autoscaling.CreateLaunchConfiguration", Effect.ALSO_BYTES)
    assert entry.applies_to("Auto Scaling", "CreateLaunchConfiguration")  # botocore's event alias
    assert not entry.applies_to("Auto Scaling", "CreateAutoScalingGroup")
    assert not entry.applies_to("EC2", "CreateLaunchConfiguration")
    everywhere = Customization("x", "before-parameter-build", Effect.AUTO_FILLED)
    assert everywhere.applies_to("Anything", "Op") and everywhere.side == "input"
    assert Customization("x", "after-call.iam", Effect.DECODED_JSON).side == "output"


def test_unchanged_handlers_exist() -> None:
    names = {name for _, name, _ in _registered()}
    assert set(UNCHANGED_TYPES) <= names
    assert all(reason.strip() for reason in UNCHANGED_TYPES.values())


_ = Path  # used in type hints of fixtures above
