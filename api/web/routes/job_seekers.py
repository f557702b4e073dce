"""Pages of the prescribers (and employers) about the people they follow:
registering one, his profile and eligibility, a diagnosis, the postings to
suggest him, and sending him as a candidate."""

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.bootstrap import Container
from api.request_context import ContainerDep
from api.web import csrf
from api.web.errors import PageRoute
from api.web.form_fields import FormErrors, free_text, pointer_field
from api.web.job_seeker_form import read_job_seeker
from api.web.rendering import render
from api.web.sessions import Viewer, ViewerDep
from domain.approvals.eligibility_status import get_eligibility
from domain.candidatures.submission import Application, submit_candidature
from domain.companies.postings import get_job_posting
from domain.eligibility.use_cases import DiagnosisRequest, diagnosis_refusal, make_eligibility_diagnosis
from domain.errors import Conflict, DomainError, RuleViolation
from domain.job_seekers.profiles import get_job_seeker
from domain.job_seekers.registration import register_job_seeker
from domain.matching.job_seeker_matches import matches_for_job_seeker

router = APIRouter(route_class=PageRoute, include_in_schema=False)
NOTICES = {
    "inscrit": "Le candidat est inscrit. Vous pouvez maintenant faire son diagnostic ou lui proposer une offre.",
    "diagnostic": "Le diagnostic d'éligibilité est enregistré.",
}


@router.get("/candidats/nouveau", response_class=HTMLResponse)
async def registration_form(request: Request, container: ContainerDep, viewer: ViewerDep) -> HTMLResponse:
    return render(request, container, viewer, "job_seeker_new.html", {"values": {}, "errors": {}})


@router.post("/candidats/nouveau", response_class=HTMLResponse)
async def register(request: Request, container: ContainerDep, viewer: ViewerDep) -> Response:
    await csrf.verify(request, viewer)
    details, errors, values = read_job_seeker(await request.form(), container.referentials)
    existing = None
    if details is not None:
        try:
            card = await register_job_seeker(
                uow=container.new_uow(),
                actor=viewer.principal,
                clock=container.clock,
                ids=container.ids,
                referentials=container.referentials,
                details=details,
            )
        except (RuleViolation, Conflict) as refused:
            _field_errors(refused, errors)
            existing = refused.extra.get("existing_id")
        else:
            return RedirectResponse(f"/candidats/{card.job_seeker.id}?fait=inscrit", status_code=303)
    context = {"values": values, "errors": errors, "existing": existing}
    return render(request, container, viewer, "job_seeker_new.html", context, status=400)


@router.get("/candidats/{job_seeker_id}", response_class=HTMLResponse)
async def profile(
    job_seeker_id: UUID, request: Request, container: ContainerDep, viewer: ViewerDep, fait: str = ""
) -> HTMLResponse:
    return await _profile_page(request, container, viewer, job_seeker_id, notice=NOTICES.get(fait))


@router.get("/candidats/{job_seeker_id}/diagnostic", response_class=HTMLResponse)
async def diagnosis_form(
    job_seeker_id: UUID, request: Request, container: ContainerDep, viewer: ViewerDep
) -> HTMLResponse:
    return await _diagnosis_page(request, container, viewer, job_seeker_id)


@router.post("/candidats/{job_seeker_id}/diagnostic", response_class=HTMLResponse)
async def diagnose(job_seeker_id: UUID, request: Request, container: ContainerDep, viewer: ViewerDep) -> Response:
    await csrf.verify(request, viewer)
    form = await request.form()
    criteria = tuple(str(code) for code in form.getlist("criteria"))
    try:
        await make_eligibility_diagnosis(
            uow=container.new_uow(),
            actor=viewer.principal,
            clock=container.clock,
            ids=container.ids,
            criteria_referential=container.referentials.criteria,
            job_seeker_id=job_seeker_id,
            request=DiagnosisRequest(criteria=criteria, company_id=viewer.principal.company_id),
        )
    except RuleViolation as refused:
        errors = FormErrors({"_": refused.detail})
        return await _diagnosis_page(request, container, viewer, job_seeker_id, errors=errors, chosen=criteria)
    return RedirectResponse(f"/candidats/{job_seeker_id}?fait=diagnostic", status_code=303)


@router.get("/candidats/{job_seeker_id}/offres", response_class=HTMLResponse)
async def suggestions(
    job_seeker_id: UUID, request: Request, container: ContainerDep, viewer: ViewerDep
) -> HTMLResponse:
    card = await get_job_seeker(uow=container.new_uow(), actor=viewer.principal, job_seeker_id=job_seeker_id)
    matches, problem = [], None
    try:
        matches = await matches_for_job_seeker(
            uow=container.new_uow(),
            actor=viewer.principal,
            clock=container.clock,
            search=container.search,
            communes=container.referentials.communes,
            job_seeker_id=job_seeker_id,
            distance_km=25,
            limit=20,
        )
    except RuleViolation as refused:
        problem = refused.detail
    context = {"card": card, "matches": matches, "problem": problem, "rome": container.referentials.rome}
    return render(request, container, viewer, "job_seeker_matches.html", context)


@router.post("/candidats/{job_seeker_id}/candidatures", response_class=HTMLResponse)
async def send(job_seeker_id: UUID, request: Request, container: ContainerDep, viewer: ViewerDep) -> Response:
    await csrf.verify(request, viewer)
    form = await request.form()
    errors = FormErrors()
    message = free_text(form.get("message"), field="message", errors=errors)
    posting = await get_job_posting(uow=container.new_uow(), posting_id=_uuid(form.get("posting_id")))
    if not errors:
        application = Application(
            company_id=posting.company.id,
            job_seeker_id=job_seeker_id,
            job_posting_ids=(posting.posting.id,),
            message=message,
        )
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
    return await _profile_page(request, container, viewer, job_seeker_id, errors=errors, status=409)


def _uuid(value: object) -> UUID:
    try:
        return UUID(str(value or ""))
    except ValueError:
        return UUID(int=0)  # names no posting: the use case answers "not found"


def _field_errors(refused: DomainError, errors: FormErrors) -> None:
    for problem in refused.errors:
        errors[pointer_field(problem.pointer)] = refused.detail
    if not refused.errors:
        errors["_"] = refused.detail


async def _profile_page(
    request: Request,
    container: Container,
    viewer: Viewer,
    job_seeker_id: UUID,
    *,
    notice: str | None = None,
    errors: FormErrors | None = None,
    status: int = 200,
) -> HTMLResponse:
    card = await get_job_seeker(uow=container.new_uow(), actor=viewer.principal, job_seeker_id=job_seeker_id)
    eligibility = await get_eligibility(
        uow=container.new_uow(),
        actor=viewer.principal,
        clock=container.clock,
        job_seeker_id=job_seeker_id,
        company_id=None,
    )
    context = {"card": card, "status": eligibility, "notice": notice, "errors": errors or {}}
    return render(request, container, viewer, "job_seeker.html", context, status=status)


async def _diagnosis_page(
    request: Request,
    container: Container,
    viewer: Viewer,
    job_seeker_id: UUID,
    *,
    errors: FormErrors | None = None,
    chosen: tuple[str, ...] = (),
) -> HTMLResponse:
    card = await get_job_seeker(uow=container.new_uow(), actor=viewer.principal, job_seeker_id=job_seeker_id)
    criteria = container.referentials.criteria.all()
    context = {
        "card": card,
        "refusal": diagnosis_refusal(viewer.principal),
        "levels": [(level, [c for c in criteria if c.level == level]) for level in (1, 2)],
        "chosen": chosen,
        "errors": errors or {},
    }
    return render(request, container, viewer, "diagnosis.html", context, status=422 if errors else 200)
