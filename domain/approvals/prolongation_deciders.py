"""Who decides a prolongation request: the habilitated prescriber the employer
addressed it to, or, once he has left his organisation (or when the request
names nobody), the members of that organisation."""

from uuid import UUID

from domain.approvals.prolongations import Prolongation
from domain.errors import FieldError, RuleViolation
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.users import User, UserKind, normalise_email
from domain.ports.unit_of_work import UnitOfWork


class PrescriberUnknown(RuleViolation):
    code = "prolongation-prescriber-unknown"
    title = "Prescripteur habilité inconnu"


class PrescriberOrganisationAmbiguous(RuleViolation):
    code = "prolongation-prescriber-organisation-ambiguous"
    title = "Organisation du prescripteur à préciser"


async def addressed_prescriber(uow: UnitOfWork, *, email: str, organisation_id: UUID | None) -> tuple[UUID, UUID]:
    """The user and organisation of the habilitated prescriber whose email an
    employer gives: an active prescriber account, active member of a
    habilitated organisation (the one named, if any: 422 otherwise; the only
    one he belongs to when none is named)."""
    user = await uow.users.get_by_email(normalise_email(email))
    organisations = await _habilitated_organisations(uow, user) if user else []
    if organisation_id is not None:
        organisations = [o for o in organisations if o == organisation_id]
    if user is None or not organisations:
        raise PrescriberUnknown(
            "Cette adresse n'est pas celle d'un prescripteur habilité"
            + (" membre de l'organisation désignée." if organisation_id else "."),
            errors=[FieldError("/prescriber_email", "not a habilitated prescriber")],
        )
    if len(organisations) > 1:
        raise PrescriberOrganisationAmbiguous(
            "Ce prescripteur est membre de plusieurs organisations habilitées : désignez la sienne.",
            errors=[FieldError("/prescriber_organisation_id", "required: the prescriber has several organisations")],
        )
    return user.id, organisations[0]


async def assignee_present(uow: UnitOfWork, prolongation: Prolongation) -> bool:
    """Whether the prescriber the request is addressed to is still an active
    member (with an active account) of the organisation that decides it."""
    user_id, organisation_id = prolongation.assigned_to_user_id, prolongation.prescriber_organisation_id
    if user_id is None or organisation_id is None:
        return False
    user = await uow.users.get(user_id)
    tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation_id)
    membership = await uow.memberships.get(user_id=user_id, tenant=tenant)
    return user is not None and user.is_active and membership is not None and membership.is_active


async def deciders_of(uow: UnitOfWork, prolongation: Prolongation) -> list[User]:
    """The people who decide it (none when it is granted on request)."""
    if prolongation.prescriber_organisation_id is None:
        return []
    if await assignee_present(uow, prolongation):
        assert prolongation.assigned_to_user_id is not None  # checked by assignee_present
        user = await uow.users.get(prolongation.assigned_to_user_id)
        return [user] if user else []
    tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, prolongation.prescriber_organisation_id)
    users = [await uow.users.get(m.user_id) for m in await uow.memberships.for_tenant(tenant) if m.is_active]
    return [user for user in users if user is not None and user.is_active]


async def _habilitated_organisations(uow: UnitOfWork, user: User) -> list[UUID]:
    if not user.is_active or user.kind is not UserKind.PRESCRIBER:
        return []
    found = []
    for membership in await uow.memberships.for_user(user.id):
        if membership.is_active and membership.tenant.kind is TenantKind.PRESCRIBER_ORGANISATION:
            organisation = await uow.organisations.get(membership.tenant.id)
            if organisation is not None and organisation.is_habilitated:
                found.append(organisation.id)
    return found
