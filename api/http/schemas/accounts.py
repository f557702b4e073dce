from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from api.http.schemas.common import Email, Input, Password
from domain.identity.users import User

LinkToken = Annotated[
    str,
    Field(
        min_length=1,
        max_length=128,
        description="The `token` parameter of the link the email carried.",
        examples=["k3Xq0v9Yb7mR2tZ8wL1nC5hJ6dF4sA0eGuPiOyTrWqE"],
    ),
]


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
