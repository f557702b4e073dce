"""Accepting an invitation: the emailed link makes a new or an existing
account an active member at once."""

from dataclasses import dataclass

from domain.errors import FieldError, RuleViolation
from domain.identity.invitations import Invitation, InvitationRefused
from domain.identity.links import InvalidLink, LinkPurpose, consume_link
from domain.identity.members import AlreadyMember, Member
from domain.identity.memberships import Membership, MembershipStatus
from domain.identity.principal import Principal
from domain.identity.signup import Services
from domain.identity.tenant_access import MEMBER_KIND
from domain.identity.users import User

NEWCOMER_FIELDS = ("first_name", "last_name", "password")


class AccountDetails(RuleViolation):
    """The account details go with an anonymous acceptance, and with it only."""

    code = "invitation-account-details"
    title = "Compte à créer mal précisé"


@dataclass(slots=True, frozen=True)
class Newcomer:
    """The account to create at the invited address."""

    first_name: str
    last_name: str
    password: str


async def accept_invitation(
    *, services: Services, actor: Principal | None, token: str, newcomer: Newcomer | None
) -> Member:
    """Accept an invitation with the token of its emailed link.

    - Anonymous, with ``first_name``, ``last_name`` and ``password``: creates
      the account at the invited address, its email confirmed (the link proved it).
    - With the Bearer token of the employer's or prescriber's account at the
      invited address: that account joins.
    - Either way the membership is active at once, with the invited role.
    - Any other account (a job seeker's, staff's, another address's, an
      existing one when creating): ``invitation-refused`` (403), the same answer
      whatever the address belongs to. Unknown, used, expired or revoked
      link: ``invalid-link`` (422); account details given with a Bearer token, or
      missing without one: ``invitation-account-details`` (422). Already an
      active member: 409.
    """
    uow, now = services.uow, services.clock.now()
    async with uow:
        link = await consume_link(uow=uow, clock=services.clock, purpose=LinkPurpose.INVITATION, token=token)
        invitation = await uow.invitations.get_for_update(link.subject_id) if link.subject_id else None
        if invitation is None or not invitation.is_pending(at=now):
            raise InvalidLink("Ce lien n'est pas valide : il a peut-être expiré ou déjà servi. Demandez-en un nouveau.")
        user = await _accepting_user(services, actor, invitation, newcomer)
        membership = await _activate(services, user, invitation)
        invitation.accept(user_id=user.id, at=now)
        await uow.commit()
        return Member(membership=membership, user=user)


async def _accepting_user(
    services: Services, actor: Principal | None, invitation: Invitation, newcomer: Newcomer | None
) -> User:
    kind = MEMBER_KIND[invitation.tenant.kind]
    if actor is not None:
        if newcomer is not None:
            raise AccountDetails("Connecté, vous acceptez l'invitation avec votre compte : donnez seulement le jeton.")
        user = await services.uow.users.get(actor.user_id) if actor.user_id else None
        if user is None or not user.is_active or user.email != invitation.email or user.kind is not kind:
            raise InvitationRefused()
        return user
    if newcomer is None:
        missing = [FieldError(f"/{name}", "Field required") for name in NEWCOMER_FIELDS]
        raise AccountDetails(
            "Sans être connecté, donnez le prénom, le nom et le mot de passe du compte à créer.", errors=missing
        )
    if await services.uow.users.get_by_email(invitation.email) is not None:
        raise InvitationRefused()
    now = services.clock.now()
    user = User(
        id=services.ids.new_id(),
        kind=kind,
        email=invitation.email,
        first_name=newcomer.first_name,
        last_name=newcomer.last_name,
        password_hash=await services.hasher.hash(newcomer.password),
        created_at=now,
        email_confirmed_at=now,  # following the invitation's link proved the address
    )
    await services.uow.users.add(user)
    return user


async def _activate(services: Services, user: User, invitation: Invitation) -> Membership:
    uow = services.uow
    membership = await uow.memberships.get(user_id=user.id, tenant=invitation.tenant)
    if membership is None:
        membership = Membership(
            id=services.ids.new_id(),
            user_id=user.id,
            tenant=invitation.tenant,
            role=invitation.role,
            status=MembershipStatus.ACTIVE,
            created_at=services.clock.now(),
        )
        await uow.memberships.add(membership)
    elif membership.is_active:
        raise AlreadyMember("Vous êtes déjà membre de cette structure.")
    else:
        membership.status, membership.role = MembershipStatus.ACTIVE, invitation.role
    return membership
