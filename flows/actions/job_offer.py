"""Job-offer check: score yes/no answers, or scan a pasted job advert for the same warning signs.

Each question step in ``job_offer.yaml`` has a ``collect`` block: the answer that is a warning sign,
its weight (3 = alone enough for "high risk") and the explanation shown to the user. The advert scan
looks for words that point to the same signs, so the explanations are shared and translated once.
"""

from __future__ import annotations

import re

from flows.actions import ActionContext, ActionResult

HIGH_ALONE = 3  # one sign this heavy makes the risk high (e.g. a tourist visa, a scam-compound country)
HIGH_TOTAL = 4  # or several lighter signs together

# Question step -> words in an advert (Indonesian and English) that point to that sign. Deliberately
# specific: a false alarm on every advert that mentions "biaya" (cost) would teach people to ignore us.
ADVERT_PATTERNS: dict[str, tuple[str, ...]] = {
    "q_visa": (
        r"visa\s+(?:turis|turist|wisata|kunjungan|umro?h|ziarah|holiday|tourist|visit)",
        r"(?:tourist|visit|umrah|umroh)\s+visa",
        r"pakai\s+visa\s+(?:umro?h|kunjungan|turis)",
    ),
    "q_fee": (
        r"biaya\s+(?:pendaftaran|administrasi|proses|pemberangkatan|medical|pelatihan|training)",
        r"(?:bayar|setor|transfer)\s+(?:dulu|di ?muka|uang|biaya|dp)",
        r"uang\s+(?:jaminan|muka|pendaftaran)",
        r"potong\s+gaji",
        r"(?:registration|processing|placement|training)\s+fee",
    ),
    "q_secret": (
        r"rahasia",
        r"jangan\s+(?:bilang|kasih\s+tahu|cerita|beri\s+tahu)",
        r"keep\s+(?:it\s+)?(?:secret|confidential)",
        r"(?:don't|do not)\s+tell",
    ),
    "q_salary": (
        r"gaji\s+(?:besar|tinggi|fantastis|menggiurkan|puluhan\s+juta)",
        r"tanpa\s+(?:pengalaman|keahlian|skill|ijazah)",
        r"tidak\s+perlu\s+(?:pengalaman|keahlian|skill)",
        r"(?:high|huge|big)\s+salary",
        r"no\s+(?:experience|skills?)\s+(?:needed|required)",
    ),
    "q_contract": (
        r"tanpa\s+kontrak",
        r"kontrak\s+(?:menyusul|nanti|di\s+sana)",
        r"no\s+contract",
    ),
    "q_scam_country": (
        r"kamboja|cambodia|myanmar|phnom\s*penh|sihanouk",
        r"(?:admin|operator|cs|customer\s+service)\s+online",
        r"(?:crypto|kripto)\s+(?:trading|investasi)",
    ),
    "q_sponsor": (r"\bcalo\b", r"\bsponsor\b", r"perorangan", r"tanpa\s+(?:pt|perusahaan|agen)"),
    "q_route": (
        r"batam",
        r"johor",
        r"entikong|\baruk\b|nanga\s+badau|jagoi\s+babang",
        r"jalur\s+(?:belakang|darat|tikus|cepat)",
        r"lewat\s+(?:darat|hutan|perbatasan)",
    ),
    "q_age": (
        r"(?:umur|usia)\s+(?:bisa\s+)?(?:di\s*)?(?:tua|tambah|ubah|atur)",
        r"(?:umur|usia)\s+(?:1[0-7])\b",
        r"(?:age|aged)\s+(?:from\s+)?1[0-7]\b",
        r"(?:ktp|dokumen|data)\s+(?:bisa\s+)?(?:di\s*)?(?:urus|buat|atur)\s+(?:kan|sponsor|kami)",
    ),
    "q_documents_kept": (
        r"paspor\s+(?:di\s*)?(?:tahan|simpan|pegang)",
        r"passport\s+(?:will\s+be\s+)?(?:kept|held)",
        r"(?:hutang|utang)\s+(?:dipotong|dibayar)",
    ),
    "q_online": (
        r"foto\s+(?:seluruh|full)\s+(?:badan|body)",
        r"full[-\s]?body\s+(?:photo|picture)",
        r"(?:wa|whatsapp|dm|inbox)\s+(?:saja|aja|only)",
    ),
    "q_middle_east": (
        r"(?:arab\s+saudi|saudi|dubai|uni\s+emirat|uae|qatar|kuwait|oman|bahrain|timur\s+tengah|middle\s+east)"
        r"[\s\S]{0,120}(?:\bart\b|\bprt\b|asisten\s+rumah\s+tangga|pembantu|housemaid|domestic|maid)",
        r"(?:\bart\b|\bprt\b|asisten\s+rumah\s+tangga|pembantu|housemaid|domestic|maid)"
        r"[\s\S]{0,120}(?:arab\s+saudi|saudi|dubai|uni\s+emirat|uae|qatar|kuwait|oman|bahrain|timur\s+tengah)",
    ),
}
_COMPILED = {
    step: [re.compile(p, re.IGNORECASE) for p in patterns] for step, patterns in ADVERT_PATTERNS.items()
}


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


def scan_advert(text: str) -> list[str]:
    """The question steps whose warning sign appears in ``text``, in question order."""
    return [step for step, patterns in _COMPILED.items() if any(p.search(text) for p in patterns)]


async def scan_action(ctx: ActionContext) -> ActionResult:
    found = [n for n in scan_advert(str(ctx.data.get("advert", ""))) if n in ctx.flow.steps]
    level = risk_level(_weights(ctx, found))
    result = "none" if level == "low" else level
    params = {"flags": _flag_list(ctx, found), "count": str(len(found))}
    return ActionResult(result, params, outcome=f"risk:{level}")
