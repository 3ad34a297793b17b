"""Docs pages grow with the shapes, not with the paths of the shape graph.

The CLI's output tree unrolls every path; past ``DOCS_EXACT_TREE_ENTRIES`` entries a page
writes each large subtree once and links where it comes again. Up to that bound the page
is awscli's tree exactly, checked here against awscli itself on a model at the bound.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from awscli_reference import help_pages
from conftest import run_shapegen
from docs_reading import REPEATED, Entry, anchors, check_links, markdown_entries, parse, rest_entries
from generator.config import Target
from generator.emitters import TargetModel
from generator.emitters.docs import DocsEmitter
from generator.graph import build_graph
from generator.limits import DOCS_EXACT_TREE_ENTRIES, DOCS_REPEAT_ENTRIES
from generator.load import load_file

SERVICE = "treetest"
METADATA = {
    "apiVersion": "2024-01-01", "endpointPrefix": SERVICE, "jsonVersion": "1.1", "protocol": "json",
    "serviceFullName": "Tree Test", "serviceId": "Tree Test", "signatureVersion": "v4",
    "uid": f"{SERVICE}-2024-01-01", "targetPrefix": "TreeTest",
}
REPEATED_LINK = re.compile(r"^ *\+   " + re.escape(REPEATED) + r" · see \[[^]]*\]\((?P<href>[^)]*)\)$", re.MULTILINE)


def levels(top: int, prefix: str = "L", last: str | None = None) -> dict[str, Any]:
    """``L0`` holds a string; each ``L<i>`` has two members of ``L<i-1>``: 2**top paths.
    With ``last``, ``L0`` holds two members of ``last`` instead (closing a cycle)."""
    bottom = {"A": {"shape": last}, "B": {"shape": last}} if last else {"V": {"shape": "Str"}}
    shapes: dict[str, Any] = {f"{prefix}0": {"type": "structure", "members": bottom}}
    for i in range(1, top + 1):
        shapes[f"{prefix}{i}"] = {
            "type": "structure",
            "members": {"A": {"shape": f"{prefix}{i - 1}"}, "B": {"shape": f"{prefix}{i - 1}"}},
        }
    return shapes


def below(level: int) -> int:
    """Entries the CLI's tree has under ``L<level>``'s own line."""
    return 1 if level == 0 else 2 * (1 + below(level - 1))


def write_model(path: Path, shapes: dict[str, Any], output: dict[str, str]) -> Path:
    """Operations GetTree (output ``Out``: ``output``'s members) and PutTree (input ``Out``)."""
    shapes = {
        "Str": {"type": "string"},
        "Out": {"type": "structure", "members": {name: {"shape": target} for name, target in output.items()}},
        "Empty": {"type": "structure", "members": {}},
        **shapes,
    }
    http = {"method": "POST", "requestUri": "/"}
    data = {
        "version": "2.0",
        "metadata": METADATA,
        "documentation": "",
        "operations": {
            "GetTree": {"name": "GetTree", "http": http, "input": {"shape": "Empty"}, "output": {"shape": "Out"}},
            "PutTree": {"name": "PutTree", "http": http, "input": {"shape": "Out"}, "output": {"shape": "Empty"}},
        },
        "shapes": shapes,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def docs_pages(model: Path) -> dict[str, str]:
    graph = build_graph(load_file(model, SERVICE), None)
    artefacts = DocsEmitter().emit(TargetModel(graph, Target(SERVICE, None, "tree_shapes")))
    return {a.path.name: a.text for a in artefacts}


def assert_links_on_the_page(page: str) -> int:
    """Every repeated entry links to a shape section of the same page; returns how many."""
    ids = set(anchors(parse(page)))
    links = [m["href"] for m in REPEATED_LINK.finditer(page)]
    assert all(href.startswith("#") and href[1:] in ids for href in links), links
    return len(links)


def test_a_dag_of_sixteen_levels_gives_small_pages(tmp_path: Path) -> None:
    """3 KB of model, 2**16 paths: the CLI's tree has 196,606 entries; ours links instead."""
    model = write_model(tmp_path / "dag.json", levels(16), {"Top": "L16"})
    assert model.stat().st_size < 4_000
    out = tmp_path / "generated"
    result = run_shapegen("generate", "--service", SERVICE, "--model", str(model), "--emit", "docs", "--out", str(out))
    assert result.returncode == 0, result.stderr
    folder = out / "docs" / SERVICE
    assert sum(p.stat().st_size for p in folder.iterdir()) < 200_000
    assert check_links(folder) > 50
    page = (folder / "GetTree.md").read_text(encoding="utf-8")
    entries = markdown_entries(page)
    assert below(16) + 1 > 190_000
    # Each level is written out once, with one repeated entry for its second member, until the
    # subtrees are small enough to repeat as the CLI does.
    assert sum(e.type_name == REPEATED for e in entries) == assert_links_on_the_page(page) > 10
    assert len(entries) < 2 * 17 * (DOCS_REPEAT_ENTRIES + 1)
    assert "( ... repeated ... )" not in (folder / "PutTree.md").read_text(encoding="utf-8")  # inputs are not unrolled


def test_paths_beyond_counting_cost_nothing(tmp_path: Path) -> None:
    """60 levels (2**60 paths), and a recursive group of 12 whose CLI tree, each shape twice on
    a path, has about 2**24 entries: sizes are memoised per shape and path state, so the
    pages come out at once and small. Walking paths would never finish."""
    shapes = {**levels(60), **levels(11, prefix="R", last="R11")}
    model = write_model(tmp_path / "deep.json", shapes, {"Deep": "L60", "Cycle": "R11"})
    page = docs_pages(model)["GetTree.md"]
    entries = markdown_entries(page)
    assert len(entries) < 3 * (60 + 12 * 2) * (DOCS_REPEAT_ENTRIES + 1)
    assert assert_links_on_the_page(page) > 60
    assert [e.name for e in entries if e.depth == 0] == ["Deep", "Cycle"]
    assert len(page) < 200_000


def bound_model(path: Path, pad: int) -> Path:
    """A tree of DOCS_EXACT_TREE_ENTRIES + ``pad`` entries with repeated shapes: ``Wide`` of
    DOCS_REPEAT_ENTRIES entries and ``Wider`` of one more, each twice."""
    wide = {f"M{i}": {"shape": "Str"} for i in range(DOCS_REPEAT_ENTRIES)}
    shapes = {
        **levels(12),
        "Wide": {"type": "structure", "members": wide},
        "Wider": {"type": "structure", "members": {**wide, "Last": {"shape": "Str"}}},
    }
    tops = {"T12": "L12", "T11": "L11", "T8": "L8", "W1": "Wide", "W2": "Wide", "X1": "Wider", "X2": "Wider"}
    fixed = sum(1 + below(level) for level in (12, 11, 8))
    fixed += 2 * (1 + DOCS_REPEAT_ENTRIES) + 2 * (2 + DOCS_REPEAT_ENTRIES)  # Wide and Wider twice each
    padding = DOCS_EXACT_TREE_ENTRIES + pad - fixed
    assert padding >= 0
    return write_model(path, shapes, {**tops, **{f"P{i}": "Str" for i in range(padding)}})


def awscli_entries(data_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Entry]:
    """awscli's output tree for GetTree, from the model it finds under ``data_path``."""
    monkeypatch.setenv("AWS_DATA_PATH", str(data_path))
    return rest_entries(help_pages(SERVICE, ["GetTree"])["GetTree"])


def collapsed(cli: list[Entry], ours: list[Entry]) -> tuple[list[Entry], list[int]]:
    """awscli's entries with the subtree under each of our repeated entries replaced by it,
    and how many entries each replaced."""
    result, replaced, i = [], [], 0
    for entry in ours:
        if entry.type_name == REPEATED:
            start = i
            while i < len(cli) and cli[i].depth >= entry.depth:
                i += 1
            replaced.append(i - start)
            result.append(entry)
        else:
            result.append(cli[i])
            i += 1
    assert i == len(cli)
    return result, replaced


def test_at_the_bound_the_page_is_the_cli_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    model = bound_model(data / SERVICE / "2024-01-01" / "service-2.json", pad=0)
    expected = awscli_entries(data, monkeypatch)
    assert len(expected) == DOCS_EXACT_TREE_ENTRIES
    page = docs_pages(model)["GetTree.md"]
    assert markdown_entries(page) == expected
    assert REPEATED not in page


def test_one_entry_past_the_bound_large_repeats_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    model = bound_model(data / SERVICE / "2024-01-01" / "service-2.json", pad=1)
    expected = awscli_entries(data, monkeypatch)
    assert len(expected) == DOCS_EXACT_TREE_ENTRIES + 1
    page = docs_pages(model)["GetTree.md"]
    ours = markdown_entries(page)
    same, replaced = collapsed(expected, ours)
    assert ours == same  # awscli's tree, a repeated entry in place of some subtrees
    assert replaced and min(replaced) == DOCS_REPEAT_ENTRIES + 1  # Wider's second time; Wide's stays
    assert assert_links_on_the_page(page) == len(replaced)
    assert len(ours) < 1_000
    top = [e.name for e in ours if e.depth == 0]
    assert top[:7] == ["T12", "T11", "T8", "W1", "W2", "X1", "X2"]
