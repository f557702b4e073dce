"""A job seeker's pages: he applies to a posting with a message and follows
his candidature, he cannot apply twice to one company, he sees his PASS IAE."""

import re
from datetime import date

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server_process import Server
from tests.web.browser import PageChecks
from tests.web.test_employer_pages import PASSWORD, log_in

pytestmark = pytest.mark.e2e

LEA = "jobseeker2@demo.tremplin.fr"
SAMIR = "jobseeker@demo.tremplin.fr"


def test_a_job_seeker_applies_to_a_posting_with_a_message_and_follows_it(
    page: Page, checks: PageChecks, site: Server
) -> None:
    posting = _a_posting_near(site, "75111")
    log_in(page, LEA)
    page.goto(f"/fiches-de-poste/{posting}")
    checks.check(page, "Fiche de poste pour un candidat")

    page.get_by_label("Votre message à la structure").fill("Bonjour,\nje suis disponible dès lundi.")
    page.get_by_role("button", name="Envoyer ma candidature").click()

    expect(page.get_by_role("status")).to_have_text(re.compile("Votre candidature est envoyée"))
    expect(page.locator(".state").first).to_have_text("Nouvelle")
    expect(page.get_by_text("je suis disponible dès lundi.")).to_be_visible()
    expect(page.get_by_role("heading", name="Répondre")).to_have_count(0)
    checks.check(page, "Candidature envoyée par le candidat")

    page.goto(f"/fiches-de-poste/{posting}")
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile("déjà une candidature en cours"))

    page.get_by_role("link", name="Candidatures", exact=True).click()
    expect(page.locator(".results .card").filter(has_text="Nouvelle")).to_have_count(1)
    expect(page.locator(".results .card").filter(has_text="Refusée")).to_have_count(1)  # the demo's
    checks.check(page, "Candidatures du candidat")


def test_a_job_seeker_sees_his_pass_iae(page: Page, checks: PageChecks, site: Server) -> None:
    number = _samir_hired(site)
    log_in(page, SAMIR)

    page.get_by_role("link", name="Mon PASS IAE", exact=True).click()

    expect(page.get_by_role("heading", level=1, name="Mon PASS IAE")).to_be_visible()
    expect(page.locator(".pass-number")).to_have_text(f"{number[:5]} {number[5:7]} {number[7:]}")
    expect(page.get_by_text(re.compile("il (est valable|commence plus tard)"))).to_be_visible()
    checks.check(page, "PASS IAE du candidat")


def _token(http: httpx.Client, email: str) -> dict[str, str]:
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    return {"Authorization": "Bearer " + http.post("/api/v1/auth/token", data=form).json()["access_token"]}


def _a_posting_near(site: Server, commune: str) -> str:
    found = httpx.get(f"{site.base_url}/api/v1/job-postings", params={"commune": commune, "distance_km": 1})
    posting_id: str = found.json()["items"][0]["id"]
    return posting_id


def _samir_hired(site: Server) -> str:
    """The PASS IAE number of Samir's hire at the EI (hired here unless a test hired him already)."""
    with httpx.Client(base_url=site.base_url, timeout=10) as http:
        employer = _token(http, "employer.ei@demo.tremplin.fr")
        items = http.get("/api/v1/candidatures", headers=employer).json()["items"]
        samir = next(c for c in items if c["message"].startswith("Samir"))
        if samir["approval"] is None:
            body = {"hiring_start_at": date.today().isoformat()}
            samir = http.post(f"/api/v1/candidatures/{samir['id']}/accept", json=body, headers=employer).json()
    number: str = samir["approval"]["number"]
    return number
