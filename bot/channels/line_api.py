"""The LINE Messaging API clients, built from settings, so that every call honours
LINE_API_BASE_URL and LINE_API_DATA_URL (tests point both at a loopback stand-in)."""

from __future__ import annotations

from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, MessagingApiBlob

from bot.settings import Settings

# LINE waits for nobody: a call that has not answered in this time counts as a timeout and is retried.
TIMEOUT_SECONDS = 10.0


class LineNotConfigured(RuntimeError):
    """LINE_CHANNEL_SECRET / LINE_CHANNEL_ACCESS_TOKEN are not set."""


def configuration(settings: Settings, *, data: bool = False) -> Configuration:
    if not settings.line_channel_access_token:
        raise LineNotConfigured("LINE_CHANNEL_ACCESS_TOKEN is not set")
    host = settings.line_api_data_url if data else settings.line_api_base_url
    config = Configuration(host=host.rstrip("/"), access_token=settings.line_channel_access_token)
    # urllib3's own retries would resend a push without our bookkeeping; the sender retries itself.
    config.retries = False
    return config


def messaging_api(settings: Settings) -> MessagingApi:
    """Reply, push, loading animation, rich menus (api.line.me)."""
    return MessagingApi(ApiClient(configuration(settings)))


def blob_api(settings: Settings) -> MessagingApiBlob:
    """Rich menu images and message content (api-data.line.me)."""
    return MessagingApiBlob(ApiClient(configuration(settings, data=True)))
