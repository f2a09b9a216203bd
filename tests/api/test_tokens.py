"""Personal API tokens: made only after a second factor and re-authentication, shown once,
kept hashed, refused (401) when expired, revoked or the user is inactive."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from talkingcure.api.models import ApiToken
from talkingcure.api.tokens import MAX_DAYS, create_token
from talkingcure.audit.models import AuditEntry

from .conftest import Api

pytestmark = pytest.mark.django_db

PAGE = "/accounts/api-tokens/"
NEW = "/accounts/api-tokens/new/"


def _secret_on(page: str) -> str:
    found = re.search(r'id="token-secret" type="text" readonly value="(tc_[^"]+)"', page)
    assert found, "the new token is shown on the page"
    return found.group(1)


def test_creating_needs_a_second_factor_and_sudo(
    personas: Any, client: Any, signed_in: Any
) -> None:
    client.force_login(personas["owner"])  # password only: no second factor yet
    response = client.post(NEW, {"name": "script", "days": 30})
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]

    browser = signed_in(personas["owner"])  # second factor, no sudo
    response = browser.post(NEW, {"name": "script", "days": 30})
    assert response.status_code == 302 and "/accounts/confirm/" in response["Location"]
    assert "Confirm it's you" in browser.get(PAGE).content.decode()
    assert not ApiToken.objects.exists()


def test_created_token_is_shown_once_stored_hashed_and_works(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"], sudo=True)
    response = browser.post(NEW, {"name": "export script", "days": 30})
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    secret = _secret_on(response.content.decode())

    token = ApiToken.objects.get()
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < 12
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        assert secret not in " ".join(map(str, cursor.fetchone()))
    later = (token.expires_at - timezone.now()).days
    assert 29 <= later <= 30
    assert AuditEntry.objects.filter(action="api_token_created").count() == 1

    listing = browser.get(PAGE).content.decode()
    assert "export script" in listing and token.prefix in listing and secret not in listing

    assert Api(secret).get("/sessions", client=personas["client"].public_id).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("days", [0, MAX_DAYS + 1])
def test_expiry_is_one_to_ninety_days(personas: Any, signed_in: Any, days: int) -> None:
    browser = signed_in(personas["owner"], sudo=True)
    response = browser.post(NEW, {"name": "too long", "days": days})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    with pytest.raises(ValueError):
        create_token(personas["owner"], name="x", days=days)


def test_expired_token_is_refused_and_audited(personas: Any) -> None:
    token, secret = create_token(personas["owner"], name="old", days=1)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = Api(secret).get("/sessions", client=personas["client"].public_id)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert "token" in response.json()["detail"]
    assert AuditEntry.objects.filter(
        action="api_token_refused", object_id=str(token.public_id)
    ).exists()


def test_revoked_token_is_refused(personas: Any, signed_in: Any) -> None:
    token, secret = create_token(personas["owner"], name="to revoke", days=30)
    api = Api(secret)
    assert api.get("/sessions", client=personas["client"].public_id).status_code == 200

    browser = signed_in(personas["owner"])  # revoking needs no re-authentication
    response = browser.post(f"{PAGE}{token.public_id}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/sessions", client=personas["client"].public_id).status_code == 401
    assert AuditEntry.objects.filter(action="api_token_revoked").count() == 1


def test_nobody_revokes_another_users_token(personas: Any, signed_in: Any) -> None:
    token, _secret = create_token(personas["owner"], name="mine", days=30)
    browser = signed_in(personas["colleague"])
    assert browser.post(f"{PAGE}{token.public_id}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_inactive_user_and_unknown_or_missing_tokens_get_401(personas: Any) -> None:
    _token, secret = create_token(personas["owner"], name="x", days=30)
    personas["owner"].is_active = False
    personas["owner"].save()
    client_id = personas["client"].public_id
    for api in (Api(secret), Api("tc_not-a-real-token"), Api(None), Api("Basic abc")):
        assert api.get("/sessions", client=client_id).status_code == 401


def test_a_session_cookie_is_not_a_token(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"], sudo=True)
    response = browser.get("/api/v1/sessions", {"client": personas["client"].public_id})
    assert response.status_code == 401


def test_the_page_header_links_the_token_page(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    assert f'href="{PAGE}"' in browser.get("/").content.decode()
