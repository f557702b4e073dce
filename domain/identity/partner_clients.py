"""Registering partner applications (OAuth2 client credentials)."""

from domain.identity.clients import ApiClient
from domain.identity.members import require_tenant
from domain.identity.memberships import Tenant
from domain.identity.scopes import Scope
from domain.ports.system import Clock, IdGenerator, PasswordHasher
from domain.ports.unit_of_work import UnitOfWork


async def register_client(
    *,
    uow: UnitOfWork,
    hasher: PasswordHasher,
    clock: Clock,
    ids: IdGenerator,
    name: str,
    tenant: Tenant,
    scopes: frozenset[Scope],
    client_id: str,
    secret: str,
) -> ApiClient:
    """Register a partner application bound to one company or organisation.

    - Operators only (the ``tremplin create-client`` command); the secret is
      stored hashed and shown once by the caller.
    - The tenant must exist (404).
    """
    async with uow:
        await require_tenant(uow, tenant)
        client = ApiClient(
            id=ids.new_id(),
            client_id=client_id,
            name=name,
            secret_hash=await hasher.hash(secret),
            tenant=tenant,
            scopes=scopes,
            created_at=clock.now(),
        )
        await uow.clients.add(client)
        await uow.commit()
        return client
