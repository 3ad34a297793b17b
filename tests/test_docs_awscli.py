"""Our docs against the real AWS CLI: the output tree entry for entry, and the synopsis.

The reference is computed here, at test time, by awscli 1.46 itself in a fresh
interpreter (on its own copy of botocore and of the models): its help command fires the
doc events and its
``OperationDocumentEventHandler`` writes the reST; we read the entries from that reST and
from the markdown-it-py tokens of our Markdown, generated from the very same model file.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from awscli_reference import awscli_model_path, help_pages
from conftest import run_shapegen
from docs_reading import RECURSIVE, markdown_entries, markdown_synopsis, rest_entries, rest_synopsis
from generator.config import Target
from generator.emitters import TargetModel
from generator.emitters.docs import DocsEmitter
from generator.graph import build_graph
from generator.load import load_file

# Model name -> the CLI's name for the service, for services with maps, unions, documents,
# recursion, JSON headers and streaming blobs between them.
SERVICES = {
    "connect": "connect",
    "dynamodb": "dynamodb",
    "lex-runtime": "lex-runtime",
    "sqs": "sqs",
    "bedrock-agent-runtime": "bedrock-agent-runtime",
    "s3": "s3api",
}
# awscli changes these commands' output at run time, beyond the model: botocore's handlers
# add ``ExpiresString`` to GetObject/HeadObject, and the CLI does not document event streams.
AWSCLI_CUSTOMIZED = {("s3", "GetObject"), ("s3", "HeadObject"), ("s3", "SelectObjectContent")}
PAGINATION_OPTION = "[--starting-token <value>]"


@cache
def awscli_help(service: str) -> dict[str, str]:
    """Operation -> awscli's reST help, for the operations awscli documents from the model alone."""
    pages = help_pages(SERVICES[service])
    return {operation: rest for operation, rest in pages.items() if (service, operation) not in AWSCLI_CUSTOMIZED}


def test_describe_contact_matches_aws_cli_help(tmp_path: Path) -> None:
    model = awscli_model_path("connect")
    out = tmp_path / "generated"
    result = run_shapegen(
        "generate", "--service", "connect", "--operation", "DescribeContact", "--model", str(model), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    ours = (out / "docs" / "connect" / "DescribeContact.md").read_text(encoding="utf-8")
    reference = help_pages("connect", ["DescribeContact"])["DescribeContact"]

    expected = rest_entries(reference)
    assert len(expected) > 300 and sum(e.type_name == RECURSIVE for e in expected) >= 8
    assert markdown_entries(ours) == expected
    assert markdown_synopsis(ours) == rest_synopsis(reference)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_operation_matches_aws_cli_help(service: str) -> None:
    graph = build_graph(load_file(awscli_model_path(service), service), None)
    pages = {a.path.name: a.text for a in DocsEmitter().emit(TargetModel(graph, Target(service, None, "any_shapes")))}
    references = awscli_help(service)
    compared = synopses = 0
    types: Counter[str] = Counter()
    for operation in graph.operations:
        if operation.name not in references:
            continue  # awscli has no command for it, or changes it beyond the model
        page = pages[f"{operation.name}.md"]
        reference = references[operation.name]
        expected = rest_entries(reference)
        assert markdown_entries(page) == expected, operation.name
        compared += 1
        types.update(e.type_name for e in expected)
        # awscli adds pagination options from paginators-1.json, which is not the service model.
        if PAGINATION_OPTION not in rest_synopsis(reference):
            assert markdown_synopsis(page) == rest_synopsis(reference), operation.name
            synopses += 1
    assert compared >= len(graph.operations) - len(AWSCLI_CUSTOMIZED) - 3 and synopses > compared / 2
    assert types["structure"] and types["string"]
    print(f"{service}: {compared} operations, {sum(types.values())} entries, {synopses} synopses; {dict(types)}")


def test_the_comparison_covers_every_rule() -> None:
    """Between them, the services above exercise every naming and recursion rule of awscli."""
    seen: Counter[str] = Counter()
    for service in SERVICES:
        for reference in awscli_help(service).values():
            seen.update(e.type_name for e in rest_entries(reference))
    wanted = {"map", "list", "tagged union structure", "document", "JSON", "streaming blob", "timestamp", RECURSIVE}
    assert wanted <= set(seen), wanted - set(seen)
