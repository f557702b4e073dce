from datetime import datetime

from pydantic import BaseModel, Field

from api.http.schemas.common import Email, Input, LinkToken, Password
from domain.identity.users import User


class EmailConfirmationIn(Input):
    token: LinkToken


class EmailIn(Input):
    email: Email


class PasswordResetIn(Input):
    token: LinkToken
    password: Password


class ConfirmedAccountOut(BaseModel):
    email: str = Field(examples=["camille.martin@example.org"])
    email_confirmed_at: datetime = Field(description="When the address was first confirmed.")

    @classmethod
    def of(cls, user: User) -> "ConfirmedAccountOut":
        assert user.email_confirmed_at is not None  # confirmed by the use case
        return cls(email=user.email, email_confirmed_at=user.email_confirmed_at)


class AcceptedOut(BaseModel):
    detail: str = Field(description="The same whether the address has an account or not.")
