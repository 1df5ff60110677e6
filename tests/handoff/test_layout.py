"""The front door's layout rules: small modules, and no package importing one above it.

Layers, lowest first; a module may import from its own layer or lower ones only. This is what keeps
"where does this live" answerable from folder names (issue: one place per rule).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

HANDOFF = ROOT / "handoff"
MAX_LINES = 350
LAYERS = [
    {"handoff.config", "handoff.db", "contract"},
    {"handoff.content", "handoff.redaction", "handoff.rasa_client", "handoff.language"},
    {"handoff.agents", "handoff.studio"},
    # Table definitions only (they import handoff.db): activation reads which trainings passed the gate.
    {"handoff.conversation", "handoff.inbox.models", "handoff.training.models", "handoff.intents"},
    {"handoff.deps", "handoff.keys", "handoff.messaging", "handoff.ui_texts"},
    {"handoff.queue"},
    {"handoff.callbacks"},
    {"handoff.replies"},
    {"handoff.intake"},
    {"handoff.transcripts", "handoff.retention", "handoff.feedback"},
    {"handoff.console", "handoff.listeners", "handoff.studio_api", "handoff.suggestions", "handoff.insights",
     "handoff.activation"},
    # issue 13: training (queue, worker, gate, the models page's API) calls activation (contract 3)
    {"handoff.training"},
    {"handoff.channels", "handoff.health", "handoff.pages", "handoff.middleware", "handoff.inbox"},
    {"handoff.routes"},
    {"handoff.app"},
    {"handoff.__main__", "handoff.migrations", "handoff"},
]


def _modules():
    for path in sorted(HANDOFF.rglob("*.py")):
        if "migrations/versions" in path.as_posix():
            continue
        yield path


def _layer(module: str) -> int | None:
    for index, layer in enumerate(LAYERS):
        for name in sorted(layer, key=len, reverse=True):
            if module == name or module.startswith(name + "."):
                return index
    return None


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_is_small(path: Path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_imports_nothing_above_its_layer(path: Path):
    own = _layer(_name(path))
    assert own is not None, f"{_name(path)} is in no layer: add it to LAYERS"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
                   for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue  # annotations only: no import at run time
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            layer = _layer(name)
            if layer is not None:
                assert layer <= own, f"{_name(path)} (layer {own}) imports {name} (layer {layer})"
