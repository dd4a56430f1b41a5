"""The emergency card for where the person is (flows/definitions/emergency.yaml).

``emergency_card`` picks the variant: a warm reply for self-harm, SAPA first for a child, the country's
card when we know where the person is, else the essentials (abroad and Indonesia) with, once per
conversation, "Where are you now?". ``emergency_where`` reads the answer (a country row or typed text such
as "sy di johor", understood by :func:`nlu.location.detect_location`), sets ``state.location`` and gives
that country's card.
"""

from __future__ import annotations

from collections.abc import Iterable

from flows import help_card
from flows.actions import ActionContext, ActionResult
from nlu.location import detect_location

ASKED_SLOT = "where_asked"  # conversation-wide: "Where are you now?" is asked at most once
SELF_HARM = "self_harm"
MINOR = "minor"


def reason_categories(reasons: Iterable[str]) -> set[str]:
    """ "lexicon:self_harm:bunuh diri" -> {"self_harm"}: the second part of each urgent reason."""
    found = set()
    for reason in reasons:
        parts = reason.split(":")
        if len(parts) >= 2:
            found.add(parts[1].strip().lower())
    return found


def _known(location: str | None) -> str | None:
    code, city = help_card.split_key(location)
    if code is None:
        return None
    return f"{code}:{city}" if city else code


async def card_action(ctx: ActionContext) -> ActionResult:
    state = ctx.state
    if _known(state.location) is None and ctx.turn.text:
        seen = detect_location(ctx.turn.text)  # the engine does this too; the runner must not depend on it
        if seen is not None and seen.here:
            state.location = seen.key
    where = _known(state.location)
    reasons = reason_categories(ctx.turn.nlu.urgent_reasons) if ctx.turn.nlu is not None else set()
    if SELF_HARM in reasons:
        lines = help_card.self_harm_lines(where, ctx.lang, minor=MINOR in reasons)
        return ActionResult(SELF_HARM, params={"card": "\n".join(lines)})
    if MINOR in reasons:
        return ActionResult(MINOR, params={"card": "\n".join(help_card.minor_lines(where, ctx.lang))})
    card = {"card": help_card.card_text(where, ctx.lang)}
    if where is not None:
        return ActionResult("known", params=card)
    if state.slots.get(ASKED_SLOT):
        return ActionResult("asked", params=card)
    state.slots[ASKED_SLOT] = True
    return ActionResult("unknown", params=card)


async def danger_signal_action(ctx: ActionContext) -> ActionResult:
    """Why the engine asks "are you in danger?": only crying emoji ("😭😭😭") get the gentler question."""
    reasons = ctx.turn.nlu.urgent_reasons if ctx.turn.nlu is not None else ()
    return ActionResult("emoji" if reasons == ("emoji:distress",) else "words")


async def where_action(ctx: ActionContext) -> ActionResult:
    picked = ctx.data.pop("where", None)
    typed = ctx.data.pop("where_text", None)
    key: str | None = None
    if picked:
        key = _known(str(picked))
    elif typed:
        seen = detect_location(str(typed))
        key = _known(seen.key) if seen is not None and not seen.going else None
    if key is None:
        return ActionResult("unknown")
    before = _known(ctx.state.location)
    if ":" not in key and before is not None and before.split(":")[0] == key:
        key = before  # "Malaysia" tapped, and we already knew the city: keep it
    ctx.state.location = key
    return ActionResult("known", params={"card": help_card.card_text(key, ctx.lang)})
