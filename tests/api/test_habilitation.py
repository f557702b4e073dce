"""Staff decides the habilitation of prescriber organisations."""

import httpx

from api.bootstrap import Container
from domain.identity.users import UserKind
from domain.prescribers.organisations import OrganisationKind
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import an_organisation, organisation_tenant


async def test_staff_validates_a_chrs_and_its_members_become_habilitated(
    client: httpx.AsyncClient, container: Container
) -> None:
    chrs = await an_organisation(container, kind=OrganisationKind.CHRS)
    prescriber = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(chrs))
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await client.post(
        f"/api/v1/prescriber-organisations/{chrs.id}/habilitation",
        json={"decision": "validated"},
        headers=bearer(container, staff),
    )
    assert response.status_code == 200
    assert response.json()["habilitation"] == "validated"
    assert response.json()["habilitation_decided_at"] is not None
    me = await client.get("/api/v1/me", headers=bearer(container, prescriber))
    assert me.json()["memberships"][0]["habilitation"] == "validated"


async def test_only_staff_decides_habilitations(client: httpx.AsyncClient, container: Container) -> None:
    chrs = await an_organisation(container, kind=OrganisationKind.CHRS)
    own_admin = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(chrs))
    response = await client.post(
        f"/api/v1/prescriber-organisations/{chrs.id}/habilitation",
        json={"decision": "validated"},
        headers=bearer(container, own_admin),
    )
    assert response.status_code == 403
    card = await client.get(f"/api/v1/prescriber-organisations/{chrs.id}", headers=bearer(container, own_admin))
    assert card.json()["habilitation"] == "pending"


async def test_france_travail_is_habilitated_by_law(client: httpx.AsyncClient, container: Container) -> None:
    agency = await an_organisation(container, kind=OrganisationKind.FT)
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await client.post(
        f"/api/v1/prescriber-organisations/{agency.id}/habilitation",
        json={"decision": "refused"},
        headers=bearer(container, staff),
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("/habilitation-not-decidable")


async def test_an_orienteur_is_never_habilitated(client: httpx.AsyncClient, container: Container) -> None:
    orienteur = await an_organisation(container, kind=OrganisationKind.ORIENTEUR)
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await client.post(
        f"/api/v1/prescriber-organisations/{orienteur.id}/habilitation",
        json={"decision": "validated"},
        headers=bearer(container, staff),
    )
    assert response.status_code == 422


async def test_a_decision_other_than_validated_or_refused_is_422(
    client: httpx.AsyncClient, container: Container
) -> None:
    chrs = await an_organisation(container, kind=OrganisationKind.CHRS)
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await client.post(
        f"/api/v1/prescriber-organisations/{chrs.id}/habilitation",
        json={"decision": "pending"},
        headers=bearer(container, staff),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/decision"


async def test_deciding_for_an_unknown_organisation_is_404(client: httpx.AsyncClient, container: Container) -> None:
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await client.post(
        "/api/v1/prescriber-organisations/6f1c8a55-7d4e-4c55-9a57-2b0b7f1f2b10/habilitation",
        json={"decision": "validated"},
        headers=bearer(container, staff),
    )
    assert response.status_code == 404
