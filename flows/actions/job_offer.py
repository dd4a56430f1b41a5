"""Job-offer check: score yes/no answers, or scan a pasted job advert for warning signs.

Each question step in ``job_offer.yaml`` has a ``collect`` block: the answer that is a warning sign,
its weight (3 = alone enough for "high risk") and the explanation shown to the user. A pasted advert goes
through :mod:`flows.scan`, whose flags carry their own translated explanations.
"""

from __future__ import annotations

from flows.actions import ActionContext, ActionResult
from flows.scan import scan

HIGH_ALONE = 3  # one sign this heavy makes the risk high (e.g. a tourist visa, a scam-compound country)
HIGH_TOTAL = 4  # or several lighter signs together
SHOWN_FLAGS = 6  # the heaviest signs of a pasted advert shown in the chat (the count says how many in all)


def risk_level(weights: list[int]) -> str:
    if not weights:
        return "low"
    if max(weights) >= HIGH_ALONE or sum(weights) >= HIGH_TOTAL:
        return "high"
    return "medium"


def _flag_list(ctx: ActionContext, step_names: list[str]) -> str:
    lines = []
    for name in step_names:
        collect = ctx.flow.steps[name].collect
        if collect is not None:
            lines.append(f"• {ctx.text(collect.text)}")
    return "\n".join(lines)


def _weights(ctx: ActionContext, step_names: list[str]) -> list[int]:
    return [c.weight for n in step_names if (c := ctx.flow.steps[n].collect) is not None]


async def score_action(ctx: ActionContext) -> ActionResult:
    found = [n for n in ctx.data.get("collected", []) if n in ctx.flow.steps]
    level = risk_level(_weights(ctx, found))
    return ActionResult(
        level, {"flags": _flag_list(ctx, found), "count": str(len(found))}, outcome=f"risk:{level}"
    )


async def scan_action(ctx: ActionContext) -> ActionResult:
    """The pasted advert through :func:`flows.scan.scan` (the same code as `helpline scan`).

    Results keep the flow's contract (none / medium / high): a "low" scan still found a warning sign, so it
    gets the "some risk" answer; the outcome for the insights stays risk:low|medium|high.
    """
    found = scan(str(ctx.data.get("advert", "")))
    result = {"none": "none", "low": "medium"}.get(found.risk, found.risk)
    lines = [f"• {flag.explain(ctx.lang)}" for flag in found.flags[:SHOWN_FLAGS]]
    params = {"flags": "\n".join(lines), "count": str(len(found.flags))}
    level = "low" if found.risk == "none" else found.risk
    return ActionResult(result, params, outcome=f"risk:{level}")
