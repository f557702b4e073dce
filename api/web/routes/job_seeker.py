"""The job seeker's own pages: applying to a posting with a message, and his
PASS IAE with his eligibility. His candidatures are the common list."""

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.request_context import ContainerDep
from api.web import csrf, labels
from api.web.errors import PageRoute
from api.web.form_fields import FormErrors, free_text
from api.web.rendering import render
from api.web.sessions import Viewer, ViewerDep
from domain.approvals.eligibility_status import get_eligibility
from domain.candidatures.submission import Application, submit_candidature
from domain.companies.postings import get_job_posting
from domain.errors import Conflict, Forbidden, RuleViolation
from domain.identity.users import UserKind

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.post("/fiches-de-poste/{posting_id}/postuler", response_class=HTMLResponse)
async def apply(posting_id: UUID, request: Request, container: ContainerDep, viewer: ViewerDep) -> Response:
    await csrf.verify(request, viewer)
    card = await get_job_posting(uow=container.new_uow(), posting_id=posting_id)
    form = await request.form()
    errors = FormErrors()
    message = free_text(form.get("message"), field="message", errors=errors)
    if not errors:
        application = Application(company_id=card.company.id, job_posting_ids=(posting_id,), message=message)
        try:
            submission = await submit_candidature(
                uow=container.new_uow(),
                actor=viewer.principal,
                clock=container.clock,
                ids=container.ids,
                application=application,
            )
        except (Conflict, RuleViolation) as refused:
            errors["_"] = refused.detail
        else:
            assert submission.candidature is not None
            return RedirectResponse(f"/candidatures/{submission.candidature.id}?fait=envoyee", status_code=303)
    appellation = container.referentials.rome.appellation(card.posting.appellation_code)
    context = {
        "card": card,
        "appellation": appellation,
        "contract": labels.CONTRACTS[card.posting.contract_type],
        "errors": errors,
        "message": message,
    }
    return render(request, container, viewer, "posting.html", context, status=409 if "_" in errors else 400)


@router.get("/mon-pass-iae", response_class=HTMLResponse)
async def my_approval(request: Request, container: ContainerDep, viewer: ViewerDep) -> HTMLResponse:
    job_seeker_id = _own_profile(viewer)
    status = await get_eligibility(
        uow=container.new_uow(),
        actor=viewer.principal,
        clock=container.clock,
        job_seeker_id=job_seeker_id,
        company_id=None,
    )
    return render(request, container, viewer, "my_approval.html", {"status": status})


def _own_profile(viewer: Viewer) -> UUID:
    if viewer.principal.kind is not UserKind.JOB_SEEKER or viewer.me.job_seeker_id is None:
        raise Forbidden("Cette page est celle d'un candidat : elle montre son PASS IAE.")
    return viewer.me.job_seeker_id
