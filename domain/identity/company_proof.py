"""The first member of a company proves he speaks for it.

An SIAE member reads every candidature sent to it, NIRs included: knowing a
company's public SIRET must not be enough to become it. So the first person
to join a company waits, pending, until a single-use link sent to the
company's official address (``auth_email``, from the ASP referential) is
followed; without such an address, staff decides."""

from dataclasses import dataclass

from domain.companies.companies import Company
from domain.identity.events import CompanyProofRequested
from domain.identity.links import COMPANY_PROOF_TTL, AccountLink, InvalidLink, LinkPurpose, consume_link, new_link
from domain.identity.members import Member
from domain.identity.memberships import Membership, MembershipRole, MembershipStatus, Tenant, TenantKind
from domain.identity.users import User
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


@dataclass(slots=True, frozen=True)
class CompanyJoin:
    membership: Membership
    proof_sent_to: str | None = None  # the official address, obfuscated


def obfuscate_email(address: str) -> str:
    """``camille@entreprise.fr`` → ``c***@e***.fr``: enough for the person to
    recognise the address, not enough to read it."""
    local, _, domain = address.partition("@")
    labels = domain.split(".")
    tld = f".{labels[-1]}" if len(labels) > 1 else ""
    return f"{local[:1]}***@{labels[0][:1]}***{tld}"


async def join_company(*, uow: UnitOfWork, clock: Clock, ids: IdGenerator, user: User, company: Company) -> CompanyJoin:
    """A pending membership of a new employer account, in an open unit of work.

    - The company has an active member: pending until an admin approves.
    - It has none: pending as its admin-to-be; a proof link (24 h) goes to its
      official address when it has one, else staff decides.
    """
    tenant = Tenant(TenantKind.COMPANY, company.id)
    first = not any(m.is_active for m in await uow.memberships.for_tenant(tenant))
    membership = Membership(
        id=ids.new_id(),
        user_id=user.id,
        tenant=tenant,
        role=MembershipRole.ADMIN if first else MembershipRole.MEMBER,
        status=MembershipStatus.PENDING,
        created_at=clock.now(),
    )
    if not (first and company.auth_email):
        await uow.memberships.add(membership)
        return CompanyJoin(membership)
    link, token = new_link(
        purpose=LinkPurpose.COMPANY_PROOF,
        email=company.auth_email,
        user_id=user.id,
        subject_id=membership.id,
        ttl=COMPANY_PROOF_TTL,
        ids=ids,
        clock=clock,
    )
    membership.proof_sent_to, membership.proof_sent_at = link.email, link.created_at
    await uow.memberships.add(membership)
    await uow.links.add(link)
    await record_notifications(uow, [_requested(ids, company, user, membership, link, token)])
    return CompanyJoin(membership, obfuscate_email(link.email))


async def confirm_company_proof(*, uow: UnitOfWork, clock: Clock, token: str) -> Member:
    """Follow the link sent to a company's official address: the person it
    names becomes the company's active admin.

    - Anonymous: the token is the proof. Unknown, used or expired link, or a
      membership refused since: ``invalid-link`` (422).
    """
    async with uow:
        link = await consume_link(uow=uow, clock=clock, purpose=LinkPurpose.COMPANY_PROOF, token=token)
        user = await uow.users.get(link.user_id) if link.user_id else None
        memberships = await uow.memberships.for_user(user.id) if user else []
        membership = next((m for m in memberships if m.id == link.subject_id), None)
        if user is None or membership is None or membership.status is MembershipStatus.REVOKED:
            raise InvalidLink("Ce lien n'est pas valide : il a peut-être expiré ou déjà servi. Demandez-en un nouveau.")
        membership.status, membership.role = MembershipStatus.ACTIVE, MembershipRole.ADMIN
        await uow.commit()
        return Member(membership=membership, user=user)


def _requested(
    ids: IdGenerator, company: Company, user: User, membership: Membership, link: AccountLink, token: str
) -> CompanyProofRequested:
    return CompanyProofRequested(
        event_id=ids.new_id(),
        occurred_at=link.created_at,
        membership_id=membership.id,
        official_email=link.email,
        token=token,
        company_name=company.name,
        claimant_name=user.full_name,
        claimant_email=user.email,
    )
