"""What the pages answer, through the ASGI app (no browser): the session
cookie's flags and rotation, the login form's CSRF token, the headers of a
page with personal data, and the 500 page."""

import re

import httpx
import pytest

from api.bootstrap import Container
from api.web.routes import public
from domain.identity.users import UserKind
from tests.builders.identity import PASSWORD, a_user

SESSION = "tremplin_session"


async def login_form(client: httpx.AsyncClient) -> str:
    page = await client.get("/connexion")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    return token.group(1)


async def log_in(client: httpx.AsyncClient, email: str) -> httpx.Response:
    token = await login_form(client)
    return await client.post("/connexion", data={"csrf_token": token, "email": email, "password": PASSWORD})


async def test_the_session_cookie_is_httponly_lax_and_secure_on_an_https_site(
    client: httpx.AsyncClient, container: Container
) -> None:
    user = await a_user(container, kind=UserKind.EMPLOYER)

    answer = await log_in(client, user.email)

    assert answer.status_code == 303 and answer.headers["location"] == "/tableau-de-bord"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION + "="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie
    assert len(cookie.split(";")[0].split("=", 1)[1]) >= 43  # 256 random bits, URL-safe base64


async def test_a_page_with_personal_data_is_never_stored_by_a_cache(
    client: httpx.AsyncClient, container: Container
) -> None:
    user = await a_user(container, kind=UserKind.EMPLOYER)
    await log_in(client, user.email)

    dashboard = await client.get("/tableau-de-bord")

    assert dashboard.status_code == 200
    assert dashboard.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in dashboard.headers["content-security-policy"]


async def test_signing_in_again_ends_the_previous_session(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.EMPLOYER)
    form = {"csrf_token": await login_form(client), "email": user.email, "password": PASSWORD}
    await client.post("/connexion", data=form)
    first = client.cookies[SESSION]

    await client.post("/connexion", data=form)  # the browser holds a session as it signs in again
    second = client.cookies[SESSION]
    client.cookies.clear()
    client.cookies.set(SESSION, first)
    with_the_old_one = await client.get("/tableau-de-bord")

    assert first != second
    assert with_the_old_one.status_code == 303 and with_the_old_one.headers["location"].startswith("/connexion")


async def test_a_login_posted_without_the_form_s_token_is_refused(
    client: httpx.AsyncClient, container: Container
) -> None:
    user = await a_user(container, kind=UserKind.EMPLOYER)
    await login_form(client)

    refused = await client.post("/connexion", data={"email": user.email, "password": PASSWORD})

    assert refused.status_code == 403
    assert "Le formulaire a expiré" in refused.text
    assert SESSION not in refused.headers.get("set-cookie", "")


async def test_login_sends_only_to_a_page_of_this_site(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.EMPLOYER)
    token = await login_form(client)

    answer = await client.post(
        "/connexion",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD, "suivant": "//evil.example/"},
    )

    assert answer.headers["location"] == "/tableau-de-bord"


async def test_an_unexpected_error_is_a_french_500_page_that_tells_nothing_of_it(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail 1 85 05 75 123 456 78")

    monkeypatch.setattr(public, "render", broken)

    answer = await client.get("/")

    assert answer.status_code == 500
    assert "Erreur du service" in answer.text and "secret detail" not in answer.text
    assert answer.headers["connection"] == "close"
    assert answer.headers["content-type"].startswith("text/html")
