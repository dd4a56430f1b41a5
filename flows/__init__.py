"""Conversation flows as data (``flows/definitions/*.yaml``), the interpreter that runs them and the
actions they call. The engine uses :func:`build_runner` once at start-up."""

from __future__ import annotations

from flows.model import DEFINITIONS_DIR, load_contacts, load_flows
from nlu.types import MIN_CONFIDENCE

DEFAULT_RETENTION_DAYS = 90


class FlowDefinitionError(RuntimeError):
    """The flow files are broken (a link to a missing step, an unknown action...); start-up stops."""


def build_runner(*, retention_days: int = DEFAULT_RETENTION_DAYS, min_confidence: float = MIN_CONFIDENCE):  # type: ignore[no-untyped-def]
    """Load and validate every flow once and return a :class:`flows.contract.FlowRunner`."""
    from flows.actions import registry
    from flows.check import structural_problems
    from flows.countries import country_problems, default_countries
    from flows.render import Renderer
    from flows.runtime import FlowEngine

    flows = load_flows(DEFINITIONS_DIR)
    contacts = load_contacts()
    problems = structural_problems(flows, contacts) + country_problems(default_countries())
    if problems:
        raise FlowDefinitionError("broken flows:\n" + "\n".join(problems))
    renderer = Renderer(contacts, {"retention_days": retention_days})
    return FlowEngine(flows, renderer, registry(), min_confidence=min_confidence)
