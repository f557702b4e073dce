"""Creating accounts: job seekers, prescribers (with their organisation),
employers (joining a company of the referential), staff."""

from dataclasses import dataclass

from domain.companies.companies import Company, CompanyKind
from domain.errors import Conflict, NotFound, RuleViolation
from domain.identity.company_proof import join_company
from domain.identity.email_confirmation import send_confirmation_link
from domain.identity.memberships import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Tenant,
    TenantKind,
)
from domain.identity.users import User, UserKind, normalise_email
from domain.job_seekers.registration import register_account_holder
from domain.ports.system import Clock, IdGenerator, PasswordHasher
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import (
    OrganisationKind,
    PrescriberOrganisation,
    initial_habilitation,
)


class EmailTaken(Conflict):
    code = "email-taken"
    title = "Adresse e-mail déjà utilisée"


class AmbiguousCompany(RuleViolation):
    code = "company-kind-required"
    title = "Type de structure à préciser"


@dataclass(slots=True, frozen=True)
class NewAccount:
    email: str
    password: str
    first_name: str
    last_name: str


@dataclass(slots=True, frozen=True)
class Signup:
    user: User
    membership: Membership | None = None
    company_proof_sent_to: str | None = None  # obfuscated: where the first member's proof link went

    @property
    def email_confirmation_sent(self) -> bool:
        """Every new account but staff's waits for its confirmation link."""
        return not self.user.email_confirmed


@dataclass(slots=True, frozen=True)
class Services:
    """The ports every signup needs, passed as one argument."""

    uow: UnitOfWork
    hasher: PasswordHasher
    clock: Clock
    ids: IdGenerator


async def signup_person(*, services: Services, account: NewAccount, kind: UserKind) -> Signup:
    """Create a job seeker's or a staff member's account.

    - Anyone may sign up as a job seeker; staff accounts come from the CLI only.
    - A job seeker confirms his email through the link emailed to him before
      he gets a token; staff, created by the operator, is confirmed at once.
    - A job seeker gets his profile at once, linked to his account.
    - An email already in use: ``EmailTaken`` (409); by a job seeker's profile
      that someone else created: ``job-seeker-email-taken`` (409).
    """
    async with services.uow:
        user = await _new_user(services, account, kind)
        if kind is UserKind.JOB_SEEKER:
            await register_account_holder(uow=services.uow, user=user, clock=services.clock, ids=services.ids)
        await services.uow.commit()
        return Signup(user=user)


async def signup_prescriber(
    *,
    services: Services,
    account: NewAccount,
    siret: str,
    organisation_kind: OrganisationKind,
    organisation_name: str,
) -> Signup:
    """Create a prescriber's account in the organisation of that SIRET and kind.

    - The organisation is created when unknown; its habilitation starts as the
      law says for its kind (FT, ML, CAP_EMPLOI validated; ORIENTEUR not required;
      others pending a staff decision).
    - The first member is its admin; later ones wait for an admin's approval,
      because a member sees every candidature his organisation sent.
    - The email is confirmed through the link emailed to it before a token.
    """
    uow = services.uow
    async with uow:
        user = await _new_user(services, account, UserKind.PRESCRIBER)
        organisation = await uow.organisations.get_by_siret(siret=siret, kind=organisation_kind)
        if organisation is None:
            organisation = PrescriberOrganisation(
                id=services.ids.new_id(),
                siret=siret,
                kind=organisation_kind,
                name=organisation_name,
                habilitation=initial_habilitation(organisation_kind),
                created_at=services.clock.now(),
            )
            await uow.organisations.add(organisation)
        tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id)
        membership = await _join(services, user, tenant)
        await uow.commit()
        return Signup(user=user, membership=membership)


async def signup_employer(
    *, services: Services, account: NewAccount, siret: str, company_kind: CompanyKind | None
) -> Signup:
    """Create an employer's account in a company of the referential.

    - The company must exist (imported from the ASP referential): else 404.
    - Several companies share the SIRET and no kind is given: 422 naming the kinds.
    - The membership is pending. The first member becomes the company's admin
      by following the link sent to its official address (shown obfuscated in
      the answer), or when staff decides if it has none; later ones wait for
      an admin's approval, or accept an invitation.
    - The email is confirmed through the link emailed to it before a token.
    """
    uow = services.uow
    async with uow:
        company = _pick_company(await uow.companies.by_siret(siret), siret, company_kind)
        user = await _new_user(services, account, UserKind.EMPLOYER)
        joined = await join_company(uow=uow, clock=services.clock, ids=services.ids, user=user, company=company)
        await uow.commit()
        return Signup(user=user, membership=joined.membership, company_proof_sent_to=joined.proof_sent_to)


def _pick_company(companies: list[Company] | tuple[Company, ...], siret: str, kind: CompanyKind | None) -> Company:
    matching = [c for c in companies if c.is_active and (kind is None or c.kind is kind)]
    if not matching:
        raise NotFound(f"Aucune structure active avec le SIRET {siret}" + (f" et le type {kind}." if kind else "."))
    if len(matching) > 1:
        kinds = ", ".join(sorted(c.kind for c in matching))
        raise AmbiguousCompany(
            f"Plusieurs structures ont le SIRET {siret} ({kinds}) : précisez company_kind.",
            extra={"kinds": sorted(c.kind for c in matching)},
        )
    return matching[0]


async def _new_user(services: Services, account: NewAccount, kind: UserKind) -> User:
    email = normalise_email(account.email)
    if await services.uow.users.get_by_email(email) is not None:
        raise EmailTaken("Un compte existe déjà avec cette adresse e-mail.")
    now = services.clock.now()
    user = User(
        id=services.ids.new_id(),
        kind=kind,
        email=email,
        first_name=account.first_name,
        last_name=account.last_name,
        password_hash=await services.hasher.hash(account.password),
        created_at=now,
        email_confirmed_at=now if kind is UserKind.STAFF else None,
    )
    await services.uow.users.add(user)
    if not user.email_confirmed:
        await send_confirmation_link(uow=services.uow, user=user, clock=services.clock, ids=services.ids)
    return user


async def _join(services: Services, user: User, tenant: Tenant) -> Membership:
    members = await services.uow.memberships.for_tenant(tenant)
    first = not any(m.is_active for m in members)
    membership = Membership(
        id=services.ids.new_id(),
        user_id=user.id,
        tenant=tenant,
        role=MembershipRole.ADMIN if first else MembershipRole.MEMBER,
        status=MembershipStatus.ACTIVE if first else MembershipStatus.PENDING,
        created_at=services.clock.now(),
    )
    await services.uow.memberships.add(membership)
    return membership
