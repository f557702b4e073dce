"""TREMPLIN_FT_EMAIL_DOMAINS decides which addresses prove one works at a France Travail agency."""

from pathlib import Path

import httpx
import pytest

from api.bootstrap import Container
from api.settings import Settings, load_settings
from domain.prescribers.organisations import OrganisationKind
from tests.builders.prescribers import an_organisation
from tests.conftest import BASE_URL


@pytest.fixture
def settings(db: str, data_dir: Path) -> Settings:
    return load_settings(database_url=db, data_dir=data_dir, public_url=BASE_URL, ft_email_domains="agences.example")


def a_signup(email: str, siret: str) -> dict[str, str]:
    account = {"email": email, "password": "un mot de passe solide", "first_name": "Léa", "last_name": "Martin"}
    return {**account, "organisation_kind": "FT", "organisation_siret": siret}


async def test_the_configured_domains_replace_the_default_one(client: httpx.AsyncClient, container: Container) -> None:
    agency = await an_organisation(container, kind=OrganisationKind.FT)

    default = await client.post("/api/v1/signup/prescriber", json=a_signup("agent@francetravail.fr", agency.siret))
    configured = await client.post("/api/v1/signup/prescriber", json=a_signup("agent@agences.example", agency.siret))

    assert (default.status_code, default.json()["allowed_domains"]) == (403, ["agences.example"])
    assert configured.status_code == 201
