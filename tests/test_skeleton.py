"""CLI skeletons: byte parity with botocore's ArgumentGenerator and awscli, YAML, and the module's CLI."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import botocore.model
import pytest
import yaml
from botocore.utils import ArgumentGenerator
from conftest import EDGE_MODEL, GENERATED
from hypothesis import given
from hypothesis import strategies as st

from skeleton_runtime import runtime_module

from generator.emitters.skeleton import awscli_json, static_files
from generator.graph import ShapeGraph, build_graph
from generator.load import LoadedModel, load_file, load_installed
from generator.emitters.skeleton.cli_skeletons import cli_skeleton
from generator.emitters.skeleton.yaml_text import yaml_document
from generator.limits import MAX_SKELETON_FILE_VALUES

SKELETON_DIR = GENERATED / "skeleton" / "connect"
PACKAGE_DIR = GENERATED / "python"
# Services with streaming blobs (s3, lexv2-runtime), event streams (kinesis, bedrock-runtime),
# documents and unions (bedrock-runtime, cloudcontrol), deep recursion (glue).
# apigatewayv2 has members that set an enum of their own (botocore copies the target shape).
SMOKE_SERVICES = ["s3", "kinesis", "bedrock-runtime", "lexv2-runtime", "cloudcontrol", "glue", "dynamodb", "apigatewayv2"]


@pytest.fixture(autouse=True)
def first_enum_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore picks an enum value at random; we pick the first, so the reference does too."""
    monkeypatch.setattr(random, "choice", lambda seq: seq[0])


def awscli_encoder(value: Any) -> str:
    # awscli.utils.json_encoder, without importing awscli: importing it makes the name
    # ``botocore`` resolve to awscli's own copy for the rest of the process.
    return value.isoformat()  # type: ignore[no-any-return]


def cli_input_text(shape: botocore.model.Shape | None) -> str:
    """What ``generate_json_skeleton`` in awscli writes for ``--generate-cli-skeleton input``."""
    skeleton = ArgumentGenerator().generate_skeleton(shape) if shape is not None else {}
    return json.dumps(skeleton, indent=4, default=awscli_encoder) + "\n"


def cli_output_text(shape: botocore.model.Shape | None) -> str:
    """What awscli's JSON formatter writes for the stubbed ``--generate-cli-skeleton output``."""
    skeleton = ArgumentGenerator(use_member_names=True).generate_skeleton(shape) if shape is not None else {}
    return json.dumps(skeleton, indent=4, default=awscli_encoder, ensure_ascii=False) + "\n"


def service_model(model: LoadedModel) -> botocore.model.ServiceModel:
    """botocore's model object over the very file the generator read."""
    return botocore.model.ServiceModel(model.data, model.service)


def every_operation(model: LoadedModel) -> tuple[ShapeGraph, botocore.model.ServiceModel]:
    return build_graph(model, None), service_model(model)


def assert_parity(graph: ShapeGraph, botocore_model: botocore.model.ServiceModel) -> int:
    """Both walks against ArgumentGenerator: the module's run-time functions (``render``) and
    the generator's, which writes the static files."""
    module = runtime_module(graph)
    limit = 10**9  # these services' skeletons are all small; the bound has its own test
    checked = 0
    for op in graph.operations:
        operation = botocore_model.operation_model(op.name)
        expected_in, expected_out = cli_input_text(operation.input_shape), cli_output_text(operation.output_shape)
        assert module.render(op.name, "input") == expected_in, op.name
        assert module.render(op.name, "output") == expected_out, op.name
        static_in = cli_skeleton(graph, op.input, use_member_names=False, limit=limit)
        static_out = cli_skeleton(graph, op.output, use_member_names=True, limit=limit)
        assert static_in is not None and awscli_json(static_in, ensure_ascii=True) == expected_in, op.name
        assert static_out is not None and awscli_json(static_out, ensure_ascii=False) == expected_out, op.name
        checked += 2
    return checked


def test_describe_contact_files_are_byte_for_byte_what_awscli_prints(
    connect_service_model: botocore.model.ServiceModel,
) -> None:
    operation = connect_service_model.operation_model("DescribeContact")
    assert (SKELETON_DIR / "DescribeContact.input.json").read_text() == cli_input_text(operation.input_shape)
    assert (SKELETON_DIR / "DescribeContact.output.json").read_text() == cli_output_text(operation.output_shape)


def test_every_connect_operation_matches_argument_generator() -> None:
    graph, botocore_model = every_operation(load_installed("connect"))
    assert assert_parity(graph, botocore_model) == 2 * len(botocore_model.operation_names)


@pytest.mark.parametrize("service", SMOKE_SERVICES)
def test_other_services_match_argument_generator(service: str) -> None:
    graph, botocore_model = every_operation(load_installed(service))
    assert assert_parity(graph, botocore_model) == 2 * len(graph.operations)


def test_edge_model_matches_argument_generator() -> None:
    graph, botocore_model = every_operation(load_file(EDGE_MODEL, "edgecase"))
    assert assert_parity(graph, botocore_model) == 4


def test_enum_values_are_the_first_where_botocore_picks_at_random(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # botocore's own random.choice
    model = load_file(EDGE_MODEL, "edgecase")
    graph = build_graph(model, None)
    shape = service_model(model).shape_for("PutThingRequest")
    values = graph["Kind"].enum  # type: ignore[attr-defined]
    picked = {ArgumentGenerator().generate_skeleton(shape)["Type"] for _ in range(200)}
    assert picked <= set(values) and len(picked) > 1
    assert runtime_module(graph).skeleton("PutThing", "input")["Type"] == values[0]


# --- awscli itself, in a subprocess -------------------------------------------------------------

def aws(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``aws`` (awscli 1.46, with its own botocore and models), offline."""
    env = {
        **os.environ,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    command = [sys.executable, "-c", "import sys; from awscli.clidriver import main; sys.exit(main())", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def awscli_graph(operations: list[str]) -> ShapeGraph:
    """Our graph of awscli's own copy of the connect model (it can differ from the pinned one)."""
    spec = importlib.util.find_spec("awscli")  # found, not imported (see awscli_encoder)
    assert spec is not None and spec.submodule_search_locations
    model_dir = Path(spec.submodule_search_locations[0], "botocore", "data", "connect")
    (model_file,) = sorted(model_dir.glob("*/service-2.json*"))
    return build_graph(load_file(model_file, "connect"), operations)


def test_awscli_prints_what_we_compute_for_its_model() -> None:
    module = runtime_module(awscli_graph(["DescribeContact", "ListInstances"]))
    printed = aws("connect", "describe-contact", "--generate-cli-skeleton", "input")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == module.render("DescribeContact", "input")
    printed = aws("connect", "list-instances", "--generate-cli-skeleton", "output")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == module.render("ListInstances", "output")


def test_awscli_output_skeleton_fails_for_describe_contact() -> None:
    printed = aws(
        "connect", "describe-contact", "--instance-id", "i", "--contact-id", "c", "--generate-cli-skeleton", "output"
    )
    assert printed.returncode == 255
    assert "Parameter validation failed" in printed.stderr
    assert "Contact.QueuePriority, value: 0, valid min value: 1" in printed.stderr


# --- YAML ----------------------------------------------------------------------------------------

def test_yaml_reads_back_as_the_json_skeleton_for_every_connect_operation() -> None:
    graph = build_graph(load_installed("connect"), None)
    module = runtime_module(graph)
    files = static_files(graph)
    for op in graph.operations:
        for kind in module.KINDS:
            as_yaml = module.render(op.name, kind, "yaml")
            assert yaml.safe_load(as_yaml) == json.loads(module.render(op.name, kind)), (op.name, kind)
        # The generator's YAML file and the module's YAML text are the same text.
        assert files[f"{op.name}.input.yaml"] == module.render(op.name, "input", "yaml"), op.name


def test_yaml_input_file_reads_back_as_the_json_file() -> None:
    text = (SKELETON_DIR / "DescribeContact.input.yaml").read_text()
    assert yaml.safe_load(text) == json.loads((SKELETON_DIR / "DescribeContact.input.json").read_text())
    assert text.splitlines()[0] == (
        "InstanceId: ''  # [REQUIRED] (string) The identifier of the Connect Customer instance."
    )


def test_yaml_comments_give_required_type_documentation_and_values() -> None:
    graph = build_graph(load_installed("connect"), ["DescribeContact"])
    lines = runtime_module(graph).render("DescribeContact", "output", "yaml").splitlines()
    channel = next(line for line in lines if line.lstrip().startswith("Channel:"))
    assert channel.endswith(
        "# (string) How the contact reached your contact center. Valid values are: VOICE, CHAT, TASK, EMAIL."
    )
    nested = next(line for line in lines if line.startswith("  QueueInfo:"))
    assert nested == "  QueueInfo:  # (structure) If this contact was queued, this contains information about the queue."


json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


@given(st.dictionaries(st.text(), json_values, max_size=4))
def test_yaml_writer_round_trips_any_json_data(value: dict[str, Any]) -> None:
    graph = build_graph(load_file(EDGE_MODEL, "edgecase"), None)
    text = yaml_document(graph, None, value)
    assert yaml.safe_load(text) == value
    # The module's own YAML writer (for what it computes at run time) writes the same text.
    assert ("\n".join(YAML_MODULE._yaml_block(value, None, 0)) + "\n" if value else "{}\n") == text


YAML_MODULE = runtime_module(build_graph(load_file(EDGE_MODEL, "edgecase"), None))


# --- linear in shapes: a model whose skeletons are exponential in its depth ------------------------

def dag_model(levels: int) -> LoadedModel:
    """``levels`` structures, each with two members of the next: 3 KB of model, 2**levels paths."""
    edge = load_file(EDGE_MODEL, "edgecase")
    shapes: dict[str, Any] = {"Str": {"type": "string"}, "L0": {"type": "structure", "members": {"V": {"shape": "Str"}}}}
    for i in range(1, levels):
        shapes[f"L{i}"] = {"type": "structure", "members": {"A": {"shape": f"L{i - 1}"}, "B": {"shape": f"L{i - 1}"}}}
    shapes["Top"] = {"type": "structure", "members": {"Top": {"shape": f"L{levels - 1}"}}}
    shapes["Small"] = {"type": "structure", "members": {"Top": {"shape": "L2"}}}
    http = {"method": "POST", "requestUri": "/"}
    operations = {
        "Deep": {"name": "Deep", "http": http, "input": {"shape": "Top"}, "output": {"shape": "Top"}},
        "Shallow": {"name": "Shallow", "http": http, "input": {"shape": "Small"}, "output": {"shape": "Small"}},
    }
    data = {**edge.data, "operations": operations, "shapes": shapes}
    return LoadedModel(edge.service, data, edge.source, edge.sha256)


def test_a_dag_of_sixteen_levels_gives_small_output_and_exact_skeletons_on_demand() -> None:
    model = dag_model(16)
    assert len(json.dumps(model.data["shapes"])) < 3_000
    graph = build_graph(model, None)
    from generator.emitters.skeleton import render_module

    module_text = render_module(graph, "dag_shapes")
    files = static_files(graph)
    # Linear in shapes: what used to be 43 MB of literals is a table of 20 rows.
    assert len(module_text.encode()) + sum(len(text.encode()) for text in files.values()) < 100_000
    # Deep's skeletons unfold into 2**16 paths, past the bound: not written; Shallow's are.
    assert sorted(files) == ["Shallow.input.json", "Shallow.input.yaml", "Shallow.output.json"]
    # On demand, the module computes them exactly, as botocore does.
    module = runtime_module(graph, "dag_shapes")
    botocore_model = service_model(model)
    deep = botocore_model.operation_model("Deep")
    assert module.render("Deep", "input") == cli_input_text(deep.input_shape)
    assert module.render("Deep", "output") == cli_output_text(deep.output_shape)
    example = module.skeleton("Deep", "example-input")
    assert json.dumps(example).count('"V": "V"') == 2**15  # every member, down every path
    assert files["Shallow.input.json"] == module.render("Shallow", "input")


def test_a_static_file_is_written_up_to_the_bound_and_not_past_it() -> None:
    graph = build_graph(dag_model(16), None)
    value = cli_skeleton(graph, "Top", use_member_names=False, limit=MAX_SKELETON_FILE_VALUES)
    assert value is None
    # Top holds 2**16 L0 leaves' worth of values: exactly that many pass, one fewer does not.
    size = 1 + sum(2**i for i in range(16)) + 2**15
    assert cli_skeleton(graph, "Top", use_member_names=False, limit=size) is not None
    assert cli_skeleton(graph, "Top", use_member_names=False, limit=size - 1) is None


# --- the generated module ------------------------------------------------------------------------

def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_DIR), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "connect_shapes.skeleton", *args], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.mark.parametrize(
    ("kind", "fmt", "file"),
    [("input", "json", "input.json"), ("output", "json", "output.json"), ("input", "yaml", "input.yaml")],
)
def test_module_cli_prints_the_static_files(kind: str, fmt: str, file: str) -> None:
    printed = run_module("DescribeContact", kind, "--format", fmt)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == (SKELETON_DIR / f"DescribeContact.{file}").read_text()


def test_module_cli_prints_examples_as_json_and_yaml() -> None:
    as_json = run_module("DescribeContact", "example-output")
    as_yaml = run_module("DescribeContact", "example-output", "--format", "yaml")
    assert as_json.returncode == as_yaml.returncode == 0
    assert json.loads(as_json.stdout) == yaml.safe_load(as_yaml.stdout)
    assert json.loads(as_json.stdout)["Contact"]["QueuePriority"] >= 1


def test_module_cli_rejects_an_unknown_operation_in_one_line() -> None:
    printed = run_module("DescribeContacts", "input")
    assert printed.returncode == 2
    assert printed.stdout == ""
    assert printed.stderr.splitlines() == [
        "python -m connect_shapes.skeleton: error: unknown operation 'DescribeContacts' (closest: DescribeContact)"
    ]


def test_module_functions_return_fresh_data(connect: Any) -> None:
    from connect_shapes import skeleton  # imported by the ``connect`` fixture's sys.path set-up

    first = skeleton.describe_contact_output()
    first["Contact"]["Id"] = "changed"
    assert skeleton.describe_contact_output()["Contact"]["Id"] == "Id"
    assert skeleton.skeleton("DescribeContact", "input") == json.loads(
        (SKELETON_DIR / "DescribeContact.input.json").read_text()
    )
