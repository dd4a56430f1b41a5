"""Turning a step into an :class:`OutboundMessage` in the user's language.

Every text is an English msgid translated through ``locales``; placeholders are filled from the help-line
contacts (``flows/content/contacts.yaml``) and from what an action found. Every message that offers
buttons also offers the emergency button, so a user in danger is always one tap from help.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.messages import EMERGENCY_BUTTON_ID, Button, OutboundMessage
from flows.model import YES_NO, Contact, Step
from locales import N_, format_number, translate

EMERGENCY_TITLE = N_("Emergency / Darurat")
MENU_TITLE = N_("Main menu")
PERSON_TITLE = N_("Talk to a person")
ANSWER_TITLES = {"yes": N_("Yes"), "no": N_("No")}
MENU_BUTTON_ID = "menu"
PERSON_BUTTON_ID = "human_agent"

# Platform limits (Telegram and WhatsApp text 4096; WhatsApp reply buttons: 3, titles 20 chars; list
# rows: 10, titles 24 chars). `helpline flows check` and the tests hold every message to them.
MAX_TEXT = 4096
MAX_REPLY_BUTTONS = 3
MAX_REPLY_TITLE = 20
MAX_LIST_ROWS = 10
MAX_LIST_TITLE = 24


def button_id(step: Step, choice_id: str) -> str:
    return f"{step.flow}.{step.name}.{choice_id}"


class Renderer:
    def __init__(self, contacts: Mapping[str, Contact], base_params: Mapping[str, object]) -> None:
        self._params: dict[str, object] = {k: c.value for k, c in contacts.items()}
        self._params.update(base_params)

    def text(self, lang: str, msgid: str, params: Mapping[str, object] | None = None) -> str:
        values = dict(self._params)
        if "retention_days" in values:
            values["retention_days"] = format_number(int(str(values["retention_days"])), lang)
        if params:
            values.update(params)
        return translate(lang, msgid, **values).strip()

    def step_buttons(self, step: Step, lang: str) -> list[Button]:
        if step.ask:
            return [Button(button_id(step, a), self.text(lang, ANSWER_TITLES[a])) for a in YES_NO]
        return [
            Button(button_id(step, c.id), self.text(lang, c.title))
            for c in step.buttons
            if c.language in (None, lang)
        ]

    def footer_buttons(self, lang: str) -> list[Button]:
        return [
            Button(MENU_BUTTON_ID, self.text(lang, MENU_TITLE)),
            Button(PERSON_BUTTON_ID, self.text(lang, PERSON_TITLE)),
        ]

    def message(
        self,
        step: Step,
        lang: str,
        params: Mapping[str, object],
        extra_buttons: Iterable[Button] = (),
        *,
        ends_flow: bool,
    ) -> OutboundMessage:
        params = {**{k: format_number(v, lang) for k, v in step.numbers.items()}, **params}
        body = self.text(lang, step.say or step.ask or "", params)
        if step.say and step.ask:
            body = f"{body}\n\n{self.text(lang, step.ask, params)}"
        buttons = [*extra_buttons, *self.step_buttons(step, lang)]
        if ends_flow and step.footer and not buttons:
            buttons = self.footer_buttons(lang)
        return OutboundMessage(body, with_emergency(buttons, lang, self))

    def plain(
        self, lang: str, msgid: str, buttons: Iterable[Button] = (), **params: object
    ) -> OutboundMessage:
        return OutboundMessage(self.text(lang, msgid, params), with_emergency(list(buttons), lang, self))


def with_emergency(buttons: list[Button], lang: str, renderer: Renderer) -> tuple[Button, ...]:
    if not buttons or any(b.id == EMERGENCY_BUTTON_ID for b in buttons):
        return tuple(buttons)
    return (*buttons, Button(EMERGENCY_BUTTON_ID, renderer.text(lang, EMERGENCY_TITLE)))


def limit_problems(message: OutboundMessage) -> list[str]:
    """What in this message breaks a Telegram or WhatsApp limit (empty when it fits)."""
    problems = []
    if len(message.text) > MAX_TEXT:
        problems.append(f"text is {len(message.text)} characters (max {MAX_TEXT})")
    if not message.text.strip():
        problems.append("text is empty")
    count = len(message.buttons)
    if count > MAX_LIST_ROWS:
        problems.append(f"{count} buttons (max {MAX_LIST_ROWS} list rows)")
    title_max = MAX_REPLY_TITLE if count <= MAX_REPLY_BUTTONS else MAX_LIST_TITLE
    for b in message.buttons:
        if len(b.title) > title_max:
            problems.append(f"button {b.title!r} is {len(b.title)} characters (max {title_max})")
    ids = [b.id for b in message.buttons]
    if len(set(ids)) != len(ids):
        problems.append("duplicate button ids")
    return problems
