"""`helpline content review`: what programme staff must check before launch and keep checking.

Listed: every answer marked ``verify: true`` (medium- or low-confidence facts), every answer that shows
a help-line number, every help-line number itself (flows/content/contacts.yaml), every country number
(flows/content/countries.yaml: local emergency numbers, missions, labour hotlines, with the numbers no
longer shown), and answers whose ``reviewed`` date is older than the review period.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flows.check import placeholders
from flows.countries import Countries, review_entries
from flows.model import Contact, Flow


def _reviewed_before(reviewed: str, cutoff: date) -> bool:
    try:
        return date.fromisoformat(reviewed) < cutoff
    except ValueError:
        return True  # a missing or malformed date counts as never reviewed


def review_items(
    flows: dict[str, Flow],
    contacts: dict[str, Contact],
    *,
    today: date,
    stale_days: int = 180,
    countries: Countries | None = None,
) -> list[dict[str, Any]]:
    cutoff = today - timedelta(days=stale_days)
    items: list[dict[str, Any]] = []
    for key, contact in sorted(contacts.items()):
        if contact.verify:
            items.append(
                {
                    "where": f"flows/content/contacts.yaml:{key}",
                    "why": ["help-line contact", f"confidence {contact.confidence or '?'}"],
                    "reviewed": "",
                    "summary": f"{contact.label}: {contact.value}",
                    "sources": [contact.source] if contact.source else [],
                }
            )
    for where, what, number, shown in review_entries(countries) if countries is not None else ():
        why = ["country number", f"confidence {number.confidence or '?'}"]
        if number.status == "candidate":
            why.append("candidate: not confirmed, call it before launch")
        if not shown:
            why.append("previous number, not shown to users")
        summary = f"{what}: {number.value}"
        if number.note:
            summary += f" ({number.note})"
        items.append(
            {
                "where": f"flows/content/countries.yaml:{where}",
                "why": why,
                "reviewed": "",
                "summary": summary,
                "sources": [number.source] if number.source else [],
            }
        )
    for flow in flows.values():
        for step in flow.steps.values():
            if not (step.say or step.ask):
                continue
            why = []
            if step.verify:
                why.append("verify: medium/low-confidence fact")
            used = sorted({p for t in step.texts() for p in placeholders(t)} & set(contacts))
            if used:
                why.append("shows " + ", ".join(used))
            if "card" in step.params:
                why.append("shows the country help card (countries.yaml, contacts.yaml)")
            if not step.nav and _reviewed_before(step.reviewed, cutoff):
                why.append(f"not reviewed in {stale_days} days")
            if why:
                first_line = (step.say or step.ask or "").strip().splitlines()[0]
                items.append(
                    {
                        "where": f"flows/definitions/{flow.path.name}:{step.line} {step.key}",
                        "why": why,
                        "reviewed": step.reviewed,
                        "summary": first_line[:100],
                        "sources": list(step.sources),
                    }
                )
    return items
