"""A prescriber's pages: he registers a person, certifies his eligibility,
picks a posting among the suggestions and sends him there; an orienteur is
told why he may not certify; a wrong field shows the form again."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser import PageChecks
from tests.web.test_employer_pages import log_in

pytestmark = pytest.mark.e2e

PRESCRIBER = "prescriber@demo.tremplin.fr"
ORIENTEUR = "orienteur@demo.tremplin.fr"


def register(page: Page, first: str, last: str, *, nir: str = "", checks: PageChecks | None = None) -> None:
    page.get_by_role("link", name="Inscrire un candidat").click()
    if checks is not None:
        checks.check(page, "Inscrire un candidat")
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Nom", exact=True).fill(last)
    page.get_by_label("Date de naissance").fill("1990-05-12")
    page.get_by_label("Numéro de sécurité sociale").fill(nir)
    page.get_by_label("Commune où il habite").fill("Montreu")
    page.get_by_role("button", name=re.compile(r"^Montreuil — 93")).click()
    page.get_by_role("button", name="Inscrire le candidat").click()


def test_a_prescriber_registers_a_person_diagnoses_him_and_sends_him_to_a_posting(
    page: Page, checks: PageChecks
) -> None:
    log_in(page, PRESCRIBER)
    register(page, "Aminata", "Traoré", checks=checks)
    expect(page.get_by_role("status")).to_have_text(re.compile("Le candidat est inscrit"))
    checks.check(page, "Fiche d'un candidat")

    page.get_by_role("link", name="Faire le diagnostic d'éligibilité").click()
    expect(page.get_by_role("group", name=re.compile("^Critères de niveau 1"))).to_be_visible()
    checks.check(page, "Diagnostic d'éligibilité")
    page.get_by_label("Bénéficiaire du RSA").check()
    page.get_by_role("button", name="Valider l'éligibilité").click()
    expect(page.get_by_role("status")).to_have_text("Le diagnostic d'éligibilité est enregistré.")
    expect(page.get_by_text(re.compile("^Éligibilité validée le"))).to_be_visible()

    page.get_by_role("link", name="Voir les offres à lui proposer").click()
    checks.check(page, "Offres à proposer")
    first = page.locator(".results .card").first
    first.locator("summary").click()
    first.get_by_label("Message à la structure").fill("Aminata est motivée, éligible (RSA).")
    first.get_by_role("button", name="Envoyer la candidature").click()

    expect(page.get_by_role("status")).to_have_text(re.compile("Votre candidature est envoyée"))
    expect(page.get_by_role("heading", level=1, name="Candidature de Aminata Traoré")).to_be_visible()
    expect(page.get_by_text("Claire Dubois (France Travail Paris 11e)", exact=False)).to_be_visible()
    page.get_by_role("link", name="Candidatures", exact=True).click()
    expect(page.get_by_role("link", name="Aminata Traoré")).to_be_visible()


def test_an_orienteur_is_told_why_he_may_not_certify_eligibility(page: Page, checks: PageChecks) -> None:
    log_in(page, ORIENTEUR)
    register(page, "Yanis", "Petit")
    page.get_by_role("link", name="Faire le diagnostic d'éligibilité").click()

    expect(page.get_by_role("alert")).to_contain_text("Seul un prescripteur habilité certifie l'éligibilité IAE")
    expect(page.get_by_role("button", name="Valider l'éligibilité")).to_have_count(0)
    checks.check(page, "Diagnostic refusé à un orienteur")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    forced = page.request.post(page.url, form={"csrf_token": token or "", "criteria": "RSA"})
    assert forced.status == 403 and "Seul un prescripteur habilité" in forced.text()


def test_a_wrong_nir_shows_the_form_again_with_the_error_next_to_it(page: Page, checks: PageChecks) -> None:
    log_in(page, PRESCRIBER)
    register(page, "Louis", "Bernard", nir="1 90 05 75 111 222 00")

    expect(page.locator("#nir-erreur")).to_have_text(re.compile("n'est pas valide"))
    expect(page.get_by_label("Numéro de sécurité sociale")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Prénom")).to_have_value("Louis")
    checks.check(page, "Inscription avec une erreur")
