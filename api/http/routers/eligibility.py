from uuid import UUID

from fastapi import APIRouter, status

from api.http.deps import ContainerDep, PrincipalDep
from api.http.schemas.common import problems
from api.http.schemas.eligibility import DiagnosisCreate, DiagnosisOut
from domain.eligibility.use_cases import DiagnosisRequest, make_eligibility_diagnosis

router = APIRouter(tags=["eligibility"])


@router.post(
    "/job-seekers/{job_seeker_id}/eligibility-diagnoses",
    operation_id="eligibility-diagnoses-create",
    summary="Certify a job seeker's IAE eligibility (habilitated prescribers, SIAE employers)",
    description=make_eligibility_diagnosis.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=DiagnosisOut,
    responses=problems(401, 403, 404, 422),
)
async def create(
    job_seeker_id: UUID, body: DiagnosisCreate, container: ContainerDep, principal: PrincipalDep
) -> DiagnosisOut:
    diagnosis = await make_eligibility_diagnosis(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        criteria_referential=container.referentials.criteria,
        job_seeker_id=job_seeker_id,
        request=DiagnosisRequest(criteria=tuple(body.criteria), company_id=body.company_id),
    )
    return DiagnosisOut.of(diagnosis, is_valid=not diagnosis.is_expired(container.clock.now()))
