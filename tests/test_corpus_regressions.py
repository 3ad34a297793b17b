"""Cases the whole-corpus run (``make test-corpus``) found, each checked against botocore's
own models and objects so that it cannot come back."""

from __future__ import annotations

import re

import botocore.loaders
import botocore.session
import pytest

from skeleton_runtime import RuntimeExamples
from generator.emitters.skeleton.regex_sample import LengthRange, sample
from generator.graph import ScalarShape, StructureShape, build_graph
from generator.load import load_installed
from generator.patterns import translate

# Required strings whose pattern only lookaheads make hard: fsx's ARN needs "fsx" where a
# lookahead says, ds's password a digit, an upper- and a lower-case letter.
HARD_PATTERNS = [("fsx", "ResourceARN"), ("partnercentral-selling", "CompanyWebsiteUrl"), ("ds", "Password")]


@pytest.mark.parametrize(("service", "shape"), HARD_PATTERNS)
def test_lookahead_patterns_get_a_matching_example(service: str, shape: str) -> None:
    raw = botocore.loaders.Loader().load_service_model(service, "service-2")["shapes"][shape]
    translated = translate(raw["pattern"]).ecma  # the form examples sample (Python reads it too)
    assert translated is not None
    lengths = LengthRange(raw.get("min", 0), raw.get("max"))
    value = sample(translated, shape, lengths)
    assert value is not None and lengths.holds(value)
    assert re.search(raw["pattern"], value)  # the model's own pattern, as Java search reads it


def test_member_level_enum_is_the_members_shape() -> None:
    graph = build_graph(load_installed("apigatewayv2"), ["ExportApi"])
    request = graph["ExportApiRequest"]
    assert isinstance(request, StructureShape)
    member = next(m for m in request.members if m.name == "OutputType")
    target = graph[member.target]
    resolved = botocore.session.get_session().get_service_model("apigatewayv2").operation_model("ExportApi")
    assert isinstance(target, ScalarShape) and list(target.enum) == resolved.input_shape.members["OutputType"].enum


def test_event_stream_examples_show_an_event_not_an_exception() -> None:
    graph = build_graph(load_installed("bedrock-agent-runtime"), ["InvokeAgent"])
    operation = graph.operations[0]
    example = RuntimeExamples(graph).example(operation.output, output=True)
    [event] = example["completion"]
    [(name, _)] = event.items()
    stream = graph["ResponseStream"]
    assert isinstance(stream, StructureShape)
    target = graph[next(m.target for m in stream.members if m.name == name)]
    assert isinstance(target, StructureShape) and not target.exception


def test_a_response_example_exists_where_pattern_and_lengths_contradict() -> None:
    """apprunner's ServiceId: exactly 32 characters, and a 36-character UUID pattern. A response's
    pattern is an annotation, so the response example keeps the name fitted to the lengths."""
    graph = build_graph(load_installed("apprunner"), ["CreateService"])
    builder = RuntimeExamples(graph)
    example = builder.example(graph.operations[0].output, output=True)
    service_id = example["Service"]["ServiceId"]
    assert len(service_id) == 32 and "ServiceId" in builder.patterns.unsatisfied
