"""The ``Output`` tree of a page: the AWS CLI's, in time and size linear in the shapes.

The CLI's tree unrolls every path of the shape graph (``cli_tree.py`` has its rules), so it
can grow exponentially with the model: 16 structures with two members of the next give
196,606 entries. A page whose tree has at most ``exact_entries`` entries gets the CLI's
tree exactly. A larger one writes each shape's subtree of more than ``repeat_entries``
entries out once; where the shape comes again, one ``( ... repeated ... )`` entry links to
its section instead. Such a tree has at most (members + 1) x (``repeat_entries`` + 1)
entries.

Sizes are never found by walking paths: the subtree under a shape depends only on the shape
and on how often the shapes of its own recursive group are already on the path (nothing else
above it can come again below it), so sizes are memoised per (shape, path state) and each
count stops past its cap.
"""

from __future__ import annotations

from generator.emitters.docs.cli_tree import (
    MAX_ON_PATH,
    TreeEntry,
    cli_type_name,
    documented_children,
    is_botocore_structure,
)
from generator.errors import ModelError
from generator.graph import Member, ShapeGraph, StructureShape
from generator.limits import MAX_TREE_VALUES

REPEATED_MARKER = "( ... repeated ... )"

# How often each shape of a shape's recursive group is on the path down to it, the shape
# included, names sorted; () for a shape on no cycle.
PathState = tuple[tuple[str, int], ...]


class PathStates:
    """The path states of one graph's shapes, and awscli's cut (``MAX_ON_PATH``) on them."""

    def __init__(self, graph: ShapeGraph) -> None:
        self._group = {name: index for index, cycle in enumerate(graph.cycles) for name in cycle}

    def enter(self, parent: str | None, state: PathState, child: str) -> PathState | None:
        """The state of ``child`` reached from ``parent`` in ``state`` (parent None: from the
        output structure, which awscli leaves off the path); None where awscli cuts, because
        ``child`` is already twice on the path."""
        group = self._group.get(child)
        if group is None:
            return ()
        if parent is None or self._group.get(parent) != group:
            return ((child, 1),)  # a path leaves a recursive group for good once it leaves it
        counts = dict(state)
        if counts.get(child, 0) >= MAX_ON_PATH:
            return None
        counts[child] = counts.get(child, 0) + 1
        return tuple(sorted(counts.items()))


class SubtreeSizes:
    """Entries the CLI's tree has under a shape's own line, counted up to ``cap`` + 1."""

    def __init__(self, graph: ShapeGraph, states: PathStates, cap: int) -> None:
        self.graph = graph
        self.states = states
        self.cap = cap
        self._known: dict[tuple[str, PathState], int] = {}

    def below(self, name: str, state: PathState) -> int:
        """Memoised per (shape, state), and a count stops once past the cap, so one fresh
        count visits at most cap x depth states. The recursion is as deep as the tree, which
        the graph builder's MAX_SHAPE_DEPTH bounds."""
        key = (name, state)
        known = self._known.get(key)
        if known is not None:
            return known
        total = 0
        for _, child, _ in documented_children(self.graph[name]):
            inner = self.states.enter(name, state, child)
            if inner is None:
                total += is_botocore_structure(self.graph[child])  # the recursion marker, if any
            else:
                total += 1 + self.below(child, inner)
            if total > self.cap:
                total = self.cap + 1
                break
        self._known[key] = total
        return total


class OutputTrees:
    """The output trees of one graph's operations; the sizes are shared by its pages."""

    def __init__(self, graph: ShapeGraph, exact_entries: int, repeat_entries: int) -> None:
        self.graph = graph
        self.states = PathStates(graph)
        self._page = SubtreeSizes(graph, self.states, exact_entries)
        self._repeat = SubtreeSizes(graph, self.states, repeat_entries)

    def is_exact(self, top: StructureShape) -> bool:
        """Whether the CLI's whole tree under ``top`` has at most ``exact_entries`` entries."""
        total = 0
        for member in top.members:
            state = self.states.enter(None, (), member.target)
            assert state is not None  # nothing is on the path yet
            total += 1 + self._page.below(member.target, state)
            if total > self._page.cap:
                return False
        return True

    def entries(self, output: str | None) -> list[TreeEntry]:
        """The ``Output`` section's entries in order; empty when the CLI prints ``None``.

        Walked with an explicit stack, so deep mutual recursion cannot exhaust Python's.
        """
        graph = self.graph
        top = graph[output] if output else None
        if not isinstance(top, StructureShape):
            return []
        # Past the bound: the shapes whose large subtree is already on the page.
        written: set[str] | None = None if self.is_exact(top) else set()
        entries: list[TreeEntry] = []
        Work = tuple[str | None, str, Member | None, int, PathState | None]
        work: list[Work] = [
            (m.name, m.target, m, 0, self.states.enter(None, (), m.target)) for m in reversed(top.members)
        ]
        while work:
            label, name, member, depth, state = work.pop()
            shape = graph[name]
            if len(entries) >= MAX_TREE_VALUES:  # a guard: the tree is linear in shapes, with a large factor
                raise ModelError(
                    f"{graph.service.model_source}: shape {output!r}: the docs output tree would have more "
                    f"than {MAX_TREE_VALUES} entries"
                )
            if state is None:
                if is_botocore_structure(shape):  # other shapes at a cut are left out silently
                    entries.append(TreeEntry(depth, None, name, "", "", recursive=True))
                continue
            documentation = member.documentation if member and member.documentation else shape.documentation
            entries.append(TreeEntry(depth, label, name, cli_type_name(shape, member), documentation))
            if written is not None and self._repeat.below(name, state) > self._repeat.cap:
                if name in written:
                    entries.append(TreeEntry(depth + 1, None, name, "", "", repeated=True))
                    continue
                written.add(name)
            children = reversed(documented_children(shape))
            work.extend(
                (lbl, target, m, depth + 1, self.states.enter(name, state, target)) for lbl, target, m in children
            )
        return entries
