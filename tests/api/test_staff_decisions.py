"""Staff's queue (GET /admin/decisions), its decisions (POST /admin/decisions/{id})
and their history (GET /admin/decisions/history)."""

from typing import Any

import httpx
import pytest

from api.bootstrap import Container, build_mailer, build_outbox_worker
from api.settings import load_settings
from domain.identity.memberships import MembershipRole, MembershipStatus
from domain.identity.users import User, UserKind
from domain.prescribers.organisations import OrganisationKind
from tests.builders.companies import a_company, a_siret, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.conftest import BASE_URL
from tests.integration.smtp_sink import HOST, Received, an_smtp_server

pytestmark = pytest.mark.anyio
QUEUE, HISTORY = "/api/v1/admin/decisions", "/api/v1/admin/decision-history"


async def a_staff_member(container: Container) -> User:
    return await a_user(container, kind=UserKind.STAFF, email=f"staff.{container.ids.new_id().hex[:8]}@tremplin.test")


async def a_chrs_signup(
    client: httpx.AsyncClient, container: Container, email: str = "sophie.leroy@chrs.example"
) -> str:
    """A CHRS created at signup (pending), and its id."""
    body = {
        "email": email,
        "password": "un mot de passe solide",
        "first_name": "Sophie",
        "last_name": "Leroy",
        "organisation_siret": a_siret(),
        "organisation_kind": "CHRS",
        "organisation_name": "CHRS Les Tilleuls",
    }
    response = await client.post("/api/v1/signup/prescriber", json=body)
    assert response.status_code == 201, response.text
    token = container.tokens.issue(subject=response.json()["user"]["id"], subject_type="user", scope="")
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    organisation_id: str = me.json()["memberships"][0]["organisation_id"]
    return organisation_id


async def the_queue(client: httpx.AsyncClient, staff: dict[str, str], **query: Any) -> list[dict[str, Any]]:
    response = await client.get(QUEUE, params=query, headers=staff)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def emails_sent(container: Container) -> list[Received]:
    with an_smtp_server() as inbox:
        mailer = build_mailer(load_settings(smtp_url=f"smtp://{HOST}:{inbox.port}"))
        await build_outbox_worker(container.settings, container, mailer=mailer).run_until_idle()
    return inbox.messages()


def text_of(received: Received) -> str:
    body = received.message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())  # type: ignore[attr-defined]


# -- the queue ---------------------------------------------------------------------------


async def test_the_queue_holds_each_kind_with_its_evidence(client: httpx.AsyncClient, container: Container) -> None:
    chrs_id = await a_chrs_signup(client, container)
    company = await a_company(container)
    first = await a_user(
        container, kind=UserKind.EMPLOYER, member_of=company_tenant(company), status=MembershipStatus.PENDING
    )
    ml = await an_organisation(container, kind=OrganisationKind.ML)
    await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(ml), role=MembershipRole.MEMBER)
    joiner = await a_user(
        container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(ml), status=MembershipStatus.PENDING
    )
    staff = bearer(container, await a_staff_member(container))

    items = await the_queue(client, staff)

    assert [(i["kind"], i["structure"]["id"], i["person"]["email"]) for i in items] == [
        ("habilitation", chrs_id, "sophie.leroy@chrs.example"),
        ("first_member", str(company.id), first.email),
        ("join_request", str(ml.id), joiner.email),
    ]
    habilitation = items[0]
    assert habilitation["id"] == chrs_id
    assert habilitation["structure"] | {"id": None, "siret": None} == {
        "type": "prescriber_organisation",
        "id": None,
        "kind": "CHRS",
        "name": "CHRS Les Tilleuls",
        "siret": None,
        "source": "signup",
        "habilitation": "pending",
    }
    assert (habilitation["person"]["first_name"], habilitation["person"]["last_name"]) == ("Sophie", "Leroy")
    assert items[1]["structure"]["type"] == "company" and items[1]["structure"]["source"] is None


async def test_an_organisation_of_the_referential_waits_without_a_person(
    client: httpx.AsyncClient, container: Container
) -> None:
    plie = await an_organisation(container, kind=OrganisationKind.PLIE)

    items = await the_queue(client, bearer(container, await a_staff_member(container)))

    assert [(i["id"], i["structure"]["source"], i["person"]) for i in items] == [(str(plie.id), "referential", None)]


async def test_only_staff_reads_the_queue(client: httpx.AsyncClient, container: Container) -> None:
    await a_chrs_signup(client, container)
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    prescriber = await a_user(
        container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(await an_organisation(container))
    )

    answers = [
        (await client.get(url, headers=h)).status_code
        for url in (QUEUE, HISTORY)
        for h in (
            bearer(container, employer),
            bearer(container, prescriber),
            {},
        )
    ]

    assert answers == [403, 403, 401, 403, 403, 401]


async def test_the_queue_comes_in_pages_linked_by_next(client: httpx.AsyncClient, container: Container) -> None:
    expected = [await a_chrs_signup(client, container, f"chrs{n}@chrs.example") for n in range(3)]
    staff = bearer(container, await a_staff_member(container))

    seen, url = [], f"{QUEUE}?limit=2"
    while url:
        page = (await client.get(url, headers=staff)).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
        assert url is None or url.startswith(BASE_URL)

    assert seen == expected


async def test_the_queue_is_filtered_by_kind(client: httpx.AsyncClient, container: Container) -> None:
    await a_chrs_signup(client, container)
    company = await a_company(container)
    await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company), status=MembershipStatus.PENDING)
    staff = bearer(container, await a_staff_member(container))

    assert [i["kind"] for i in await the_queue(client, staff, kind="first_member")] == ["first_member"]
    assert await the_queue(client, staff, kind="join_request") == []
    assert (await client.get(QUEUE, params={"kind": "everything"}, headers=staff)).status_code == 422
    assert (await client.get(QUEUE, params={"cursor": "not-a-cursor"}, headers=staff)).status_code == 422


# -- deciding ----------------------------------------------------------------------------


async def test_approving_a_first_member_makes_him_admin_records_who_and_when_and_tells_him(
    client: httpx.AsyncClient, container: Container
) -> None:
    company = await a_company(container)
    first = await a_user(
        container, kind=UserKind.EMPLOYER, member_of=company_tenant(company), status=MembershipStatus.PENDING
    )
    staff_member = await a_staff_member(container)
    staff = bearer(container, staff_member)
    (item,) = await the_queue(client, staff)

    decided = await client.post(
        f"{QUEUE}/{item['id']}", json={"outcome": "approve", "comment": "Kbis vu."}, headers=staff
    )

    assert decided.status_code == 201, decided.text
    decision = decided.json()
    assert (decision["kind"], decision["outcome"], decision["decided_by"], decision["comment"]) == (
        "first_member",
        "approved",
        str(staff_member.id),
        "Kbis vu.",
    )
    assert (decision["subject_id"], decision["structure_id"], decision["user_id"]) == (
        item["id"],
        str(company.id),
        str(first.id),
    )
    mine = (await client.get("/api/v1/me", headers=bearer(container, first))).json()["memberships"]
    assert [(m["company_id"], m["role"], m["status"]) for m in mine] == [(str(company.id), "admin", "active")]
    assert await the_queue(client, staff) == []
    (email,) = await emails_sent(container)
    assert email.recipients == [first.email]
    assert email.message["Subject"] == f"Bienvenue dans {company.name}"
    assert "vous êtes désormais administrateur" in text_of(email)


async def test_refusing_a_join_request_revokes_it_and_tells_the_person(
    client: httpx.AsyncClient, container: Container
) -> None:
    ml = await an_organisation(container, kind=OrganisationKind.ML)
    await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(ml), role=MembershipRole.MEMBER)
    joiner = await a_user(
        container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(ml), status=MembershipStatus.PENDING
    )
    staff = bearer(container, await a_staff_member(container))
    (item,) = await the_queue(client, staff)

    decided = await client.post(f"{QUEUE}/{item['id']}", json={"outcome": "refuse"}, headers=staff)

    assert (decided.status_code, decided.json()["kind"], decided.json()["outcome"]) == (201, "join_request", "refused")
    mine = (await client.get("/api/v1/me", headers=bearer(container, joiner))).json()["memberships"]
    assert [(m["organisation_id"], m["status"]) for m in mine] == [(str(ml.id), "revoked")]
    (email,) = await emails_sent(container)
    assert (email.recipients, email.message["Subject"]) == ([joiner.email], f"Demande refusée : {ml.name}")


async def test_validating_a_habilitation_emails_the_organisation_s_admin(
    client: httpx.AsyncClient, container: Container
) -> None:
    chrs_id = await a_chrs_signup(client, container)
    staff = bearer(container, await a_staff_member(container))

    decided = await client.post(f"{QUEUE}/{chrs_id}", json={"outcome": "approve"}, headers=staff)

    assert decided.status_code == 201
    card = await client.get(f"/api/v1/prescriber-organisations/{chrs_id}", headers=staff)
    assert card.json()["habilitation"] == "validated"
    # Her signup's confirmation link went first; the decision's email follows.
    sent = [(email.recipients, email.message["Subject"]) for email in await emails_sent(container)]
    assert sent[-1] == (["sophie.leroy@chrs.example"], "Habilitation accordée à CHRS Les Tilleuls")


async def test_what_no_longer_waits_is_409_and_an_unknown_id_404(
    client: httpx.AsyncClient, container: Container
) -> None:
    chrs_id = await a_chrs_signup(client, container)
    staff = bearer(container, await a_staff_member(container))
    await client.post(f"{QUEUE}/{chrs_id}", json={"outcome": "refuse"}, headers=staff)

    again = await client.post(f"{QUEUE}/{chrs_id}", json={"outcome": "approve"}, headers=staff)
    unknown = await client.post(f"{QUEUE}/{container.ids.new_id()}", json={"outcome": "approve"}, headers=staff)
    invalid = await client.post(f"{QUEUE}/{chrs_id}", json={"outcome": "maybe"}, headers=staff)

    assert (again.status_code, again.json()["type"].split("/")[-1]) == (409, "not-awaiting-staff")
    assert unknown.status_code == 404
    assert (invalid.status_code, invalid.json()["errors"][0]["pointer"]) == (422, "/outcome")


async def test_only_staff_decides(client: httpx.AsyncClient, container: Container) -> None:
    chrs_id = await a_chrs_signup(client, container)
    admin = await a_user(container, kind=UserKind.PRESCRIBER)
    staff = bearer(container, await a_staff_member(container))

    refused = await client.post(f"{QUEUE}/{chrs_id}", json={"outcome": "approve"}, headers=bearer(container, admin))

    assert refused.status_code == 403
    assert [i["id"] for i in await the_queue(client, staff)] == [chrs_id]


# -- the history -------------------------------------------------------------------------


async def test_every_decision_is_in_the_history_newest_first_the_habilitation_endpoint_s_too(
    client: httpx.AsyncClient, container: Container
) -> None:
    first, second = (
        await a_chrs_signup(client, container, "un@chrs.example"),
        await a_chrs_signup(client, container, "deux@chrs.example"),
    )
    staff_member = await a_staff_member(container)
    staff = bearer(container, staff_member)
    await client.post(f"{QUEUE}/{first}", json={"outcome": "approve", "comment": "Agrément vu."}, headers=staff)
    await client.post(
        f"/api/v1/prescriber-organisations/{second}/habilitation",
        json={"decision": "refused", "comment": "Pas de convention."},
        headers=staff,
    )

    history = (await client.get(HISTORY, headers=staff)).json()

    assert [(d["subject_id"], d["outcome"], d["comment"], d["decided_by"]) for d in history["items"]] == [
        (second, "refused", "Pas de convention.", str(staff_member.id)),
        (first, "approved", "Agrément vu.", str(staff_member.id)),
    ]
    assert history["items"][0]["decided_at"] >= history["items"][1]["decided_at"]
    assert (await client.get(HISTORY, params={"kind": "join_request"}, headers=staff)).json()["items"] == []
