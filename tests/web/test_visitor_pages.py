"""A visitor, not signed in: the home page, the search of job postings around
a commune with its autocompletes, a posting's and a company's pages."""

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server_process import Server
from tests.web.browser import PageChecks

pytestmark = pytest.mark.e2e


def test_a_visitor_searches_job_postings_around_a_commune_with_the_autocomplete(page: Page, checks: PageChecks) -> None:
    page.goto("/")
    expect(page).to_have_title(re.compile("^Accueil — Tremplin"))
    checks.check(page, "Accueil")

    page.get_by_role("link", name="Offres d'emploi").click()
    page.get_by_label("Commune").fill("Montreu")
    suggestion = page.get_by_role("button", name=re.compile(r"^Montreuil — 93"))
    suggestion.click()
    expect(page.get_by_label("Commune")).to_have_value("Montreuil (93048)")
    page.get_by_label("Distance maximale").select_option("10")
    checks.check(page, "Recherche d'offres")
    page.get_by_role("button", name="Voir les offres").click()

    heading = page.get_by_role("heading", level=2, name=re.compile("offre\\(s\\) à moins de 10 km de Montreuil"))
    expect(heading).to_be_visible()
    expect(page).to_have_title(re.compile("^Offres autour de Montreuil"))
    distances = [float(d.replace(",", ".")) for d in re.findall(r"à ([0-9]+,[0-9]) km", page.inner_text("main"))]
    assert distances and distances == sorted(distances) and distances[-1] <= 10
    checks.check(page, "Résultats de recherche d'offres")

    page.locator(".results a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Contrat", exact=True)).to_be_visible()
    checks.check(page, "Fiche de poste")
    page.locator("p.lead a").click()
    expect(page.get_by_role("heading", name=re.compile("^Offres ouvertes"))).to_be_visible()
    checks.check(page, "Page d'une structure")


def test_a_visitor_narrows_the_search_to_a_job_with_the_keyboard_alone(page: Page, checks: PageChecks) -> None:
    page.goto("/recherche/fiches-de-poste")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Enter")
    _tab_until(page, "commune")
    page.keyboard.type("Paris", delay=20)
    expect(page.get_by_role("button", name=re.compile(r"^Paris — 75$"))).to_be_visible()
    _tab_until(page, "Paris — 75", by="text")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Commune")).to_have_value("Paris (75056)")
    _tab_until(page, "metier")
    page.keyboard.type("agent entretien", delay=20)
    expect(page.locator("#metier-suggestions button").first).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Métier (facultatif)")).to_have_value(re.compile(r"\([0-9]{5}\)$"))
    _tab_until(page, "Voir les offres", by="text")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=2, name=re.compile("km de Paris \\(75056\\), métier"))).to_be_visible()
    checks.check(page, "Recherche au clavier")


def test_the_search_works_as_a_plain_form_and_explains_a_wrong_commune(site: Server) -> None:
    found = httpx.get(f"{site.base_url}/recherche/structures", params={"commune": "Créteil", "distance": "5"})
    wrong = httpx.get(f"{site.base_url}/recherche/fiches-de-poste", params={"commune": "Nulle-Part-sur-Rien"})

    assert found.status_code == 200
    assert "structure(s) à moins de 5 km de Créteil (94028)" in found.text
    assert "GEIQ BTP Val-de-Marne" in found.text
    assert wrong.status_code == 400
    assert "Nous ne trouvons pas cette commune" in wrong.text


def test_pages_carry_the_security_headers_and_an_unknown_page_is_a_french_404(site: Server) -> None:
    home = httpx.get(f"{site.base_url}/")
    missing = httpx.get(f"{site.base_url}/fiches-de-poste/00000000-0000-0000-0000-000000000000")
    api_missing = httpx.get(f"{site.base_url}/api/v1/nowhere")
    docs = httpx.get(f"{site.base_url}/api/v1/docs")

    csp = home.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert home.headers["x-content-type-options"] == "nosniff"
    assert home.headers["referrer-policy"] == "same-origin"
    assert missing.status_code == 404 and "Page introuvable" in missing.text
    assert api_missing.headers["content-type"] == "application/problem+json"
    assert "/static/vendor/swagger-ui-dist-5.36.0/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()


def _tab_until(page: Page, target: str, *, by: str = "id", limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.id, document.activeElement.innerText || '']")
        if (by == "id" and focused[0] == target) or (by == "text" and focused[1].strip() == target):
            return
    raise AssertionError(f"{target} never got the focus")


def test_the_api_docs_load_from_this_server_alone_under_the_csp(page: Page, checks: PageChecks, site: Server) -> None:
    elsewhere: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(site.base_url) else elsewhere.append(request.url))

    page.goto("/api/v1/docs")

    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/candidatures/{candidature_id}/accept")
    ).to_be_attached()
    assert elsewhere == [] and checks.csp_refusals == []
