"""An employer's daily pages: his dashboard, his inbox, a candidature that he
studies and accepts (the PASS IAE shows on the page and arrives by email);
and the refusals: another company's candidature, a form without its CSRF
token, the pages after logout."""

import re
import time

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server_process import Server
from tests.integration.smtp_sink import Inbox
from tests.web.browser import PageChecks

pytestmark = pytest.mark.e2e

EMPLOYER = "employer.ei@demo.tremplin.fr"
PASSWORD = "demo-password"


def log_in(page: Page, email: str, checks: PageChecks | None = None) -> None:
    page.goto("/connexion")
    if checks is not None:
        checks.check(page, "Connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()


def test_an_employer_studies_a_candidature_accepts_it_and_sees_the_pass_iae(
    page: Page, checks: PageChecks, inbox: Inbox
) -> None:
    log_in(page, EMPLOYER, checks)
    checks.check(page, "Tableau de bord")
    page.get_by_role("link", name="Candidatures", exact=True).click()
    page.get_by_label("État").select_option("new")  # htmx filters the list in place
    expect(page).to_have_url(re.compile(r"etat=new"))
    expect(page.get_by_role("heading", level=2, name=re.compile("candidature"))).to_be_visible()
    expect(page.get_by_role("link", name="Samir Bensaïd")).to_be_visible()
    assert set(page.locator(".results .state").all_inner_texts()) == {"Nouvelle"}
    checks.check(page, "Boîte de réception")
    page.get_by_role("link", name="Samir Bensaïd").click()
    expect(page.get_by_role("heading", level=1, name="Candidature de Samir Bensaïd")).to_be_visible()
    checks.check(page, "Candidature reçue")

    page.get_by_role("button", name="Étudier la candidature").click()
    expect(page.get_by_role("status")).to_have_text("La candidature est à l'étude.")
    expect(page.locator(".state").first).to_have_text("À l'étude")
    page.get_by_text("Accepter la candidature").click()
    page.get_by_role("button", name="Confirmer l'embauche").click()

    expect(page.get_by_role("status")).to_have_text(re.compile("L'embauche est enregistrée"))
    number = page.locator(".pass-number").inner_text()
    assert re.fullmatch(r"99999 \d{2} \d{5}", number), number
    expect(page.get_by_role("heading", name="PASS IAE")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Valable du \d{2}/\d{2}/\d{4} au \d{2}/\d{2}/\d{4}"))).to_be_visible()
    history = page.locator(".history").inner_text()
    assert "Étudier la candidature" in history and "Accepter la candidature" in history
    checks.check(page, "Candidature acceptée")

    email = _email_to(inbox, EMPLOYER, number.replace(" ", ""))
    assert number.replace(" ", "") in email or number in email


def test_an_employer_refuses_a_candidature_and_must_say_why(page: Page, checks: PageChecks, site: Server) -> None:
    _moussa_sent_to_the_ei(site)
    log_in(page, EMPLOYER)
    page.goto("/candidatures")
    page.get_by_label("Envoyée par").select_option("prescriber")
    page.get_by_role("link", name="Moussa Diop").click()

    page.get_by_text("Refuser la candidature").click()
    page.get_by_role("button", name="Confirmer le refus").click()
    expect(page.locator("#reason-erreur")).to_have_text("Choisissez le motif du refus.")
    expect(page.get_by_label("Motif du refus")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".state").first).to_have_text("Nouvelle")
    checks.check(page, "Refus sans motif")
    page.get_by_label("Motif du refus").select_option(label="Pas de poste ouvert")
    page.get_by_label("Message au candidat (facultatif)").last.fill("Nous n'avons plus de poste ce mois-ci.")
    page.get_by_role("button", name="Confirmer le refus").click()

    expect(page.get_by_role("status")).to_have_text(re.compile("La candidature est refusée"))
    expect(page.locator(".state").first).to_have_text("Refusée")
    expect(page.get_by_text("Pas de poste ouvert")).to_be_visible()


def test_an_employer_gets_a_404_page_for_another_company_s_candidature(
    page: Page, checks: PageChecks, site: Server
) -> None:
    other = _a_candidature_of("employer.aci@demo.tremplin.fr", site)
    log_in(page, EMPLOYER)

    response = page.goto(f"/candidatures/{other}")

    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1, name="Page introuvable")).to_be_visible()
    checks.check(page, "Page introuvable")


def test_a_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(page: Page, site: Server) -> None:
    mine = _a_candidature_of(EMPLOYER, site, state="accepted")
    log_in(page, EMPLOYER)

    refused = page.request.post(f"/candidatures/{mine}/annuler-embauche", form={}, max_redirects=0)
    forged = page.request.post(f"/candidatures/{mine}/annuler-embauche", form={"csrf_token": "forged"}, max_redirects=0)

    assert refused.status == 403 and forged.status == 403
    assert "Le formulaire a expiré" in refused.text()
    page.goto(f"/candidatures/{mine}")
    expect(page.locator(".state").first).to_have_text("Embauche acceptée")


def test_after_logging_out_the_pages_send_back_to_the_login(page: Page, checks: PageChecks) -> None:
    log_in(page, EMPLOYER)
    cookie = next(c for c in page.context.cookies() if c["name"] == "tremplin_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    page.goto("/candidatures")

    expect(page).to_have_url(re.compile(r"/connexion\?suivant=%2Fcandidatures$"))
    expect(page.get_by_role("heading", level=1, name="Se connecter")).to_be_visible()
    page.context.add_cookies([{**cookie, "value": cookie["value"]}])  # the old session is gone server-side
    assert page.request.get("/tableau-de-bord", max_redirects=0).status == 303


def test_an_employer_of_several_companies_switches_the_one_he_acts_for(page: Page, checks: PageChecks) -> None:
    log_in(page, "employer.multi@demo.tremplin.fr")
    expect(page.locator(".account")).to_contain_text("pour Cuisines Partagées Lyon")

    page.get_by_label("Agir pour").select_option(label="Entraide Vieux-Port")
    page.get_by_role("button", name="Changer de structure").click()

    expect(page.locator(".account")).to_contain_text("pour Entraide Vieux-Port")
    checks.check(page, "Tableau de bord multi-structures")


def test_a_wrong_password_shows_the_form_again_with_the_error(page: Page) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(EMPLOYER)
    page.get_by_label("Mot de passe").fill("not-the-password")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("alert")).to_have_text("Adresse e-mail ou mot de passe incorrect.")
    expect(page.get_by_label("Adresse e-mail")).to_have_value(EMPLOYER)


def _a_candidature_of(email: str, site: Server, *, state: str | None = None) -> str:
    with httpx.Client(base_url=site.base_url, timeout=10) as http:
        token = http.post(
            "/api/v1/auth/token", data={"grant_type": "password", "username": email, "password": PASSWORD}
        ).json()["access_token"]
        params = {"state": state} if state else {}
        found = http.get("/api/v1/candidatures", params=params, headers={"Authorization": f"Bearer {token}"})
    candidature_id: str = found.json()["items"][0]["id"]
    return candidature_id


def _moussa_sent_to_the_ei(site: Server) -> None:
    """France Travail sends Moussa (hired by the ACI in the demo) to the EI too."""
    with httpx.Client(base_url=site.base_url, timeout=10) as http:
        prescriber, employer = _bearer(http, "prescriber@demo.tremplin.fr"), _bearer(http, EMPLOYER)
        sent = http.get("/api/v1/candidatures", headers=prescriber).json()["items"]
        moussa = next(c["job_seeker_id"] for c in sent if c["message"].startswith("Moussa"))
        company = http.get("/api/v1/me", headers=employer).json()["memberships"][0]["company_id"]
        body = {"job_seeker_id": moussa, "company_id": company, "message": "Moussa cherche un second emploi."}
        answer = http.post("/api/v1/candidatures", json=body, headers=prescriber)
    assert answer.status_code == 201, answer.text


def _bearer(http: httpx.Client, email: str) -> dict[str, str]:
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    return {"Authorization": "Bearer " + http.post("/api/v1/auth/token", data=form).json()["access_token"]}


def _email_to(inbox: Inbox, address: str, needle: str, timeout_s: float = 20) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for received in inbox.messages():
            body = received.message.get_body(preferencelist=("plain",))
            text = body.get_content() if body else ""
            if address in received.recipients and needle in text.replace(" ", ""):
                return str(text)
        time.sleep(0.2)
    raise AssertionError(f"no email to {address} with {needle}")
