"""Mermaid diagrams (``<flow>.mmd``) generated from the flow files, so the picture never drifts.

`helpline flows diagrams` rewrites them; `helpline flows check` fails when one is out of date.
"""

from __future__ import annotations

from pathlib import Path

from flows.model import Flow, Step, resolve_target


def _node(flow: Flow, ref: tuple[str, str] | None, raw: str) -> str:
    if ref is None:
        return f'ext_{_safe(raw)}(["{raw}"])'
    flow_name, step_name = ref
    if flow_name != flow.name:
        return f'ext_{_safe(flow_name)}_{_safe(step_name)}(["{flow_name}"])'
    return _safe(step_name)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name)


def _edges(flow: Flow, flows: dict[str, Flow], step: Step) -> list[tuple[str, str]]:
    edges: list[tuple[str, str]] = [(c.id, c.to) for c in step.buttons if c.to]
    if step.input_to:
        edges.append(("text", step.input_to))
    edges += [(f"={result}", target) for result, target in step.results.items()]
    if step.ask and step.next:
        edges.append(("yes/no", step.next))
    if step.then:
        edges.append(("", step.then))
    return edges


def _shape(step: Step) -> str:
    label = step.name
    if step.action:
        return f"{_safe(step.name)}{{{{{label}: {step.action}}}}}"
    if step.ask:
        return f"{_safe(step.name)}{{{label}?}}"
    return f'{_safe(step.name)}["{label}"]'


def render_mermaid(flow: Flow, flows: dict[str, Flow]) -> str:
    lines = [
        f"%% Generated from {flow.name}.yaml by `helpline flows diagrams`; do not edit by hand.",
        "flowchart TD",
        f"    start((start)) --> {_safe(flow.start)}",
    ]
    lines += [f"    {_shape(step)}" for step in flow.steps.values()]
    for step in flow.steps.values():
        for label, target in _edges(flow, flows, step):
            ref = resolve_target(flows, target, flow.name) if not target.startswith("@") else None
            arrow = f"-->|{label}|" if label else "-->"
            lines.append(f"    {_safe(step.name)} {arrow} {_node(flow, ref, target)}")
    return "\n".join(lines) + "\n"


def diagram_path(flow: Flow) -> Path:
    return flow.path.with_suffix(".mmd")


def write_diagrams(flows: dict[str, Flow]) -> list[Path]:
    written = []
    for flow in flows.values():
        path = diagram_path(flow)
        text = render_mermaid(flow, flows)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
