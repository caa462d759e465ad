"""No import circles in `adapters/` (issue 16): each piece gets what it uses through a
small protocol (`adapters.contract.Connector`, `adapters.ops.health.Observed`,
`adapters.discord.handling.Handling`) instead of importing whoever built it. Type-only
and lazy imports count, as they do for import-linter's contracts."""

from __future__ import annotations

import grimp


def _circles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.find_modules_directly_imported_by(module):
            if not other.startswith(package):
                continue
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module.startswith(package) and module not in index:
            visit(module)
    return found


def test_adapters_have_no_import_circle() -> None:
    graph = grimp.build_graph("adapters", cache_dir=None)
    assert _circles(graph, "adapters") == []
