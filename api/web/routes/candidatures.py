"""A candidature's page, and the employer's answers to it: each allowed
transition is a form that posts here and calls the API's use case."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.bootstrap import Container
from api.request_context import ContainerDep
from api.web import csrf, labels
from api.web.errors import PageRoute
from api.web.form_fields import FormErrors, a_date, free_text, pointer_field
from api.web.rendering import render
from api.web.sessions import Viewer, ViewerDep
from domain.approvals.business_dates import paris_date
from domain.candidatures.answers import move_candidature, refuse_candidature
from domain.candidatures.candidatures import Hiring, RefusalReason
from domain.candidatures.hiring import accept_candidature, cancel_hire
from domain.candidatures.inbox import candidature_sheet
from domain.candidatures.state_machine import Transition
from domain.candidatures.transfer import transfer_candidature
from domain.errors import Conflict, NotFound, RuleViolation

router = APIRouter(route_class=PageRoute, include_in_schema=False)
MOVES = {
    Transition.PROCESS,
    Transition.POSTPONE,
    Transition.ADD_TO_POOL,
    Transition.MOVE_TO_PRIOR_TO_HIRE,
    Transition.CANCEL_PRIOR_TO_HIRE,
}
DONE = {
    Transition.PROCESS: "La candidature est à l'étude.",
    Transition.POSTPONE: "La candidature est en attente.",
    Transition.ADD_TO_POOL: "Le candidat est dans votre vivier.",
    Transition.MOVE_TO_PRIOR_TO_HIRE: "L'action préalable à l'embauche a commencé.",
    Transition.CANCEL_PRIOR_TO_HIRE: "L'action préalable est annulée : la candidature est à l'étude.",
    Transition.REFUSE: "La candidature est refusée. Le candidat en est informé.",
    Transition.ACCEPT: "L'embauche est enregistrée. Le candidat en est informé.",
    Transition.CANCEL: "L'embauche est annulée.",
    Transition.TRANSFER: "La candidature est transférée.",
}
SENT = "Votre candidature est envoyée. La structure va l'étudier et vous répondre."


@router.get("/candidatures/{candidature_id}", response_class=HTMLResponse)
async def candidature_page(
    candidature_id: UUID, request: Request, container: ContainerDep, viewer: ViewerDep, fait: str = ""
) -> HTMLResponse:
    done = labels.TRANSITION_OF_SLUG.get(fait)
    notice = DONE.get(done) if done else SENT if fait == "envoyee" else None
    return await _sheet_page(request, container, viewer, candidature_id, notice=notice)


@router.post("/candidatures/{candidature_id}/{slug}", response_class=HTMLResponse)
async def answer(
    candidature_id: UUID, slug: str, request: Request, container: ContainerDep, viewer: ViewerDep
) -> Response:
    transition = labels.TRANSITION_OF_SLUG.get(slug)
    if transition is None:
        raise NotFound("Cette action n'existe pas.")
    await csrf.verify(request, viewer)
    form = await request.form()
    errors = FormErrors()
    try:
        await _answer(container, viewer, candidature_id, transition, dict(form), errors)
    except (RuleViolation, Conflict) as refused:
        for problem in refused.errors:
            errors[pointer_field(problem.pointer)] = refused.detail
        errors.setdefault("_", refused.detail)
    if errors:
        status = 409 if "_" in errors and len(errors) == 1 else 400
        values = {key: str(value) for key, value in form.items()}
        return await _sheet_page(
            request,
            container,
            viewer,
            candidature_id,
            errors=errors,
            open_form=transition,
            values=values,
            status=status,
        )
    if request.headers.get("hx-request"):
        return await _sheet_page(request, container, viewer, candidature_id, notice=DONE[transition])
    return RedirectResponse(f"/candidatures/{candidature_id}?fait={slug}", status_code=303)


async def _answer(
    c: Container, viewer: Viewer, candidature_id: UUID, transition: Transition, form: dict[str, Any], errors: FormErrors
) -> None:
    common = {"uow": c.new_uow(), "actor": viewer.principal, "clock": c.clock, "ids": c.ids}
    message = free_text(form.get("message"), field="message", errors=errors)
    if transition in MOVES:
        await move_candidature(**common, candidature_id=candidature_id, transition=transition)
    elif transition is Transition.REFUSE:
        reason = _reason(form.get("reason"), errors)
        if not errors and reason is not None:
            await refuse_candidature(**common, candidature_id=candidature_id, reason=reason, message=message)
    elif transition is Transition.ACCEPT:
        start = a_date(form.get("hiring_start_at"), field="hiring_start_at", errors=errors, required=True)
        end = a_date(form.get("hiring_end_at"), field="hiring_end_at", errors=errors, required=False)
        if not errors and start is not None:
            hiring = Hiring(start, end)
            prefix = c.settings.asp.pass_iae_prefix
            await accept_candidature(
                **common, candidature_id=candidature_id, hiring=hiring, message=message, pass_prefix=prefix
            )
    elif transition is Transition.CANCEL:
        await cancel_hire(**common, candidature_id=candidature_id)
    else:
        target = _uuid(form.get("company_id"))
        if target is None:
            errors["company_id"] = "Choisissez la structure qui recevra la candidature."
        else:
            await transfer_candidature(**common, candidature_id=candidature_id, to_company_id=target)


def _reason(value: object, errors: FormErrors) -> RefusalReason | None:
    try:
        return RefusalReason(str(value or ""))
    except ValueError:
        errors["reason"] = "Choisissez le motif du refus."
        return None


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value or ""))
    except ValueError:
        return None


async def _sheet_page(
    request: Request,
    container: Container,
    viewer: Viewer,
    candidature_id: UUID,
    *,
    notice: str | None = None,
    errors: FormErrors | None = None,
    open_form: Transition | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    sheet = await candidature_sheet(uow=container.new_uow(), actor=viewer.principal, candidature_id=candidature_id)
    context = {
        "sheet": sheet,
        "notice": notice,
        "errors": errors or {},
        "open_form": open_form,
        "values": values or {},
        "today": paris_date(container.clock.now()),
        "rome": container.referentials.rome,
        "moves": [t for t in sheet.answerable if t in MOVES],
    }
    return render(request, container, viewer, "candidature.html", context, status=status)
