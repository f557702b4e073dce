import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Request, Response, status

from api.bootstrap import Container
from api.http.deps import ContainerDep, PrincipalDep
from api.http.pagination import next_position_link
from api.http.schemas.candidatures import (
    AcceptanceCreate,
    CandidatureCreate,
    CandidatureDetailOut,
    CandidatureOut,
    CandidaturePage,
    CandidatureQuery,
    HiringChange,
    RefusalCreate,
    TransferCreate,
)
from api.http.schemas.common import Code, problems
from domain.approvals.business_dates import paris_date
from domain.candidatures.answers import move_candidature, refuse_candidature
from domain.candidatures.candidatures import Candidature, Hiring
from domain.candidatures.hiring import accept_candidature, cancel_hire, change_hiring_dates
from domain.candidatures.idempotency import IdempotentRequest, StoredResponse
from domain.candidatures.reading import CandidatureView, get_candidature, list_candidatures
from domain.candidatures.state_machine import Transition
from domain.candidatures.submission import Application, Idempotency, submit_candidature
from domain.candidatures.transfer import transfer_candidature
from domain.identity.principal import Principal

router = APIRouter(prefix="/candidatures", tags=["candidatures"])
IdempotencyKey = Annotated[
    Code | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Any unique string: a retry with the same key and body gets the first answer back (24 hours).",
    ),
]


def _detail(container: Container, view: CandidatureView) -> CandidatureDetailOut:
    return CandidatureDetailOut.of(view.candidature, view.approval, today=paris_date(container.clock.now()))


@router.post(
    "",
    operation_id="candidatures-create",
    summary="Send a candidature (job seeker, prescriber, or employer to his own company)",
    description=submit_candidature.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=CandidatureDetailOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def create(
    body: CandidatureCreate,
    container: ContainerDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    submission = await submit_candidature(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        application=Application(
            company_id=body.company_id,
            job_seeker_id=body.job_seeker_id,
            job_posting_ids=tuple(body.job_posting_ids),
            message=body.message,
        ),
        idempotency=_idempotency(container, principal, idempotency_key, body),
    )
    if submission.response is not None:
        stored = submission.response
        replayed = {"Idempotent-Replayed": "true"} if submission.candidature is None else None
        return Response(stored.body, status_code=stored.status, media_type="application/json", headers=replayed)
    assert submission.candidature is not None
    return _detail(container, CandidatureView(submission.candidature, None))


def _idempotency(
    container: Container, principal: Principal, key: str | None, body: CandidatureCreate
) -> Idempotency | None:
    if key is None:
        return None
    caller = f"user:{principal.user_id}" if principal.user_id else f"client:{principal.client_id}"
    # Acting for another tenant with the same body is another request.
    asked = {
        "acting_for": str(principal.acting_for.tenant.id) if principal.acting_for else None,
        **body.model_dump(mode="json"),
    }
    fingerprint = "sha256:" + hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()

    def respond(candidature: Candidature) -> StoredResponse:
        return StoredResponse(201, _detail(container, CandidatureView(candidature, None)).model_dump_json())

    return Idempotency(IdempotentRequest(caller=caller, key=key, fingerprint=fingerprint), respond)


@router.get(
    "",
    operation_id="candidatures-list",
    summary="The candidatures the caller may read, newest first",
    description=list_candidatures.__doc__,
    response_model=CandidaturePage,
    responses=problems(401, 403, 422),
)
async def list_(
    request: Request, container: ContainerDep, principal: PrincipalDep, query: Annotated[CandidatureQuery, Depends()]
) -> CandidaturePage:
    found = await list_candidatures(
        uow=container.new_uow(), actor=principal, filters=query.filters, after=query.after, limit=query.limit
    )
    today = paris_date(container.clock.now())
    return CandidaturePage(
        items=[CandidatureOut.of(view.candidature, view.approval, today=today) for view in found.items],
        next=next_position_link(request, found.next),
    )


@router.get(
    "/{candidature_id}",
    operation_id="candidatures-get",
    summary="A candidature, with its history and its PASS IAE",
    description=get_candidature.__doc__,
    response_model=CandidatureDetailOut,
    responses=problems(401, 403, 404),
)
async def get(candidature_id: UUID, container: ContainerDep, principal: PrincipalDep) -> CandidatureDetailOut:
    view = await get_candidature(uow=container.new_uow(), actor=principal, candidature_id=candidature_id)
    return _detail(container, view)


def _move_route(slug: str, transition: Transition, summary: str) -> None:
    async def move(candidature_id: UUID, container: ContainerDep, principal: PrincipalDep) -> CandidatureDetailOut:
        view = await move_candidature(
            uow=container.new_uow(),
            actor=principal,
            clock=container.clock,
            ids=container.ids,
            candidature_id=candidature_id,
            transition=transition,
        )
        return _detail(container, view)

    _answer_route(slug, move, summary=summary, description=move_candidature.__doc__, statuses=(401, 403, 404, 409))


def _answer_route(
    slug: str,
    endpoint: Callable[..., Awaitable[CandidatureDetailOut]],
    *,
    summary: str,
    description: str | None,
    statuses: tuple[int, ...],
) -> None:
    router.add_api_route(
        f"/{{candidature_id}}/{slug}",
        endpoint,
        methods=["POST"],
        operation_id=f"candidatures-{slug}",
        summary=summary,
        description=description,
        response_model=CandidatureDetailOut,
        responses=problems(*statuses),
    )


for _slug, _transition, _summary in [
    ("process", Transition.PROCESS, "Study a candidature"),
    ("postpone", Transition.POSTPONE, "Postpone the answer"),
    ("add-to-pool", Transition.ADD_TO_POOL, "Keep the candidate in the company's pool"),
    ("prior-to-hire", Transition.MOVE_TO_PRIOR_TO_HIRE, "Start an action prior to hiring"),
    ("cancel-prior-to-hire", Transition.CANCEL_PRIOR_TO_HIRE, "Cancel the action prior to hiring"),
]:
    _move_route(_slug, _transition, _summary)


async def refuse(
    candidature_id: UUID, body: RefusalCreate, container: ContainerDep, principal: PrincipalDep
) -> CandidatureDetailOut:
    view = await refuse_candidature(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        candidature_id=candidature_id,
        reason=body.reason,
        message=body.message,
    )
    return _detail(container, view)


async def accept(
    candidature_id: UUID, body: AcceptanceCreate, container: ContainerDep, principal: PrincipalDep
) -> CandidatureDetailOut:
    view = await accept_candidature(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        candidature_id=candidature_id,
        hiring=Hiring(body.hiring_start_at, body.hiring_end_at),
        message=body.message,
        pass_prefix=container.settings.asp.pass_iae_prefix,
    )
    return _detail(container, view)


async def cancel(candidature_id: UUID, container: ContainerDep, principal: PrincipalDep) -> CandidatureDetailOut:
    view = await cancel_hire(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        candidature_id=candidature_id,
    )
    return _detail(container, view)


async def transfer(
    candidature_id: UUID, body: TransferCreate, container: ContainerDep, principal: PrincipalDep
) -> CandidatureDetailOut:
    view = await transfer_candidature(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        candidature_id=candidature_id,
        to_company_id=body.company_id,
    )
    return _detail(container, view)


_answer_route(
    "refuse",
    refuse,
    summary="Refuse a candidature, with a reason",
    description=refuse_candidature.__doc__,
    statuses=(401, 403, 404, 409, 422),
)
_answer_route(
    "accept",
    accept,
    summary="Hire the candidate (issues or reuses the PASS IAE)",
    description=accept_candidature.__doc__,
    statuses=(401, 403, 404, 409, 422),
)
_answer_route("cancel", cancel, summary="Cancel a hire", description=cancel_hire.__doc__, statuses=(401, 403, 404, 409))
_answer_route(
    "transfer",
    transfer,
    summary="Transfer to another company of the same employer",
    description=transfer_candidature.__doc__,
    statuses=(401, 403, 404, 409, 422),
)


@router.patch(
    "/{candidature_id}/hiring",
    operation_id="candidatures-change-hiring",
    summary="Change the dates of a hire (and of its PASS IAE not started yet)",
    description=change_hiring_dates.__doc__,
    response_model=CandidatureDetailOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def change_hiring(
    candidature_id: UUID, body: HiringChange, container: ContainerDep, principal: PrincipalDep
) -> CandidatureDetailOut:
    view = await change_hiring_dates(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        candidature_id=candidature_id,
        hiring=Hiring(body.hiring_start_at, body.hiring_end_at),
    )
    return _detail(container, view)
