from fastapi import APIRouter, status

from api.http.deps import ContainerDep
from api.http.schemas.common import problems
from api.http.schemas.identity import (
    AccountIn,
    EmployerSignup,
    JobSeekerSignup,
    PrescriberSignup,
    SignupOut,
    UserOut,
)
from domain.identity.signup import (
    NewAccount,
    Services,
    Signup,
    signup_employer,
    signup_person,
    signup_prescriber,
)
from domain.identity.users import UserKind

router = APIRouter(prefix="/signup", tags=["identity"])


def _services(container: ContainerDep) -> Services:
    return Services(uow=container.new_uow(), hasher=container.hasher, clock=container.clock, ids=container.ids)


def _account(body: AccountIn) -> NewAccount:
    return NewAccount(email=body.email, password=body.password, first_name=body.first_name, last_name=body.last_name)


def _out(signup: Signup) -> SignupOut:
    status_ = signup.membership.status if signup.membership else None
    return SignupOut(
        user=UserOut.of(signup.user),
        membership_status=status_,
        email_confirmation_sent=signup.email_confirmation_sent,
        company_proof_sent_to=signup.company_proof_sent_to,
    )


@router.post(
    "/job-seeker",
    operation_id="signup-job-seeker",
    summary="Create a job seeker account",
    description=signup_person.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=SignupOut,
    responses=problems(409, 422),
)
async def job_seeker(body: JobSeekerSignup, container: ContainerDep) -> SignupOut:
    signup = await signup_person(services=_services(container), account=_account(body), kind=UserKind.JOB_SEEKER)
    return _out(signup)


@router.post(
    "/prescriber",
    operation_id="signup-prescriber",
    summary="Create a prescriber account in an organisation (created if new)",
    description=signup_prescriber.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=SignupOut,
    responses=problems(403, 404, 409, 422),
)
async def prescriber(body: PrescriberSignup, container: ContainerDep) -> SignupOut:
    signup = await signup_prescriber(
        services=_services(container),
        account=_account(body),
        siret=body.organisation_siret,
        organisation_kind=body.organisation_kind,
        organisation_name=body.organisation_name,
        ft_email_domains=container.settings.trust.ft_email_domain_set,
        safir_code=body.organisation_safir_code,
    )
    return _out(signup)


@router.post(
    "/employer",
    operation_id="signup-employer",
    summary="Create an employer account in a company of the referential",
    description=signup_employer.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=SignupOut,
    responses=problems(404, 409, 422),
)
async def employer(body: EmployerSignup, container: ContainerDep) -> SignupOut:
    signup = await signup_employer(
        services=_services(container),
        account=_account(body),
        siret=body.company_siret,
        company_kind=body.company_kind,
    )
    return _out(signup)
