"""Document check: what a destination and job need, then what the user still lacks and where to get it.

The legal list (UU 18/2017 art. 13) is the same for every destination; what changes is the advice around
it: free placement for the ten jobs of BP2MI Regulation 9/2020, government-to-government schemes, the
ban on domestic work for individual employers in the Middle East. All texts are in ``documents.yaml``.
"""

from __future__ import annotations

from flows.actions import ActionContext, ActionResult

# Jobs on the free-placement list of BP2MI Regulation 9/2020 (see FACTS.md "Fees").
FREE_PLACEMENT_JOBS = frozenset({"domestic", "plantation", "fishing"})
GOVERNMENT_SCHEME_DESTINATIONS = frozenset({"japan", "korea"})
MIDDLE_EAST = frozenset({"saudi"})


def destination_notes(destination: str, job: str) -> list[str]:
    """Keys of the flow's ``texts`` that apply to this destination and job, most important first."""
    notes = []
    if destination in MIDDLE_EAST and job == "domestic":
        notes.append("note_middle_east_domestic")
    if destination in GOVERNMENT_SCHEME_DESTINATIONS:
        notes.append("note_government_scheme")
    if destination == "other":
        notes.append("note_other_destination")
    notes.append("note_free_placement" if job in FREE_PLACEMENT_JOBS else "note_fees_other_jobs")
    return notes


async def needs_action(ctx: ActionContext) -> ActionResult:
    destination = str(ctx.data.get("destination", "other"))
    job = str(ctx.data.get("job", "other"))
    dest_key, job_key = f"destination_{destination}", f"job_{job}"
    params = {
        "destination": ctx.flow_text(dest_key)
        if dest_key in ctx.flow.texts
        else ctx.flow_text("destination_other"),
        "job": ctx.flow_text(job_key) if job_key in ctx.flow.texts else ctx.flow_text("job_other"),
        "notes": "\n\n".join(ctx.flow_text(k) for k in destination_notes(destination, job)),
    }
    return ActionResult("ok", params)


async def gaps_action(ctx: ActionContext) -> ActionResult:
    missing = [n for n in ctx.data.get("collected", []) if n in ctx.flow.steps]
    lines = [f"• {ctx.text(c.text)}" for n in missing if (c := ctx.flow.steps[n].collect) is not None]
    if not lines:
        return ActionResult("complete", outcome="documents:complete")
    return ActionResult(
        "missing",
        {"missing": "\n".join(lines), "count": str(len(lines))},
        outcome="documents:missing",
    )
