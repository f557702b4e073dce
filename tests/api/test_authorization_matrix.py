"""Every operation of the OpenAPI × every kind of caller × own and other tenant's objects.

``MATRIX`` is the one table of expected answers: one row per operationId, one
cell per principal (in ``PRINCIPALS``' order: anonymous, job seeker, orienteur,
habilitated prescriber, employer of the company, employer of another company,
staff, partner application of the company with every scope, the same with
none). A cell ``200/404`` is the answer on the caller's own objects, then on
the other tenant's (see ``authorization_world``); a single code is both. An
operation of the OpenAPI without a row fails ``test_every_operation_has_a_row``.

Each answer must be exactly the one declared: a 2xx where the table says
403/404 is a leak, a 403 where it says 404 tells a stranger the object exists.
"""

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete

from adapters.db.engine import make_engine
from adapters.db.tables import metadata
from api.http.app import create_app
from api.settings import load_settings
from domain.approvals.business_dates import paris_date
from domain.identity.links import PASSWORD_RESET_TTL, LinkPurpose
from domain.identity.users import User, UserKind
from tests.api.account_links import token_in_the_outbox
from tests.api.authorization_world import PRINCIPALS, SIDES, World, a_world, with_fast_hashing
from tests.builders.companies import a_company, a_siret
from tests.builders.identity import PASSWORD, a_link_token, a_user
from tests.conftest import BASE_URL
from tests.nirs import a_nir

pytestmark = pytest.mark.anyio

MATRIX_TABLE = """
operationId                                  anon seeker  orient  presc   employ  other   staff   partner no-scope
health-live                                  200  200     200     200     200     200     200     200     200
health-ready                                 200  200     200     200     200     200     200     200     200
auth-token                                   200  200     200     200     200     200     200     200     200
auth-jwks                                    200  200     200     200     200     200     200     200     200
me-get                                       401  200     200     200     200     200     200     200     200
signup-job-seeker                            201  201     201     201     201     201     201     201     201
signup-prescriber                            201  201     201     201     201     201     201     201     201
signup-employer                              201  201     201     201     201     201     201     201     201
auth-confirm-email                           200  200     200     200     200     200     200     200     200
auth-resend-email-confirmation               202  202     202     202     202     202     202     202     202
auth-request-password-reset                  202  202     202     202     202     202     202     202     202
auth-reset-password                          200  200     200     200     200     200     200     200     200
prescriber-organisations-get                 401  200     200     200     200     200     200     200     200
prescriber-organisations-decide-habilitation 401  403     403     403     403     403     422/200 403     403
prescriber-organisations-members-list        401  403     200/403 200/403 403     403     200     403     403
prescriber-organisations-members-add         401  403     202/403 202/403 403     403     202     403     403
prescriber-organisations-members-update      401  403     200/403 200/403 403     403     200     403     403
communes-search                              200  200     200     200     200     200     200     200     200
communes-get                                 200  200     200     200     200     200     200     200     200
rome-appellations-search                     200  200     200     200     200     200     200     200     200
eligibility-criteria-list                    200  200     200     200     200     200     200     200     200
companies-search                             200  200     200     200     200     200     200     200     200
companies-get                                200  200     200     200     200     200     200     200     200
companies-update                             401  403     403     403     200/403 403     403     200/403 403
job-postings-create                          401  403     403     403     201/403 403     403     201/403 403
companies-members-list                       401  403     403     403     200/403 403     200     200/403 403
companies-members-add                        401  403     403     403     202/403 403     202     403     403
companies-members-update                     401  403     403     403     200/403 403     200     403     403
job-postings-search                          200  200     200     200     200     200     200     200     200
job-postings-get                             200  200     200     200     200     200     200     200     200
job-postings-update                          401  403     403     403     200/403 403     403     200/403 403
admin-outbox-list                            401  403     403     403     403     403     200     403     403
admin-outbox-requeue                         401  403     403     403     403     403     200     403     403
admin-decisions-queue                        401  403     403     403     403     403     200     403     403
admin-decisions-history                      401  403     403     403     403     403     200     403     403
admin-decisions-decide                       401  403     403     403     403     403     201     403     403
admin-nir-lookup-budgets-list                401  403     403     403     403     403     200     403     403
companies-notification-preferences-get       401  403     403     403     200/403 403     403     403     403
companies-notification-preferences-set       401  403     403     403     200/403 403     403     403     403
job-seekers-create                           401  403     201     201     201     201     403     201     403
job-seekers-find-by-nir                      401  403     200     200     200     200     403     200     403
job-seekers-get                              401  200/404 404     200/404 200/404 404     200     200/404 403
job-seekers-update                           401  200/404 404     403/404 403/404 404     200     403/404 403
job-seekers-matches                          401  200/404 404     200/404 200/404 404     200     200/404 403/404
job-seekers-eligibility                      401  200/404 404     200/404 200/404 404     200     200/404 403/404
job-seekers-history                          401  200/404 404     200/404 200/404 404     200     200/404 403
eligibility-diagnoses-create                 401  403     403     201/404 201/404 404     403     201/404 403
approvals-get                                401  200/404 404     200/404 200/404 404     200     200/404 403/404
approvals-suspend                            401  403/404 404     403/404 201/404 404     403     403/404 403/404
approvals-request-prolongation               401  403/404 404     403/404 201/404 404     403     403/404 403/404
prolongation-requests-grant                  401  403/404 404     200/404 403/404 404     403     403/404 403/404
prolongation-requests-deny                   401  403/404 404     200/404 403/404 404     403     403/404 403/404
prolongation-requests-list                   401  403     200     200     200     200     200     200     403
prolongation-requests-get                    401  200/404 404     200/404 200/404 404     200     200/404 403/404
approvals-suspensions-update                 401  403/404 404     403/404 200/404 404     403     403/404 403/404
approvals-suspensions-end                    401  403/404 404     403/404 200/404 404     403     403/404 403/404
approvals-suspensions-delete                 401  403/404 404     403/404 200/404 404     403     403/404 403/404
approvals-attestation                        401  200/404 404     200/404 200/404 404     200     200/404 403/404
candidatures-change-hiring                   401  403/404 404     403/404 200/404 404     403     200/404 403/404
candidatures-create                          401  201/404 201/404 201/404 201/403 403     403     201/403 403
candidatures-list                            401  200     200     200     200     200     200     200     403
candidatures-get                             401  200/404 404     200/404 200/404 404     200     200/404 403
candidatures-process                         401  403/404 404     403/404 200/404 404     403     200/404 403/404
candidatures-postpone                        401  403/404 404     403/404 200/404 404     403     200/404 403/404
candidatures-add-to-pool                     401  403/404 404     403/404 200/404 404     403     200/404 403/404
candidatures-prior-to-hire                   401  403/404 404     403/404 200/404 404     403     200/404 403/404
candidatures-cancel-prior-to-hire            401  403/404 404     403/404 200/404 404     403     200/404 403/404
candidatures-refuse                          401  403/404 404     403/404 200/404 404     403     200/404 403/404
candidatures-accept                          401  403/404 404     403/404 200/404 404     403     200/404 403/404
candidatures-cancel                          401  403/404 404     403/404 200/404 404     403     200/404 403/404
candidatures-transfer                        401  403/404 404     403/404 200/404 404     403     403/404 403/404
employee-records-list                        401  403     403     403     200     200     200     200     403
employee-records-get                         401  404     404     404     200/404 404     200     200/404 403/404
employee-records-updates-list                401  404     404     404     200/404 404     200     200/404 403/404
employee-records-update                      401  404     404     404     200/404 404     403     200/404 403/404
employee-records-ready                       401  404     404     404     200/404 404     403     200/404 403/404
employee-records-archive                     401  404     404     404     200/404 404     403     200/404 403/404
employee-records-updates-create              401  404     404     404     201/404 404     403     201/404 403/404
exits-record                                 401  403/404 404     403/404 201/404 404     403     201/404 403/404
exits-correct                                401  403/404 404     403/404 200/404 404     403     200/404 403/404
exits-get                                    401  200/404 404     200/404 200/404 404     200     200/404 403
exits-follow-ups-record                      401  403/404 404     403/404 201/404 404     403     201/404 403/404
exits-follow-ups-correct                     401  403/404 404     403/404 200/404 404     403     200/404 403/404
companies-indicators                         401  403     403     403     200/403 403     200     200     403
departments-indicators                       401  403     403     403     403     403     200     200     403
companies-invitations-create                 401  403     403     403     201/403 403     201     403     403
companies-invitations-list                   401  403     403     403     200/403 403     200     403     403
prescriber-organisations-invitations-create  401  403     201/403 201/403 403     403     201     403     403
prescriber-organisations-invitations-list    401  403     200/403 200/403 403     403     200     403     403
invitations-revoke                           401  404     404     404     200/404 404     200     403/404 403/404
invitations-accept                           200  403     403     403     200     200     403     403     403
company-proofs-confirm                       200  200     200     200     200     200     200     200     200
"""
MATRIX: dict[str, str] = {row.split()[0]: " ".join(row.split()[1:]) for row in MATRIX_TABLE.splitlines()[2:]}


def expected(operation_id: str, principal: str, side: str) -> int:
    cell = MATRIX[operation_id].split()[PRINCIPALS.index(principal)]
    own, _, other = cell.partition("/")
    return int(own if side == "own" or not other else other)


# -- the request of each operation, per caller and side -----------------------------------


@dataclass(slots=True)
class Call:
    path: dict[str, object] = field(default_factory=dict)
    query: dict[str, object] = field(default_factory=dict)
    json: object = None
    form: dict[str, str] | None = None
    holder: User | None = None  # the job seeker concerned, when made for this call


Recipe = Callable[[World, str, str], Awaitable[Call]]
RECIPES: dict[str, Recipe] = {}
_first_names = itertools.count(1)


def recipe(*operation_ids: str) -> Callable[[Recipe], Recipe]:
    def register(function: Recipe) -> Recipe:
        for operation_id in operation_ids:
            RECIPES[operation_id] = function
        return function

    return register


def static(operation_id: str, **call: Any) -> None:
    async def build(world: World, principal: str, side: str) -> Call:
        return Call(**call)

    RECIPES[operation_id] = build


for _operation_id in (
    "health-live",
    "health-ready",
    "auth-jwks",
    "me-get",
    "eligibility-criteria-list",
    "admin-outbox-list",
    "admin-decisions-queue",
    "admin-decisions-history",
    "admin-nir-lookup-budgets-list",
):
    static(_operation_id)
static("communes-search", query={"q": "paris"})
static("communes-get", path={"insee_code": "75056"})
static("rome-appellations-search", query={"q": "boul"})
static("companies-search", query={"commune": "75056"})
static("job-postings-search", query={"commune": "75056"})
static("job-seekers-create", json={"first_name": "Nadia", "last_name": "Haddad"})


@recipe("auth-token")
async def _token(world: World, principal: str, side: str) -> Call:
    form = {"grant_type": "password", "username": world.side(side).holder.email, "password": PASSWORD}
    return Call(form=form)


def _account(world: World) -> dict[str, str]:
    email = f"new.{world.container.ids.new_id().hex}@example.org"
    return {"email": email, "password": PASSWORD, "first_name": "Camille", "last_name": "Martin"}


@recipe("signup-job-seeker")
async def _signup_job_seeker(world: World, principal: str, side: str) -> Call:
    return Call(json=_account(world))


@recipe("signup-prescriber")
async def _signup_prescriber(world: World, principal: str, side: str) -> Call:
    organisation = {"organisation_siret": a_siret(), "organisation_kind": "CHRS", "organisation_name": "CHRS Le Phare"}
    return Call(json={**_account(world), **organisation})


@recipe("signup-employer")
async def _signup_employer(world: World, principal: str, side: str) -> Call:
    return Call(json={**_account(world), "company_siret": world.side(side).company.siret})


@recipe("auth-confirm-email")
async def _confirm_email(world: World, principal: str, side: str) -> Call:
    person = await a_user(world.container, kind=UserKind.JOB_SEEKER, confirmed=False)
    return Call(json={"token": await a_link_token(world.container, person)})


@recipe("auth-resend-email-confirmation", "auth-request-password-reset")
async def _about_an_address(world: World, principal: str, side: str) -> Call:
    return Call(json={"email": world.side(side).holder.email})


@recipe("auth-reset-password")
async def _reset_password(world: World, principal: str, side: str) -> Call:
    person = await a_user(world.container, kind=UserKind.JOB_SEEKER)
    token = await a_link_token(world.container, person, purpose=LinkPurpose.PASSWORD_RESET, ttl=PASSWORD_RESET_TTL)
    return Call(json={"token": token, "password": "un nouveau mot de passe"})


@recipe("prescriber-organisations-get")
async def _organisation(world: World, principal: str, side: str) -> Call:
    return Call(path={"organisation_id": world.organisation_of(principal, side).id})


@recipe("prescriber-organisations-decide-habilitation")
async def _habilitation(world: World, principal: str, side: str) -> Call:
    organisation = world.organisation_of(principal, side) if side == "own" else await world.a_pending_organisation()
    return Call(path={"organisation_id": organisation.id}, json={"decision": "validated"})


@recipe("prescriber-organisations-members-list")
async def _organisation_members(world: World, principal: str, side: str) -> Call:
    return Call(path={"tenant_id": world.organisation_of(principal, side).id})


@recipe("prescriber-organisations-members-add")
async def _organisation_member_add(world: World, principal: str, side: str) -> Call:
    account = await world.an_account(UserKind.PRESCRIBER)
    return Call(path={"tenant_id": world.organisation_of(principal, side).id}, json={"email": account.email})


@recipe("prescriber-organisations-members-update")
async def _organisation_member_update(world: World, principal: str, side: str) -> Call:
    member = world.member_of_organisation(principal, side)
    path = {"tenant_id": world.organisation_of(principal, side).id, "user_id": member.id}
    return Call(path=path, json={"role": "member"})


@recipe("companies-get", "companies-members-list", "companies-notification-preferences-get")
async def _company(world: World, principal: str, side: str) -> Call:
    company_id = world.side(side).company.id
    return Call(path={"company_id": company_id, "tenant_id": company_id})


@recipe("companies-update")
async def _company_update(world: World, principal: str, side: str) -> Call:
    return Call(path={"company_id": world.side(side).company.id}, json={"description": "Recyclerie solidaire."})


@recipe("companies-notification-preferences-set")
async def _preferences(world: World, principal: str, side: str) -> Call:
    return Call(path={"company_id": world.side(side).company.id}, json={"new_candidatures": True})


@recipe("job-postings-create")
async def _posting_create(world: World, principal: str, side: str) -> Call:
    body = {"appellation_code": "11573", "contract_type": "fixed_term_i"}
    return Call(path={"company_id": world.side(side).company.id}, json=body)


@recipe("companies-members-add")
async def _company_member_add(world: World, principal: str, side: str) -> Call:
    account = await world.an_account(UserKind.EMPLOYER)
    return Call(path={"tenant_id": world.side(side).company.id}, json={"email": account.email})


@recipe("companies-members-update")
async def _company_member_update(world: World, principal: str, side: str) -> Call:
    s = world.side(side)
    return Call(path={"tenant_id": s.company.id, "user_id": s.company_member.id}, json={"role": "member"})


@recipe("job-postings-get", "job-postings-update")
async def _posting(world: World, principal: str, side: str) -> Call:
    return Call(path={"posting_id": world.side(side).posting.id}, json={"description": "Tri et valorisation."})


@recipe("admin-decisions-decide")
async def _staff_decision(world: World, principal: str, side: str) -> Call:
    organisation = await world.a_pending_organisation()
    return Call(path={"item_id": organisation.id}, json={"outcome": "approve", "comment": "Agrément vérifié."})


@recipe("admin-outbox-requeue")
async def _requeue(world: World, principal: str, side: str) -> Call:
    return Call(path={"message_id": await world.a_dead_email()})


@recipe("job-seekers-find-by-nir")
async def _find_by_nir(world: World, principal: str, side: str) -> Call:
    # A fresh person each time, so that each lookup finds someone.
    nir = a_nir()
    await world.a_person(side, nir=nir)
    return Call(query={"nir": nir})


@recipe("job-seekers-get", "job-seekers-matches", "job-seekers-eligibility", "job-seekers-history")
async def _job_seeker(world: World, principal: str, side: str) -> Call:
    return Call(path={"job_seeker_id": world.side(side).job_seeker.id})


@recipe("job-seekers-update")
async def _job_seeker_update(world: World, principal: str, side: str) -> Call:
    # A new first name each time: his identity, which only he (he has an account) and staff change.
    job_seeker = world.side(side).job_seeker
    return Call(path={"job_seeker_id": job_seeker.id}, json={"first_name": f"Samir-{next(_first_names)}"})


@recipe("eligibility-diagnoses-create")
async def _diagnosis(world: World, principal: str, side: str) -> Call:
    body: dict[str, object] = {"criteria": ["RSA"]}
    company = world.company_of(principal)
    if company is not None:
        body["company_id"] = str(company.id)
    return Call(path={"job_seeker_id": world.side(side).job_seeker.id}, json=body)


@recipe("approvals-get")
async def _approval(world: World, principal: str, side: str) -> Call:
    return Call(path={"number": world.side(side).pass_number})


@recipe("approvals-suspend")
async def _suspend(world: World, principal: str, side: str) -> Call:
    approval, holder = await world.a_hire(side)
    start = paris_date(world.container.clock.now())
    end = start + timedelta(days=30)
    body = {"start_at": start.isoformat(), "end_at": end.isoformat(), "reason": "contract_broken"}
    return Call(path={"number": approval["number"]}, json=body, holder=holder)


@recipe("approvals-request-prolongation")
async def _prolong(world: World, principal: str, side: str) -> Call:
    approval, holder = await world.a_hire(side)
    end = paris_date(world.container.clock.now()) + timedelta(days=800)
    body = {"reason": "complete_training", "end_at": end.isoformat()}
    return Call(path={"number": approval["number"]}, json=body, holder=holder)


@recipe("prolongation-requests-grant", "prolongation-requests-deny")
async def _decide_prolongation(world: World, principal: str, side: str) -> Call:
    prolongation_id, holder = await world.a_prolongation_request(side)
    body = {"reason_code": "reason", "reason": "La RQTH a expiré."}
    return Call(path={"prolongation_id": prolongation_id}, json=body, holder=holder)


@recipe("prolongation-requests-list")
async def _prolongation_requests(world: World, principal: str, side: str) -> Call:
    return Call(query={"state": "pending"})


@recipe("prolongation-requests-get")
async def _prolongation_request(world: World, principal: str, side: str) -> Call:
    prolongation_id, holder = await world.a_prolongation_request(side)
    return Call(path={"prolongation_id": prolongation_id}, holder=holder)


async def _a_suspension(world: World, side: str, *, starts_in_days: int) -> tuple[str, str, User]:
    """A fresh hire's PASS IAE, suspended by the side's employer."""
    approval, holder = await world.a_hire(side)
    body = {"start_at": world.today(starts_in_days), "end_at": world.today(60), "reason": "contract_suspended"}
    url = f"/api/v1/approvals/{approval['number']}/suspensions"
    suspended = await world.call_ok("POST", url, world.side(side).employer_headers, json=body)
    return approval["number"], suspended["suspensions"][-1]["id"], holder


@recipe("approvals-suspensions-update", "approvals-suspensions-end")
async def _running_suspension(world: World, principal: str, side: str) -> Call:
    number, suspension_id, holder = await _a_suspension(world, side, starts_in_days=0)
    path = {"number": number, "suspension_id": suspension_id}
    return Call(path=path, json={"end_at": world.today(30)}, holder=holder)


@recipe("approvals-suspensions-delete")
async def _future_suspension(world: World, principal: str, side: str) -> Call:
    number, suspension_id, holder = await _a_suspension(world, side, starts_in_days=10)
    return Call(path={"number": number, "suspension_id": suspension_id}, holder=holder)


@recipe("approvals-attestation")
async def _attestation(world: World, principal: str, side: str) -> Call:
    return Call(path={"number": world.side(side).pass_number})


@recipe("candidatures-change-hiring")
async def _hiring_dates(world: World, principal: str, side: str) -> Call:
    candidature_id, holder = await world.a_candidature(side, state="accepted")
    return Call(path={"candidature_id": candidature_id}, json={"hiring_start_at": world.today(7)}, holder=holder)


@recipe("candidatures-create")
async def _submit(world: World, principal: str, side: str) -> Call:
    person, holder = await world.a_person(side, followed_by_company=True)
    body = {"job_seeker_id": str(person.id), "company_id": str(world.side(side).company.id)}
    return Call(json=body, holder=holder)


@recipe("candidatures-list")
async def _list(world: World, principal: str, side: str) -> Call:
    return Call(query={"company_id": str(world.side(side).company.id)} if side == "other" else {})


@recipe("candidatures-get")
async def _candidature(world: World, principal: str, side: str) -> Call:
    return Call(path={"candidature_id": world.side(side).candidatures["new"]})


ANSWERS: dict[str, tuple[str, Callable[[World], object]]] = {
    "candidatures-process": ("new", lambda world: None),
    "candidatures-postpone": ("new", lambda world: None),
    "candidatures-add-to-pool": ("new", lambda world: None),
    "candidatures-prior-to-hire": ("new", lambda world: None),
    "candidatures-cancel-prior-to-hire": ("prior_to_hire", lambda world: None),
    "candidatures-refuse": ("new", lambda world: {"reason": "no_position"}),
    "candidatures-accept": ("new", lambda world: {"hiring_start_at": world.today()}),
    "candidatures-cancel": ("accepted", lambda world: None),
    "candidatures-transfer": ("new", lambda world: {"company_id": str(world.second_company.id)}),
}


def _answer_recipe(operation_id: str) -> Recipe:
    state, body = ANSWERS[operation_id]

    async def build(world: World, principal: str, side: str) -> Call:
        candidature_id, holder = await world.a_candidature(side, state=state)
        return Call(path={"candidature_id": candidature_id}, json=body(world), holder=holder)

    return build


for _operation_id in ANSWERS:
    RECIPES[_operation_id] = _answer_recipe(_operation_id)


@recipe("employee-records-list")
async def _records(world: World, principal: str, side: str) -> Call:
    return Call(query={"company_id": str(world.side(side).company.id)} if side == "other" else {})


@recipe("employee-records-get", "employee-records-update", "employee-records-updates-list")
async def _record(world: World, principal: str, side: str) -> Call:
    return Call(path={"record_id": world.side(side).employee_record}, json={"lane_name": "de la Paix"})


@recipe("employee-records-updates-create")
async def _rejected_update(world: World, principal: str, side: str) -> Call:
    record_id, holder = await world.a_record_told_dates_the_asp_rejected(side)
    return Call(path={"record_id": record_id}, holder=holder)


@recipe("employee-records-archive")
async def _fresh_record(world: World, principal: str, side: str) -> Call:
    record_id, holder = await world.an_employee_record(side)
    return Call(path={"record_id": record_id}, holder=holder)


@recipe("employee-records-ready")
async def _ready(world: World, principal: str, side: str) -> Call:
    record_id, holder = await world.an_employee_record(side, complete=True)
    return Call(path={"record_id": record_id}, holder=holder)


@recipe("exits-record")
async def _exit(world: World, principal: str, side: str) -> Call:
    candidature_id, holder = await world.a_candidature(side, state="accepted")
    return Call(path={"candidature_id": candidature_id}, json=world.exit_facts(days_ago=0), holder=holder)


@recipe("exits-get", "exits-correct")
async def _recorded_exit(world: World, principal: str, side: str) -> Call:
    candidature_id, holder = await world.an_exit(side)
    return Call(path={"candidature_id": candidature_id}, json=world.exit_facts(days_ago=110), holder=holder)


@recipe("exits-follow-ups-record")
async def _follow_up_due(world: World, principal: str, side: str) -> Call:
    candidature_id, holder = await world.an_exit(side)
    body = {"horizon_months": 3, "situation": "durable_employment"}
    return Call(path={"candidature_id": candidature_id}, json=body, holder=holder)


@recipe("exits-follow-ups-correct")
async def _follow_up(world: World, principal: str, side: str) -> Call:
    candidature_id, holder = await world.an_exit(side, follow_up=True)
    path = {"candidature_id": candidature_id, "horizon_months": 3}
    return Call(path=path, json={"situation": "durable_employment"}, holder=holder)


@recipe("companies-indicators")
async def _company_indicators(world: World, principal: str, side: str) -> Call:
    period = {"from": world.today(-365), "to": world.today()}
    return Call(path={"company_id": world.side(side).company.id}, query=period)


static("departments-indicators", path={"code": "75"}, query={"from": "2026-01-01", "to": "2026-06-30"})


@recipe("companies-invitations-create", "companies-invitations-list")
async def _company_invitations(world: World, principal: str, side: str) -> Call:
    return Call(path={"tenant_id": world.side(side).company.id}, json={"email": _account(world)["email"]})


@recipe("prescriber-organisations-invitations-create", "prescriber-organisations-invitations-list")
async def _organisation_invitations(world: World, principal: str, side: str) -> Call:
    path = {"tenant_id": world.organisation_of(principal, side).id}
    return Call(path=path, json={"email": _account(world)["email"]})


@recipe("invitations-revoke")
async def _invitation(world: World, principal: str, side: str) -> Call:
    company = world.side(side).company.id
    body = {"email": _account(world)["email"]}
    invitation = await world.call_ok(
        "POST", f"/api/v1/companies/{company}/invitations", world.headers("staff"), json=body
    )
    return Call(path={"invitation_id": invitation["id"]})


@recipe("invitations-accept")
async def _invitation_to_accept(world: World, principal: str, side: str) -> Call:
    """An invitation to a fresh company, for the caller's own address (a new one when he has none)."""
    company = await a_company(world.container)
    email = await world.email_of(principal) or _account(world)["email"]
    body = {"email": email}
    await world.call_ok("POST", f"/api/v1/companies/{company.id}/invitations", world.headers("staff"), json=body)
    token = await token_in_the_outbox(world.container, email, template="invitation")
    if principal == "anonymous":
        return Call(json={"token": token, "first_name": "Léa", "last_name": "Petit", "password": PASSWORD})
    return Call(json={"token": token})


@recipe("company-proofs-confirm")
async def _company_proof(world: World, principal: str, side: str) -> Call:
    """The link sent to the official address of a fresh company its first member signed up to."""
    official = _account(world)["email"]
    company = await a_company(world.container, auth_email=official)
    await world.call_ok("POST", "/api/v1/signup/employer", {}, json={**_account(world), "company_siret": company.siret})
    return Call(json={"token": await token_in_the_outbox(world.container, official, template="company_proof")})


# -- the world, once for the module -------------------------------------------------------


@pytest.fixture(scope="module")
async def world(migrated_database: str, data_dir: Path) -> AsyncIterator[World]:
    engine = make_engine(migrated_database)
    async with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            await connection.execute(delete(table))
    await engine.dispose()
    application = create_app(
        load_settings(database_url=migrated_database, data_dir=data_dir, public_url=BASE_URL, log_level="WARNING")
    )
    application.state.container = with_fast_hashing(application.state.container)
    transport = httpx.ASGITransport(app=application, client=("203.0.113.8", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield await a_world(client, application.state.container)
    await application.state.engine.dispose()


@pytest.fixture(scope="module")
async def operations(world: World) -> dict[str, tuple[str, str]]:
    application: FastAPI = world.client._transport.app  # type: ignore[attr-defined]
    return {
        operation["operationId"]: (method.upper(), path)
        for path, methods in application.openapi()["paths"].items()
        for method, operation in methods.items()
    }


async def answer(world: World, route: tuple[str, str], call: Call, principal: str, side: str) -> httpx.Response:
    method, template = route
    # The person a call was made for is the job seeker on the own side; on the
    # other side the job seeker is still the own one, a stranger to it.
    headers = world.headers(principal, holder=call.holder if side == "own" else None)
    return await world.client.request(
        method,
        template.format(**call.path),
        params=call.query,
        json=call.json,
        data=call.form,
        headers=headers,
    )


# -- the tests ----------------------------------------------------------------------------


async def test_every_operation_has_a_row(operations: dict[str, tuple[str, str]]) -> None:
    assert sorted(set(operations) - set(MATRIX)) == [], "operations without a row in MATRIX"
    assert sorted(set(MATRIX) - set(operations)) == [], "rows of MATRIX for operations that no longer exist"
    assert set(RECIPES) == set(MATRIX), "every row needs the recipe of its request"


def test_every_row_has_a_cell_per_principal() -> None:
    short = {operation_id: len(row.split()) for operation_id, row in MATRIX.items() if len(row.split()) != 9}
    assert short == {}


@pytest.mark.parametrize("operation_id", sorted(MATRIX))
async def test_each_caller_gets_the_answer_the_matrix_declares(
    operation_id: str, world: World, operations: dict[str, tuple[str, str]]
) -> None:
    if operation_id not in operations:
        pytest.fail(f"{operation_id} is not in the OpenAPI any more")
    wrong = []
    for side in SIDES:
        for principal in PRINCIPALS:
            call = await RECIPES[operation_id](world, principal, side)
            response = await answer(world, operations[operation_id], call, principal, side)
            if response.status_code != expected(operation_id, principal, side):
                wrong.append(
                    f"{principal} on {side}: {response.status_code}, expected "
                    f"{expected(operation_id, principal, side)} — {response.text[:200]}"
                )
    assert wrong == [], f"{operation_id}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("operation_id", ["candidatures-list", "employee-records-list"])
async def test_a_list_asked_for_the_other_tenant_holds_nothing_of_it(
    operation_id: str, world: World, operations: dict[str, tuple[str, str]]
) -> None:
    readers = [p for p in PRINCIPALS if p != "staff" and expected(operation_id, p, "other") == 200]
    shown = {}
    for principal in readers:
        call = await RECIPES[operation_id](world, principal, "other")
        response = await answer(world, operations[operation_id], call, principal, "other")
        shown[principal] = response.json()["items"]
    assert shown == {principal: [] for principal in readers}
