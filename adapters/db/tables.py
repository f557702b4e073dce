"""The database schema, as SQLModel tables. Alembic migrations are made from it.

Only repositories see these classes; they map rows to domain entities.
"""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Index, MetaData, UniqueConstraint
from sqlmodel import Field, SQLModel

from adapters.db.types import UtcDateTime

# Stable constraint names: repositories turn a broken constraint into a
# domain Conflict by its name, and migrations stay diffable.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def _instant(nullable: bool = False) -> Column:
    return Column(UtcDateTime(), nullable=nullable)


class UserRow(SQLModel, table=True):
    __tablename__ = "users"

    id: uuid.UUID = Field(primary_key=True)
    kind: str = Field(max_length=20)
    email: str = Field(max_length=254, unique=True)
    first_name: str = Field(max_length=150)
    last_name: str = Field(max_length=150)
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = True
    created_at: datetime = Field(sa_column=_instant())


class PrescriberOrganisationRow(SQLModel, table=True):
    __tablename__ = "prescriber_organisations"
    __table_args__ = (UniqueConstraint("siret", "kind"),)

    id: uuid.UUID = Field(primary_key=True)
    siret: str = Field(max_length=14)
    kind: str = Field(max_length=20)
    name: str = Field(max_length=255)
    habilitation: str = Field(max_length=20)
    created_at: datetime = Field(sa_column=_instant())
    habilitation_decided_at: datetime | None = Field(default=None, sa_column=_instant(True))


class CompanyRow(SQLModel, table=True):
    __tablename__ = "companies"
    __table_args__ = (
        UniqueConstraint("siret", "kind"),
        Index(None, "latitude", "longitude"),
    )

    id: uuid.UUID = Field(primary_key=True)
    siret: str = Field(max_length=14, index=True)
    kind: str = Field(max_length=10)
    name: str = Field(max_length=255)
    brand: str = Field(default="", max_length=255)
    address_line: str = Field(default="", max_length=255)
    postal_code: str = Field(default="", max_length=5)
    commune: str = Field(max_length=5)
    city: str = Field(max_length=255)
    department: str = Field(max_length=3, index=True)
    latitude: float
    longitude: float
    description: str = Field(default="")
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=20)
    website: str | None = Field(default=None, max_length=255)
    block_candidatures: bool = False
    is_active: bool = True
    asp_id: str | None = Field(default=None, max_length=20)
    geo_x: float = 0.0
    geo_y: float = 0.0
    geo_z: float = 0.0
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())


class MembershipRow(SQLModel, table=True):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "company_id"),
        UniqueConstraint("user_id", "organisation_id"),
        CheckConstraint("(company_id IS NULL) <> (organisation_id IS NULL)", name="one_tenant"),
    )

    id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id", index=True)
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="prescriber_organisations.id", index=True)
    role: str = Field(max_length=10)
    status: str = Field(max_length=10)
    created_at: datetime = Field(sa_column=_instant())


class ApiClientRow(SQLModel, table=True):
    __tablename__ = "api_clients"
    __table_args__ = (CheckConstraint("(company_id IS NULL) <> (organisation_id IS NULL)", name="one_tenant"),)

    id: uuid.UUID = Field(primary_key=True)
    client_id: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=255)
    secret_hash: str = Field(max_length=255)
    company_id: uuid.UUID | None = Field(default=None, foreign_key="companies.id")
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="prescriber_organisations.id")
    scopes: str = Field(default="")
    is_active: bool = True
    created_at: datetime = Field(sa_column=_instant())


class ThrottleRow(SQLModel, table=True):
    __tablename__ = "auth_throttles"

    key: str = Field(primary_key=True, max_length=100)
    failures: int
    last_failure_at: datetime = Field(sa_column=_instant())
    locked_until: datetime | None = Field(default=None, sa_column=_instant(True))


class JobPostingRow(SQLModel, table=True):
    __tablename__ = "job_postings"
    __table_args__ = (
        Index(None, "latitude", "longitude"),
        CheckConstraint("open_positions >= 0", name="open_positions_not_negative"),
    )

    id: uuid.UUID = Field(primary_key=True)
    company_id: uuid.UUID = Field(foreign_key="companies.id", index=True)
    appellation_code: str = Field(max_length=10)
    rome_code: str = Field(max_length=5, index=True)
    title: str = Field(default="", max_length=255)
    description: str = Field(default="")
    contract_type: str = Field(max_length=30)
    hours_per_week: int | None = None
    commune: str = Field(max_length=5)
    city: str = Field(max_length=255)
    department: str = Field(max_length=3)
    latitude: float
    longitude: float
    geo_x: float
    geo_y: float
    geo_z: float
    open_positions: int
    is_active: bool
    created_at: datetime = Field(sa_column=_instant())
    updated_at: datetime = Field(sa_column=_instant())
