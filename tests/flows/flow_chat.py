"""A conversation driven straight through FlowRunner.run/start, keeping the state as the engine does."""

from __future__ import annotations

from bot.messages import EMERGENCY_BUTTON_ID, OutboundMessage
from flows.contract import AgencyDirectory, FlowState, Turn, TurnResult
from flows.render import limit_problems
from flows.runtime import FlowEngine
from nlu.types import NluResult, Urgency


def nlu(text: str, intent: str, confidence: float = 0.9, lang: str = "id", **kw: object) -> NluResult:
    return NluResult(text=text, intent=intent, confidence=confidence, urgency=Urgency.NONE, lang=lang, **kw)  # type: ignore[arg-type]


class FlowChat:
    def __init__(self, runner: FlowEngine, agencies: AgencyDirectory, language: str = "id") -> None:
        self.runner = runner
        self.agencies = agencies
        self.state = FlowState(language=language, is_new=True)
        self.last: TurnResult | None = None

    def _keep(self, result: TurnResult) -> TurnResult:
        for reply in result.replies:
            assert not limit_problems(reply), (reply.text[:80], limit_problems(reply))
            if reply.buttons:
                assert reply.buttons[-1].id == EMERGENCY_BUTTON_ID, [b.id for b in reply.buttons]
        self.state = result.state
        self.state.is_new = False
        self.last = result
        return result

    async def text(
        self, text: str, intent: str = "out_of_scope", confidence: float = 0.9, **kw: object
    ) -> TurnResult:
        turn = Turn("webchat", text=text, nlu=nlu(text, intent, confidence, **kw))
        return self._keep(await self.runner.run(turn, self.state, self.agencies))

    async def raw_text(self, text: str) -> TurnResult:
        return self._keep(await self.runner.run(Turn("webchat", text=text), self.state, self.agencies))

    async def press(self, button_id: str) -> TurnResult:
        turn = Turn("webchat", button_id=button_id)
        return self._keep(await self.runner.run(turn, self.state, self.agencies))

    async def command(self, name: str, args: str = "") -> TurnResult:
        turn = Turn("webchat", command=name, command_args=args)
        return self._keep(await self.runner.run(turn, self.state, self.agencies))

    async def start(self, flow: str, turn: Turn | None = None) -> TurnResult:
        turn = turn or Turn("webchat", text="")
        return self._keep(await self.runner.start(flow, turn, self.state, self.agencies))

    async def consent(self) -> TurnResult:
        await self.command("start")
        return await self.press("welcome.privacy.agree")

    @property
    def replies(self) -> list[OutboundMessage]:
        assert self.last is not None
        return self.last.replies

    @property
    def said(self) -> str:
        return "\n".join(r.text for r in self.replies)

    @property
    def button_ids(self) -> list[str]:
        return [b.id for r in self.replies for b in r.buttons]
