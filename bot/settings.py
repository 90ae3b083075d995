"""Settings read from the environment (contract in ../shared/ARCHITECTURE.md)."""

from __future__ import annotations

import ipaddress
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from typing import Callable, Literal

from pydantic import BaseModel, ValidationError, field_validator


# Where the workers of one host agree on cores (bot/affinity.py) unless CLINIC_BOT_CPU_LOCK_DIR says.
DEFAULT_CPU_LOCK_DIR = Path(tempfile.gettempdir()) / "clinic-bot-cpus"


class SettingsError(ValueError):
    """An environment variable holds a value the bot cannot run with; the message names it."""


# The environment variable behind each setting, to name it when its value is refused.
ENV_NAMES = {"retrieval": "CLINIC_BOT_RETRIEVAL", "trusted_proxies": "CLINIC_BOT_TRUSTED_PROXIES",
             "chat_rate_limit": "CLINIC_BOT_CHAT_RATE_LIMIT"}


class Settings(BaseModel):
    data_dir: Path = Path("./data")
    index_dir: Path | None = None  # default: <data_dir>/chroma
    database_url: str | None = None
    redis_url: str | None = None
    line_channel_secret: str | None = None
    line_channel_access_token: str | None = None
    line_api_base_url: str = "https://api.line.me"
    line_api_data_url: str = "https://api-data.line.me"  # rich menu images
    llm: str | None = None
    admin_token: str | None = None
    chat_rate_limit: int = 60  # /api/chat messages per minute, per session and per client address
    # Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks): the
    # reverse proxy. From anyone else those headers are ignored, so a client cannot pick its address.
    trusted_proxies: list[str] = ["127.0.0.1", "::1"]
    # "lexical": coverage questions are answered from the lexical index (a few ms, no model);
    # "hybrid": fused with e5 vectors in chromadb (~35 ms more a question; needs `clinic-bot index
    # build`). Measured trade-off: README, "Retrieval".
    retrieval: Literal["lexical", "hybrid"] = "lexical"
    # Load the pamphlet index in the background at start, /readyz 503 until done. On for a server
    # (from_env); off for an app built in a test, which would otherwise load the model every time.
    warm_up: bool = False
    # Hold each worker on a core of its own (bot/affinity.py): `clinic-bot serve` turns it on for
    # its workers (CLINIC_BOT_PIN_CPU=1 unless set); any other process that builds the app (a test,
    # an embedding) is left where the scheduler puts it.
    pin_cpu: bool = False
    # Where the workers of this host agree on cores (bot/affinity.py): one directory per host.
    cpu_lock_dir: Path = DEFAULT_CPU_LOCK_DIR

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        # uvicorn would take a misspelt address as a literal host name and silently trust nobody; it
        # also reads networks strictly (10.1.2.3/16 would be a host name), so they are normalised.
        normalised = []
        for entry in value:
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"CLINIC_BOT_TRUSTED_PROXIES: {entry!r} is not an IP address or network") from None
            normalised.append(str(network.network_address) if network.num_addresses == 1 else str(network))
        return normalised

    @property
    def pamphlet_index_dir(self) -> Path:
        """Where the chroma index lives; several data directories may share one (tests do)."""
        return self.index_dir or self.data_dir / "chroma"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        index_dir = get("CLINIC_BOT_INDEX_DIR")
        try:
            return cls._from_values(get, index_dir)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0]) if error["loc"] else ""
            name = ENV_NAMES.get(field, field)
            message = str(error["msg"]).removeprefix("Value error, ")
            raise SettingsError(message if message.startswith(name) else f"{name}: {message}") from None

    @classmethod
    def _from_values(cls, get: Callable[[str], str | None], index_dir: str | None) -> Settings:
        return cls(
            data_dir=Path(get("CLINIC_BOT_DATA_DIR") or "./data"),
            index_dir=Path(index_dir) if index_dir else None,
            database_url=get("CLINIC_BOT_DATABASE_URL"),
            redis_url=get("CLINIC_BOT_REDIS_URL"),
            line_channel_secret=get("LINE_CHANNEL_SECRET"),
            line_channel_access_token=get("LINE_CHANNEL_ACCESS_TOKEN"),
            line_api_base_url=get("LINE_API_BASE_URL") or "https://api.line.me",
            line_api_data_url=get("LINE_API_DATA_URL") or "https://api-data.line.me",
            llm=get("CLINIC_BOT_LLM"),
            admin_token=get("CLINIC_BOT_ADMIN_TOKEN"),
            chat_rate_limit=get("CLINIC_BOT_CHAT_RATE_LIMIT") or 60,  # type: ignore[arg-type]
            retrieval=(get("CLINIC_BOT_RETRIEVAL") or "lexical").lower(),  # type: ignore[arg-type]
            warm_up=(get("CLINIC_BOT_WARM_UP") or "1").lower() not in ("0", "false", "no", "off"),
            pin_cpu=(get("CLINIC_BOT_PIN_CPU") or "0").lower() in ("1", "true", "yes", "on"),
            cpu_lock_dir=Path(get("CLINIC_BOT_CPU_LOCK_DIR") or DEFAULT_CPU_LOCK_DIR),
            trusted_proxies=_list(get("CLINIC_BOT_TRUSTED_PROXIES")) if get("CLINIC_BOT_TRUSTED_PROXIES") is not None
            else ["127.0.0.1", "::1"],
        )


def _list(value: str | None) -> list[str]:
    """「10.0.0.5, 10.1.0.0/16」 → ['10.0.0.5', '10.1.0.0/16']; 「none」 trusts no proxy."""
    items = [v.strip() for v in (value or "").split(",") if v.strip()]
    return [] if items == ["none"] else items


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
