"""Who may open the staff page: one shared admin token (CLINIC_BOT_ADMIN_TOKEN) exchanged at login
for a signed, expiring cookie that carries the name staff gave (for the audit log), and CSRF
tokens bound to that cookie. Secrets are compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

COOKIE = "clinic_staff"
LOGIN_COOKIE = "clinic_staff_login"  # the login form's own CSRF secret (double submit)
SESSION_SECONDS = 12 * 3600
MAX_NAME = 40


def same_secret(given: str, expected: str) -> bool:
    """Constant time whatever the lengths: both sides are hashed to one size first."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest())


def new_login_secret() -> str:
    return secrets.token_urlsafe(24)


class StaffAuth:
    def __init__(self, admin_token: str) -> None:
        self._token = admin_token
        # Cookies are signed with a key derived from the token: changing the token logs everyone out.
        self._key = hmac.new(admin_token.encode(), b"clinic-bot staff cookie v1", hashlib.sha256).digest()

    def token_matches(self, given: str) -> bool:
        return same_secret(given, self._token)

    def bearer_ok(self, authorization: str | None) -> bool:
        scheme, _, value = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and bool(value) and self.token_matches(value.strip())

    def _mac(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).hexdigest()

    def issue(self, who: str, now: float | None = None) -> str:
        expires = int((time.time() if now is None else now) + SESSION_SECONDS)
        payload = base64.urlsafe_b64encode(json.dumps({"who": who, "exp": expires}).encode()).decode().rstrip("=")
        return f"{payload}.{self._mac(payload)}"

    def who(self, cookie: str | None, now: float | None = None) -> str | None:
        """The staff name a valid, unexpired cookie carries; None otherwise."""
        if not cookie or "." not in cookie:
            return None
        payload, mac = cookie.rsplit(".", 1)
        if not same_secret(mac, self._mac(payload)):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("exp", 0) < (time.time() if now is None else now):
            return None
        who = data.get("who")
        return who if isinstance(who, str) and who else None

    def csrf_for(self, cookie: str) -> str:
        return self._mac("csrf:" + cookie)

    def csrf_ok(self, cookie: str | None, given: str | None) -> bool:
        return bool(cookie) and bool(given) and same_secret(given or "", self.csrf_for(cookie or ""))
