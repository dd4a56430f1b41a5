"""Print the settings as a Markdown table for the README: `python scripts/settings_table.py`."""

from bot.settings import Settings

print("| variable | default | what it does |")
print("|---|---|---|")
for name, field in Settings.model_fields.items():
    default = field.default
    default = default.get_secret_value() if hasattr(default, "get_secret_value") else default
    shown = f"`{default}`" if default not in ("", None) else "(empty)"
    print(f"| `HELPLINE_{name.upper()}` | {shown} | {field.description} |")
