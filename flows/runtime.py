"""The flow interpreter: one turn in, replies and requests for the engine out (see flows/contract.py).

Order of precedence for a turn: a command (/start, /lang, /hapus, /menu), then a button press, then
free text (an answer the current step waits for, a button title typed out, else the NLU intent).
Consent comes first: until the user agrees to the privacy notice, only the welcome, language, delete,
emergency and person flows run; the question that was asked is answered right after consent.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from bot.messages import EMERGENCY_BUTTON_ID, Button, OutboundMessage
from flows.actions import INPUT_CHECKS, Action, ActionContext
from flows.contract import AgencyDirectory, FlowState, HandoffRequest, Turn, TurnResult
from flows.model import RESUME_TARGET as RESUME
from flows.model import YES_NO, Flow, Step, resolve_target
from flows.render import MENU_BUTTON_ID, Renderer
from flows.routing import (
    AGENCY_NAME,
    INTENT_FLOWS,
    MAX_HOPS,
    MENU_WORDS,
    NO_CONSENT_NEEDED,
    NOT_WORTH_RESUMING,
    typed_button,
)
from locales import normalize_language
from nlu.types import MIN_CONFIDENCE


@dataclass(slots=True)
class _Turn:
    turn: Turn
    state: FlowState
    agencies: AgencyDirectory
    replies: list[OutboundMessage] = field(default_factory=list)
    theme: str | None = None
    outcome: str | None = None
    handoff: HandoffRequest | None = None
    erase: bool = False
    consent: bool = False

    def result(self) -> TurnResult:
        return TurnResult(
            replies=self.replies,
            state=self.state,
            theme=self.theme,
            outcome=self.outcome,
            handoff=self.handoff,
            erase_confirmed=self.erase,
            consent_given=self.consent,
        )


class FlowEngine:
    """Implements :class:`flows.contract.FlowRunner` over the YAML flows."""

    def __init__(
        self,
        flows: dict[str, Flow],
        renderer: Renderer,
        actions: dict[str, Action],
        *,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> None:
        self.flows = flows
        self.renderer = renderer
        self.actions = actions
        self.min_confidence = min_confidence

    # -- the contract -------------------------------------------------------------------------------
    async def start(self, flow: str, turn: Turn, state: FlowState, agencies: AgencyDirectory) -> TurnResult:
        t = _Turn(turn, _copy_state(state), agencies)
        if flow == "danger_check" and turn.nlu is not None and turn.nlu.confidence >= self.min_confidence:
            t.state.slots["pending"] = INTENT_FLOWS.get(turn.nlu.intent)
        await self._goto(t, flow)
        return t.result()

    async def run(self, turn: Turn, state: FlowState, agencies: AgencyDirectory) -> TurnResult:
        t = _Turn(turn, _copy_state(state), agencies)
        t.state.language = normalize_language(t.state.language)
        if state.is_new and turn.nlu is not None and turn.nlu.lang == "en":
            t.state.language = "en"  # a first message in English: answer in English (the user can switch)
        if turn.command:
            await self._command(t)
        elif turn.button_id:
            await self._button(t, turn.button_id)
        elif turn.text.strip():
            await self._text(t)
        else:
            await self._goto(t, "menu")
        return t.result()

    def expects(self, state: FlowState, text: str) -> bool:
        """Whether typed ``text`` answers the step this conversation waits on: input the step accepts
        (e.g. a place for the emergency card's "Where are you now?"), a button title or a yes/no typed out.

        While a ticket waits the engine serves the flow the person is in only for such answers; any other
        text there would fall through to the NLU and get an ordinary answer."""
        step = self._current(state)
        text = text.strip()
        if step is None or not text:
            return False
        if step.input_slot and step.input_to and _accepts(step, text):
            return True
        return typed_button(step, text, normalize_language(state.language), self.renderer) is not None

    # -- inputs -------------------------------------------------------------------------------------
    async def _command(self, t: _Turn) -> None:
        command, args = t.turn.command, t.turn.command_args.strip().lower()
        if command == "start":
            wanted = INTENT_FLOWS.get(args, args if args in self.flows else None)
            wanted = wanted if wanted not in ("welcome", "emergency") else None
            if _consented(t.state):
                await self._goto(t, wanted or "welcome.hello")
                return
            if wanted:  # a deep link (/start agency_check) opens its topic right after consent
                t.state.slots["pending"] = wanted
            await self._goto(t, "welcome")
        elif command == "lang":
            lang = normalize_language(args) if args else ("en" if t.state.language == "id" else "id")
            t.state.language = lang
            await self._goto(t, "language.changed")
        elif command == "hapus":
            await self._goto(t, "delete_data")
        else:  # "menu", "help"
            await self._goto(t, "menu")

    async def _button(self, t: _Turn, pressed: str) -> None:
        t.state.misunderstood_in_a_row = 0
        dynamic = t.state.slots.get("dynamic", {}).get(pressed)
        if pressed == EMERGENCY_BUTTON_ID:
            await self._goto(t, "emergency")
        elif pressed == MENU_BUTTON_ID or (
            pressed not in self.flows and dynamic is None and "." not in pressed
        ):
            await self._goto(t, "menu")
        elif pressed in self.flows:
            await self._goto(t, pressed)
        elif dynamic is not None:
            self._data(t).update(dynamic["set"])
            await self._goto(t, dynamic["to"])
        else:
            await self._choose(t, pressed)

    async def _choose(self, t: _Turn, pressed: str) -> None:
        flow_name, _, rest = pressed.partition(".")
        step_name, _, choice_id = rest.rpartition(".")
        step = self.flows.get(flow_name, None) and self.flows[flow_name].steps.get(step_name)
        if step is None:
            await self._goto(t, "menu")
            return
        if t.state.flow != flow_name:  # a button from an older message: re-enter that flow cleanly
            t.state.flow, t.state.slots["data"] = flow_name, {}
        if step.ask and choice_id in YES_NO:
            data = self._data(t)
            data.setdefault("answers", {})[step.name] = choice_id
            collected = [s for s in data.get("collected", []) if s != step.name]
            if step.collect and choice_id == step.collect.on:
                collected.append(step.name)
            data["collected"] = collected
            await self._goto(t, step.next or "menu", step)
            return
        choice = next((c for c in step.buttons if c.id == choice_id), None)
        if choice is None:
            await self._goto(t, "menu")
            return
        self._data(t).update(choice.set)
        await self._goto(t, choice.to or "menu", step)

    async def _text(self, t: _Turn) -> None:
        step = self._current(t.state)
        text = t.turn.text.strip()
        if text.lower().strip(" .!") in MENU_WORDS:  # even while a step waits for a company name or an advert
            t.state.misunderstood_in_a_row = 0
            await self._goto(t, "menu")
            return
        if step is not None and step.input_slot and step.input_to and _accepts(step, text):
            self._data(t)[step.input_slot] = text
            t.state.misunderstood_in_a_row = 0
            await self._goto(t, step.input_to, step)
            return
        typed = typed_button(step, text, t.state.language, self.renderer) if step else None
        if typed:
            await self._button(t, typed)
            return
        nlu = t.turn.nlu
        if nlu is not None and nlu.intent != "out_of_scope" and nlu.confidence >= self.min_confidence:
            t.state.misunderstood_in_a_row = 0
            wanted = INTENT_FLOWS.get(nlu.intent, "menu")
            name = AGENCY_NAME.search(text) if wanted == "agency_check" else None
            if name:
                t.state.flow, t.state.slots["data"] = "agency_check", {"agency_name": name.group(0)}
                await self._goto(t, "agency_check.lookup")
            else:
                await self._goto(t, wanted)
            return
        await self._misunderstood(t)

    async def _misunderstood(self, t: _Turn) -> None:
        t.state.misunderstood_in_a_row += 1
        nlu = t.turn.nlu
        if t.state.misunderstood_in_a_row >= 2:
            await self._goto(t, "clarify.twice")
        elif nlu is not None and nlu.intent == "out_of_scope" and nlu.confidence >= self.min_confidence:
            await self._goto(t, "out_of_scope")
        else:
            await self._goto(t, "clarify.once", extra=self._suggestions(t))
        t.theme = "out_of_scope"

    def _suggestions(self, t: _Turn) -> list[Button]:
        """The NLU's next-best guesses as buttons ("Did you mean…?")."""
        nlu = t.turn.nlu
        skip = {"out_of_scope", "greet", "goodbye", "emergency", "human_agent"}
        picks = [i for i, p in (nlu.ranking if nlu else ()) if i not in skip and p >= 0.1][:2]
        flows = [self.flows[INTENT_FLOWS[i]] for i in picks if INTENT_FLOWS.get(i) in self.flows]
        lang = t.state.language
        return [Button(f.name, self.renderer.text(lang, f.title)) for f in flows if f.title]

    # -- moving through steps -------------------------------------------------------------------------
    def _resolve(self, target: str, here: Step | None, t: _Turn) -> Step:
        resumed = target == RESUME
        if resumed:
            target = t.state.slots.pop("pending", None) or "menu"
        found = resolve_target(self.flows, target, here.flow if here else None)
        if found is None:  # `flows check` rules this out; a stale state must still not crash a turn
            found = ("menu", self.flows["menu"].start)
        if resumed:  # carry what the user already told us (e.g. the company name) into that flow
            t.state.flow, t.state.slots["data"] = found[0], t.state.slots.pop("pending_data", {})
        return self.flows[found[0]].steps[found[1]]

    async def _goto(
        self, t: _Turn, target: str, here: Step | None = None, extra: list[Button] | None = None
    ) -> None:
        params: dict[str, str] = {}
        extra_buttons = list(extra or [])
        for _ in range(MAX_HOPS):
            step = self._resolve(target, here, t)
            if step.flow not in NO_CONSENT_NEEDED and not _consented(t.state):
                # Remember the question to answer after consent (not a "did not understand").
                if not t.state.slots.get("pending") and step.flow not in NOT_WORTH_RESUMING:
                    t.state.slots["pending"] = step.key
                    same_flow = t.state.flow == step.flow
                    t.state.slots["pending_data"] = t.state.slots.get("data", {}) if same_flow else {}
                step = self.flows["welcome"].steps[self.flows["welcome"].start]
            self._enter(t, step)
            if step.action:
                result = await self._act(t, step)
                params, target, here = result.params, step.results[result.result], step
                t.outcome = result.outcome or t.outcome
                extra_buttons = self._remember_buttons(t, result.buttons, step)
                continue
            offered = bool(extra_buttons)  # an action's own buttons (e.g. similar names): wait for them
            if step.say or step.ask:
                ends = not step.waits and not step.then and not offered
                t.replies.append(
                    self.renderer.message(step, t.state.language, params, extra_buttons, ends_flow=ends)
                )
                params, extra_buttons = {}, []
                t.theme = step.theme or self.flows[step.flow].theme or t.theme
            if step.effects.consent and t.state.slots.get("pending"):
                target, here = RESUME, step
                continue
            if step.then:
                target, here = step.then, step
                continue
            if not step.waits and not offered:
                t.state.flow = t.state.step = None
            return
        raise RuntimeError(f"flow loop at {target}")

    def _enter(self, t: _Turn, step: Step) -> None:
        if t.state.flow != step.flow:
            t.state.slots["data"] = {}
            t.state.slots.pop("dynamic", None)
        t.state.flow, t.state.step = step.flow, step.name
        fx = step.effects
        if fx.language == "toggle":
            t.state.language = "en" if t.state.language == "id" else "id"
        elif fx.language:
            t.state.language = fx.language
        if fx.consent and not _consented(t.state):
            t.state.slots["consent"] = True
            t.consent = True
        if fx.handoff:
            t.handoff = HandoffRequest(urgent=fx.handoff[0], reason=fx.handoff[1])
        if fx.erase:
            t.erase = True
        if fx.outcome:
            t.outcome = fx.outcome

    async def _act(self, t: _Turn, step: Step) -> Any:
        assert step.action is not None
        lang = t.state.language
        ctx = ActionContext(
            flow=self.flows[step.flow],
            step=step,
            lang=lang,
            data=self._data(t),
            turn=t.turn,
            agencies=t.agencies,
            text=lambda msgid: self.renderer.text(lang, msgid),
            state=t.state,
        )
        return await self.actions[step.action](ctx)

    def _remember_buttons(
        self, t: _Turn, made: list[tuple[Button, str, dict[str, str]]], step: Step
    ) -> list[Button]:
        dynamic = {b.id: {"to": to if "." in to else f"{step.flow}.{to}", "set": s} for b, to, s in made}
        t.state.slots["dynamic"] = dynamic
        return [b for b, _, _ in made]

    def _current(self, state: FlowState) -> Step | None:
        flow = self.flows.get(state.flow or "")
        return flow.steps.get(state.step or "") if flow else None

    @staticmethod
    def _data(t: _Turn) -> dict[str, Any]:
        return t.state.slots.setdefault("data", {})


def _accepts(step: Step, text: str) -> bool:
    check = INPUT_CHECKS.get(step.input_accept) if step.input_accept else None
    return check is None or check(text)


def _consented(state: FlowState) -> bool:
    return bool(state.slots.get("consent"))


def _copy_state(state: FlowState) -> FlowState:
    return FlowState(
        language=state.language,
        flow=state.flow,
        step=state.step,
        slots=copy.deepcopy(state.slots),
        misunderstood_in_a_row=state.misunderstood_in_a_row,
        is_new=state.is_new,
        location=state.location,
    )
