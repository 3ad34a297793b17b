"""A large DescribeContact response, as boto3 returns it, for the benchmarks and tests."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

OPERATORS = ("NumberGreaterOrEqualTo", "Range")


def expression(depth: int, seed: int) -> dict[str, Any]:
    """An And/Or tree ``depth`` levels deep, with attribute conditions at the leaves."""
    if depth <= 1:
        return {
            "AttributeCondition": {
                "Name": f"Skill{seed}",
                "Value": "expert",
                "ProficiencyLevel": float(1 + seed % 5),
                "ComparisonOperator": OPERATORS[seed % 2],
                "MatchCriteria": {"AgentsCriteria": {"AgentIds": [f"agent-{seed}", f"agent-{seed + 1}"]}},
            }
        }
    branch = "AndExpression" if depth % 2 else "OrExpression"
    return {branch: [expression(depth - 1, seed * 2 + i) for i in range(2)]}


def segment_value(depth: int, seed: int) -> dict[str, Any]:
    """A segment attribute value nested ``depth`` levels through ValueMap and ValueList."""
    if depth <= 1:
        return {"ValueString": f"value-{seed}"} if seed % 2 else {"ValueInteger": seed}
    if depth % 2:
        return {"ValueList": [segment_value(depth - 1, seed + i) for i in range(2)]}
    return {"ValueMap": {f"k{i}": segment_value(depth - 1, seed + i) for i in range(2)}}


def large_response(steps: int = 50, expression_depth: int = 4, attributes: int = 50, attribute_depth: int = 3) -> dict[str, Any]:
    when = datetime(2024, 5, 1, 12, 30, 15, 250000, tzinfo=timezone.utc)
    return {
        "Contact": {
            "Arn": "arn:aws:connect:us-east-1:123456789012:instance/i-1/contact/c-1",
            "Id": "c-1",
            "InitiationMethod": "INBOUND",
            "Channel": "VOICE",
            "InitiationTimestamp": when,
            "DisconnectTimestamp": when,
            "QueuePriority": 3,
            "Tags": {f"tag{i}": f"value{i}" for i in range(10)},
            "QueueInfo": {"Id": "q-1", "EnqueueTimestamp": when},
            "AgentInfo": {"Id": "a-1", "ConnectedToAgentTimestamp": when},
            "RoutingCriteria": {
                "Steps": [
                    {
                        "Expiry": {"DurationInSeconds": 30, "ExpiryTimestamp": when},
                        "Expression": expression(expression_depth, i),
                        "Status": "ACTIVE",
                    }
                    for i in range(steps)
                ],
                "ActivationTimestamp": when,
                "Index": 0,
            },
            "SegmentAttributes": {
                f"connect:Attribute{i}": segment_value(attribute_depth, i) for i in range(attributes)
            },
        },
        "ResponseMetadata": {"RequestId": "r-1", "HTTPStatusCode": 200, "HTTPHeaders": {}, "RetryAttempts": 0},
    }
