"""Round trips against what botocore itself parses and validates."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

import pytest
from botocore.parsers import RestJSONParser
from botocore.validate import ParamValidator, validate_parameters

BODY: dict[str, Any] = {
    "Contact": {
        "Arn": "arn:aws:connect:us-east-1:123456789012:instance/i-1/contact/c-1",
        "Id": "c-1",
        "InitiationMethod": "SOMETHING_AWS_ADDED_LATER",  # an enum value the model does not list
        "Channel": "VOICE",
        "InitiationTimestamp": 1714566615.25,  # epoch seconds, as rest-json sends them
        "DisconnectTimestamp": 1714567000,
        "QueuePriority": 1,
        "Tags": {"team": "support", "cost-centre": "42"},
        "QueueInfo": {"Id": "q-1", "EnqueueTimestamp": 1714566620},
        "RoutingCriteria": {
            "Index": 0,
            "ActivationTimestamp": 1714566630.5,
            "Steps": [
                {
                    "Status": "ACTIVE",
                    "Expiry": {"DurationInSeconds": 30, "ExpiryTimestamp": 1714566700},
                    "Expression": {
                        "AndExpression": [
                            {"AttributeCondition": {"Name": "Tech", "ProficiencyLevel": 3.0,
                                                    "ComparisonOperator": "NumberGreaterOrEqualTo"}},
                            {"OrExpression": [
                                {"AttributeCondition": {"Name": "Language", "Value": "English",
                                                        "Range": {"MinProficiencyLevel": 1.0,
                                                                  "MaxProficiencyLevel": 4.5}}},
                                {"AndExpression": [
                                    {"NotAttributeCondition": {"Name": "Tier", "Value": "Gold"}},
                                    {"AttributeCondition": {"Name": "Tier", "Value": "Silver",
                                                            "MatchCriteria": {"AgentsCriteria": {
                                                                "AgentIds": ["a-1", "a-2"]}}}},
                                ]},
                            ]},
                            {"AttributeCondition": {"Name": "Skill", "ProficiencyLevel": 5.0,
                                                    "SomeFutureField": True}},
                        ]
                    },
                },
                {"Status": "EXPIRED", "Expression": {"AttributeCondition": {"Name": "Any", "Value": "x"}}},
            ],
        },
        "SegmentAttributes": {
            "connect:Subtype": {"ValueString": "connect:Guide"},
            "connect:Nested": {
                "ValueMap": {
                    "level2": {"ValueList": [
                        {"ValueInteger": 7},
                        {"ValueMap": {"level4": {"ValueArn": "arn:aws:connect:::x"}}},
                        {"ValueList": [{"ValueString": "deep"}]},
                    ]},
                    "plain": {"ValueString": "text"},
                }
            },
        },
        "AFieldFromTheFuture": {"anything": [1, 2, 3]},
    },
    "TopLevelUnknown": "kept",
}


@pytest.fixture(scope="module")
def parsed(connect_service_model: Any) -> dict[str, Any]:
    operation = connect_service_model.operation_model("DescribeContact")
    response = {"body": json.dumps(BODY).encode(), "headers": {"x-amzn-requestid": "r-1"}, "status_code": 200}
    result: dict[str, Any] = RestJSONParser().parse(response, operation.output_shape)
    return result


def test_botocore_dict_round_trips_exactly(connect: ModuleType, parsed: dict[str, Any]) -> None:
    assert "AFieldFromTheFuture" not in parsed["Contact"]  # botocore drops unknown members itself
    assert "ResponseMetadata" in parsed
    response = connect.DescribeContactResponse.from_dict(parsed)
    assert response.to_dict() == parsed


def test_parsed_values_are_typed(connect: ModuleType, parsed: dict[str, Any]) -> None:
    contact = connect.DescribeContactResponse.from_dict(parsed).contact
    assert contact.channel is connect.Channel.VOICE
    assert isinstance(contact.initiation_method, connect.ContactInitiationMethod)
    assert contact.initiation_method == "SOMETHING_AWS_ADDED_LATER"
    assert contact.initiation_method not in connect.ContactInitiationMethod
    assert contact.initiation_timestamp == datetime(2024, 5, 1, 12, 30, 15, 250000, tzinfo=timezone.utc)
    and_branch = contact.routing_criteria.steps[0].expression.and_expression
    assert and_branch[1].or_expression[1].and_expression[1].attribute_condition.match_criteria.agents_criteria.agent_ids == ["a-1", "a-2"]
    nested = contact.segment_attributes["connect:Nested"].value_map["level2"].value_list
    assert nested[1].value_map["level4"].value_arn == "arn:aws:connect:::x"
    assert nested[2].value_list[0].value_string == "deep"


def without_unknown_keys(body: Any) -> Any:
    """BODY without the keys the model does not list: what botocore itself keeps."""
    if isinstance(body, dict):
        future = {"AFieldFromTheFuture", "SomeFutureField", "TopLevelUnknown"}
        return {k: without_unknown_keys(v) for k, v in body.items() if k not in future}
    if isinstance(body, list):
        return [without_unknown_keys(v) for v in body]
    return body


def test_raw_body_parses_like_botocore(connect: ModuleType, parsed: dict[str, Any]) -> None:
    """The JSON body itself (epoch numbers) gives the same object botocore's dict gives; its
    keys the model does not know (which botocore drops) are kept, and written back."""
    from_body = connect.DescribeContactResponse.from_dict(BODY)
    from_botocore = connect.DescribeContactResponse.from_dict(parsed)
    assert connect.DescribeContactResponse.from_dict(without_unknown_keys(BODY)).contact == from_botocore.contact
    assert from_body.contact != from_botocore.contact
    assert from_body.unknown_members == {"TopLevelUnknown": "kept"}
    assert from_body.contact.unknown_members == {"AFieldFromTheFuture": {"anything": [1, 2, 3]}}
    skill = from_body.contact.routing_criteria.steps[0].expression.and_expression[2].attribute_condition
    assert skill.unknown_members == {"SomeFutureField": True}
    json_form = from_body.to_json_dict()
    assert json_form["Contact"]["AFieldFromTheFuture"] == BODY["Contact"]["AFieldFromTheFuture"]
    assert json_form["TopLevelUnknown"] == "kept"


def test_json_form(connect: ModuleType, parsed: dict[str, Any]) -> None:
    response = connect.DescribeContactResponse.from_dict(parsed)
    json_form = response.to_json_dict()
    text = json.dumps(json_form)  # plain JSON types only
    assert json_form["Contact"]["InitiationTimestamp"] == "2024-05-01T12:30:15.250000Z"
    assert json_form["Contact"]["DisconnectTimestamp"] == "2024-05-01T12:36:40Z"
    again = connect.DescribeContactResponse.from_dict(json.loads(text))
    assert again == response
    assert again.to_json_dict() == json_form


def test_request_goes_to_boto3_as_is(connect: ModuleType, connect_service_model: Any) -> None:
    request = connect.DescribeContactRequest(instance_id="i-1", contact_id="c-1")
    params = request.to_dict()
    assert params == {"InstanceId": "i-1", "ContactId": "c-1"}
    input_shape = connect_service_model.operation_model("DescribeContact").input_shape
    validate_parameters(params, input_shape)  # raises ParamValidationError on any mismatch
    assert connect.DescribeContactRequest.from_dict(params) == request


def test_a_broken_request_is_what_botocore_rejects_too(connect: ModuleType, connect_service_model: Any) -> None:
    input_shape = connect_service_model.operation_model("DescribeContact").input_shape
    report = ParamValidator().validate({"InstanceId": "i-1"}, input_shape)
    assert report.has_errors() and "ContactId" in report.generate_report()
    with pytest.raises(connect.ShapeValidationError, match=r"^ContactId: missing required member$"):
        connect.DescribeContactRequest.from_dict({"InstanceId": "i-1"})
