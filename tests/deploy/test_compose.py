"""No Docker engine runs here, so the production compose file is checked for structure and settings."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

import yaml

from bot.settings import Settings

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
KNOWN = {f"HELPLINE_{name.upper()}" for name in Settings.model_fields}


def test_services_and_profiles() -> None:
    services = COMPOSE["services"]
    assert {"app", "postgres", "redis", "rasa"} <= set(services)
    assert services["rasa"]["profiles"] == ["rasa"]
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    assert services["app"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["app"]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_data_lives_in_volumes() -> None:
    for name in ("postgres", "redis", "app"):
        assert COMPOSE["services"][name]["volumes"], name
    assert set(COMPOSE["volumes"]) >= {"pg-data", "redis-data", "app-data"}


def test_secrets_come_from_an_env_file_not_the_compose_file() -> None:
    app = COMPOSE["services"]["app"]
    assert app["env_file"] == "deploy/helpline.env"
    for key in app["environment"]:
        assert "SECRET" not in key and "TOKEN" not in key
    assert (REPO / "deploy" / "helpline.env.example").exists()


def test_every_setting_passed_exists() -> None:
    passed = set(COMPOSE["services"]["app"]["environment"])
    example = (REPO / "deploy" / "helpline.env.example").read_text(encoding="utf-8")
    passed |= set(re.findall(r"^#?\s*(HELPLINE_[A-Z_]+)=", example, flags=re.MULTILINE))
    unknown = {name for name in passed if name.startswith("HELPLINE_")} - KNOWN
    assert unknown == set()


def test_the_rasa_service_trains_on_this_projects_data() -> None:
    command = " ".join(COMPOSE["services"]["rasa"]["command"])
    assert "/app/nlu/data" in command and "rasa/config.yml" in command
    assert "./nlu:/app/nlu:ro" in COMPOSE["services"]["rasa"]["volumes"]


def test_forwarded_headers_are_trusted_from_the_networks_gateway_only() -> None:
    """The host's TLS proxy reaches the app through the published port, i.e. from the gateway."""
    trusted = COMPOSE["services"]["app"]["environment"]["HELPLINE_TRUSTED_PROXIES"]
    default = re.fullmatch(r"\$\{TRUSTED_PROXIES:-([^}]+)\}", trusted)
    assert default, trusted
    (network,) = COMPOSE["networks"]["default"]["ipam"]["config"]
    assert default.group(1) == network["gateway"]
    assert ipaddress.ip_address(network["gateway"]) in ipaddress.ip_network(network["subnet"])
    assert Settings(trusted_proxies=default.group(1)).trusted_proxy_list == [network["gateway"]]
    assert COMPOSE["services"]["app"]["environment"]["HELPLINE_ENVIRONMENT"] == "production"  # HSTS on
