"""Every email template renders, in French, in both parts, with nothing left unrendered."""

from typing import Any

import pytest

from adapters.email.rendering import JinjaEmailRenderer, date_fr, pass_number
from domain.notifications.delivery import RenderingFailed

CANDIDATURE = {"company_name": "Recyclerie du Faubourg", "job_seeker_name": "Léa Dupont", "candidature_id": "c-42"}
APPROVAL = {
    "approval_number": "999990000042",
    "job_seeker_name": "Léa Dupont",
    "company_name": "Recyclerie du Faubourg",
}

# One realistic context per template: adding a template without one fails below.
EXAMPLES: dict[str, dict[str, Any]] = {
    "habilitation_decided": {"organisation_name": "CHRS Soleil", "decision": "validated"},
    "candidature_received": {**CANDIDATURE, "sender_label": "Camille Martin (France Travail Paris 11e)"},
    "candidature_sent": {**CANDIDATURE, "self_applied": False},
    "candidature_sent_for_you": {"company_name": "Recyclerie du Faubourg", "sender_label": "Camille Martin"},
    "candidature_progress_job_seeker": {"company_name": "Recyclerie du Faubourg", "state": "postponed"},
    "candidature_progress_prescriber": {**CANDIDATURE, "state": "processing"},
    "candidature_accepted_job_seeker": {
        "company_name": "Recyclerie du Faubourg",
        "hiring_start_at": "2026-04-01",
        "hiring_end_at": None,
        "approval_number": "999990000042",
    },
    "candidature_accepted_prescriber": {**CANDIDATURE, "hiring_start_at": "2026-04-01", "hiring_end_at": "2026-09-30"},
    "approval_delivered": {**APPROVAL, "approval_start_at": "2026-04-01", "approval_end_at": "2028-03-31"},
    "candidature_refused_job_seeker": {"company_name": "Recyclerie du Faubourg", "answer": "Merci de votre intérêt."},
    "candidature_refused_prescriber": {
        **CANDIDATURE,
        "reason": "no_position",
        "reason_label": "Pas de poste ouvert",
        "answer": None,
    },
    "hire_cancelled_job_seeker": {"company_name": "Recyclerie du Faubourg"},
    "hire_cancelled_prescriber": CANDIDATURE,
    "prolongation_requested": {
        **APPROVAL,
        "end_at": "2029-03-31",
        "reason_label": "RQTH",
        "request_id": "p-7",
    },
    "prolongation_decided": {**APPROVAL, "decision": "denied", "end_at": None, "denial_reason": "Pas de justificatif"},
    "employee_record_rejected": {**APPROVAL, "asp_code": "3308", "asp_label": "Commune de naissance inconnue"},
    "approval_expiring": {**APPROVAL, "end_at": "2026-04-01", "days_left": 30},
    "account_confirmation": {"token": "dGhlLXJhdy10b2tlbg", "valid_hours": 24},
    "password_reset": {"token": "dGhlLXJhdy10b2tlbg", "valid_hours": 1},
    "invitation": {
        "token": "k7Qx-token",
        "tenant_name": "Recyclerie du Faubourg",
        "inviter_name": "Camille Martin",
        "role": "member",
        "valid_until": "2026-03-16",
    },
    "company_proof": {
        "token": "k7Qx-token",
        "company_name": "Recyclerie du Faubourg",
        "claimant_name": "Léa Dupont",
        "claimant_email": "lea.dupont@example.org",
    },
    "membership_decided": {"structure_name": "CHRS Les Tilleuls", "outcome": "approved", "is_admin": True},
    "prolongation_reminder": {
        **APPROVAL,
        "end_at": "2029-03-31",
        "reason_label": "RQTH",
        "request_id": "p-7",
        "requested_at": "2026-03-02",
        "days_waiting": 10,
        "reminder": 1,
    },
}
MARKUP = ("{{", "}}", "{%", "%}", "{#")


@pytest.fixture(scope="module")
def renderer() -> JinjaEmailRenderer:
    return JinjaEmailRenderer(public_url="https://tremplin.test/")


def test_every_template_has_a_text_and_an_html_part_and_an_example(renderer: JinjaEmailRenderer) -> None:
    assert renderer.templates() == set(EXAMPLES)


@pytest.mark.parametrize("template", sorted(EXAMPLES))
def test_a_template_renders_a_french_email_without_leftover_markup(renderer: JinjaEmailRenderer, template: str) -> None:
    email = renderer.render(template, {**EXAMPLES[template], "recipient_first_name": "Camille"})

    assert email.subject and "\n" not in email.subject
    assert email.text.startswith("Bonjour Camille,\n")
    assert "<p>Bonjour Camille,</p>" in email.html and '<html lang="fr">' in email.html
    assert "L'équipe Tremplin" in email.text
    for part in (email.subject, email.text, email.html):
        assert not any(markup in part for markup in MARKUP), part


def test_values_are_escaped_in_html_and_kept_as_is_in_text(renderer: JinjaEmailRenderer) -> None:
    context = {**CANDIDATURE, "self_applied": False, "job_seeker_name": "<script>alert(1)</script>"}

    email = renderer.render("candidature_sent", context)

    assert "<script>" not in email.html and "&lt;script&gt;" in email.html
    assert "<script>alert(1)</script>" in email.text


def test_a_missing_value_fails_the_rendering_instead_of_leaving_a_hole(renderer: JinjaEmailRenderer) -> None:
    with pytest.raises(RenderingFailed, match="candidature_sent"):
        renderer.render("candidature_sent", {"company_name": "Recyclerie du Faubourg"})


def test_an_unknown_template_fails_the_rendering(renderer: JinjaEmailRenderer) -> None:
    with pytest.raises(RenderingFailed, match="nowhere"):
        renderer.render("nowhere", {})


def test_the_refusal_email_to_the_job_seeker_never_states_the_reason(renderer: JinjaEmailRenderer) -> None:
    context = {**EXAMPLES["candidature_refused_job_seeker"], "reason": "incompatible", "reason_label": "Incompatible"}

    email = renderer.render("candidature_refused_job_seeker", context)

    assert "ncompatible" not in email.text + email.html


@pytest.mark.parametrize(
    ("template", "path"), [("invitation", "/invitation"), ("company_proof", "/confirmer-administrateur")]
)
def test_a_link_email_carries_its_token_under_the_public_url(
    renderer: JinjaEmailRenderer, template: str, path: str
) -> None:
    email = renderer.render(template, EXAMPLES[template])

    link = f"https://tremplin.test{path}?token=k7Qx-token"
    assert link in email.text and f'href="{link}"' in email.html


def test_an_invitation_from_staff_names_the_team(renderer: JinjaEmailRenderer) -> None:
    email = renderer.render("invitation", {**EXAMPLES["invitation"], "inviter_name": None, "role": "admin"})

    assert "L'équipe Tremplin vous invite" in email.text and "en tant qu'administrateur" in email.text


def test_dates_read_in_french() -> None:
    assert (date_fr("2026-03-01"), date_fr("2026-08-15")) == ("1er mars 2026", "15 août 2026")


def test_pass_numbers_are_grouped_for_people() -> None:
    assert pass_number("999990000042") == "99999 00 00042"


@pytest.mark.parametrize(
    ("template", "page"), [("account_confirmation", "confirmer-mon-email"), ("password_reset", "mot-de-passe/nouveau")]
)
def test_an_account_link_points_at_the_public_url_in_both_parts(
    renderer: JinjaEmailRenderer, template: str, page: str
) -> None:
    email = renderer.render(template, EXAMPLES[template])

    link = f"https://tremplin.test/{page}?token=dGhlLXJhdy10b2tlbg"
    assert link in email.text and f'href="{link}"' in email.html


def test_a_reset_link_valid_one_hour_says_so_in_the_singular(renderer: JinjaEmailRenderer) -> None:
    email = renderer.render("password_reset", EXAMPLES["password_reset"])

    assert "valable 1 heure et" in email.text


def test_a_denial_tells_the_employer_its_reason_and_the_actions_proposed(renderer: JinjaEmailRenderer) -> None:
    context = {
        **EXAMPLES["prolongation_decided"],
        "end_at": "2028-03-31",
        "organisation_name": "France Travail Paris 11e",
        "denial_reason_label": "L'IAE ne correspond plus aux besoins ou à la situation de la personne.",
        "proposed_actions": ["Orientation vers un partenaire de l'accompagnement social ou professionnel."],
        "proposed_actions_explanation": "Rendez-vous pris avec la mission locale.",
        "recipient_first_name": "Camille",
    }

    email = renderer.render("prolongation_decided", context)

    for part in (email.text, email.html):
        assert "France Travail Paris 11e a refusé" in part.replace("<strong>", "").replace("</strong>", "")
        assert "L'IAE ne correspond plus" in part.replace("&#39;", "'")
        assert "Orientation vers un partenaire" in part
        assert "Rendez-vous pris avec la mission locale." in part
        assert "31 mars 2028" in part
