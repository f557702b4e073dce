"""Creating accounts: job seekers, prescribers (with their organisation),
employers (joining a company of the referential), staff."""

from dataclasses import dataclass

from domain.companies.companies import Company, CompanyKind
from domain.errors import Conflict, FieldError, NotFound, RuleViolation
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
from domain.prescribers.france_travail import ensure_agency_address, find_agency
from domain.prescribers.organisations import (
    OrganisationKind,
    OrganisationSource,
    PrescriberOrganisation,
    signup_habilitation,
)
from domain.prescribers.sirets import ensure_siret_free


class EmailTaken(Conflict):
    code = "email-taken"
    title = "Adresse e-mail déjà utilisée"


class AmbiguousCompany(RuleViolation):
    code = "company-kind-required"
    title = "Type de structure à préciser"


class MissingOrganisationField(RuleViolation):
    code = "organisation-field-required"
    title = "Information sur l'organisation manquante"


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
    siret: str | None,
    organisation_kind: OrganisationKind,
    organisation_name: str | None,
    ft_email_domains: frozenset[str],
    safir_code: str | None = None,
) -> Signup:
    """Create a prescriber's account in the organisation of that SIRET and kind.

    - France Travail (FT): the agency must be in the operator's referential
      (by SIRET and/or SAFIR code; unknown: 404 ``unknown-france-travail-agency``)
      and the address in one of ``TREMPLIN_FT_EMAIL_DOMAINS`` (else 403
      ``france-travail-email-domain``; a colleague may invite him instead). With
      no active admin yet, he becomes its admin: the address is the proof.
    - Another kind: the organisation is created when unknown, ``pending`` until
      staff validates it (ML and CAP_EMPLOI included; an ORIENTEUR seeks no
      habilitation); its creator is its admin. One organisation per SIRET: a
      known SIRET under another kind is 409 ``organisation-siret-taken`` naming it.
    - Anyone joining an existing organisation otherwise waits (``pending``) for
      its admin, or for staff when it has none: a member sees every candidature
      his organisation sent.
    - The email is confirmed through the link emailed to it before a token.
    """
    uow = services.uow
    async with uow:
        if organisation_kind is OrganisationKind.FT:
            ensure_agency_address(account.email, ft_email_domains)
        user = await _new_user(services, account, UserKind.PRESCRIBER)
        if organisation_kind is OrganisationKind.FT:
            organisation, proven = await _agency(uow, siret, safir_code), True
        else:
            organisation, proven = await _organisation_of(services, siret, organisation_kind, organisation_name)
        membership = await _join_organisation(services, user, organisation, proven=proven)
        await uow.commit()
        return Signup(user=user, membership=membership)


async def _agency(uow: UnitOfWork, siret: str | None, safir_code: str | None) -> PrescriberOrganisation:
    if siret is None and safir_code is None:
        raise MissingOrganisationField(
            "Donnez le SIRET ou le code SAFIR de votre agence France Travail.",
            errors=[_required("organisation_siret"), _required("organisation_safir_code")],
        )
    return await find_agency(uow, siret=siret, safir_code=safir_code)


async def _organisation_of(
    services: Services, siret: str | None, kind: OrganisationKind, name: str | None
) -> tuple[PrescriberOrganisation, bool]:
    """The organisation of this SIRET and kind, or a new one (``True``)."""
    if siret is None:
        raise MissingOrganisationField(
            "Le SIRET de l'organisation est requis.", errors=[_required("organisation_siret")]
        )
    holders = await services.uow.organisations.by_siret(siret)
    ensure_siret_free(holders, kind)
    if holders:
        return holders[0], False
    if not name:
        raise MissingOrganisationField("Nommez l'organisation à créer.", errors=[_required("organisation_name")])
    organisation = PrescriberOrganisation(
        id=services.ids.new_id(),
        siret=siret,
        kind=kind,
        name=name,
        habilitation=signup_habilitation(kind),
        created_at=services.clock.now(),
        source=OrganisationSource.SIGNUP,
    )
    await services.uow.organisations.add(organisation)
    return organisation, True


async def _join_organisation(
    services: Services, user: User, organisation: PrescriberOrganisation, *, proven: bool
) -> Membership:
    """Its creator, or a person whose address proves he works there while it
    has no active admin, becomes its admin; anyone else waits."""
    tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id)
    has_admin = any(m.is_active_admin for m in await services.uow.memberships.for_tenant(tenant))
    admin = proven and not has_admin
    membership = Membership(
        id=services.ids.new_id(),
        user_id=user.id,
        tenant=tenant,
        role=MembershipRole.ADMIN if admin else MembershipRole.MEMBER,
        status=MembershipStatus.ACTIVE if admin else MembershipStatus.PENDING,
        created_at=services.clock.now(),
    )
    await services.uow.memberships.add(membership)
    return membership


def _required(field_name: str) -> FieldError:
    return FieldError(f"/{field_name}", "required")


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
