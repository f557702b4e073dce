"""A person's own account, without a token: confirming his email, resetting
his password, through the single-use links emailed to him."""

from fastapi import APIRouter, status

from api.http.deps import ContainerDep
from api.http.schemas.accounts import (
    AcceptedOut,
    ConfirmedAccountOut,
    EmailConfirmationIn,
    EmailIn,
    PasswordResetIn,
)
from api.http.schemas.common import problems
from domain.identity.email_confirmation import confirm_email, resend_confirmation
from domain.identity.password_reset import request_password_reset, reset_password

router = APIRouter(prefix="/auth", tags=["auth"])

RESENT = "Si un compte attend la confirmation de cette adresse, un nouveau lien vient de lui être envoyé."
RESET_SENT = (
    "Si un compte existe avec cette adresse, un lien pour choisir un nouveau mot de passe vient de lui être envoyé."
)


@router.post(
    "/email-confirmations",
    operation_id="auth-confirm-email",
    summary="Confirm an account's email with the token of the emailed link",
    description=confirm_email.__doc__,
    response_model=ConfirmedAccountOut,
    responses=problems(422),
)
async def confirm(body: EmailConfirmationIn, container: ContainerDep) -> ConfirmedAccountOut:
    user = await confirm_email(uow=container.new_uow(), clock=container.clock, token=body.token)
    return ConfirmedAccountOut.of(user)


@router.post(
    "/email-confirmations/resend",
    operation_id="auth-resend-email-confirmation",
    summary="Email a new confirmation link (same answer for any address)",
    description=resend_confirmation.__doc__,
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AcceptedOut,
    responses=problems(422),
)
async def resend(body: EmailIn, container: ContainerDep) -> AcceptedOut:
    await resend_confirmation(uow=container.new_uow(), clock=container.clock, ids=container.ids, email=body.email)
    return AcceptedOut(detail=RESENT)


@router.post(
    "/password-reset-requests",
    operation_id="auth-request-password-reset",
    summary="Email a password reset link (same answer for any address)",
    description=request_password_reset.__doc__,
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AcceptedOut,
    responses=problems(422),
)
async def request_reset(body: EmailIn, container: ContainerDep) -> AcceptedOut:
    await request_password_reset(uow=container.new_uow(), clock=container.clock, ids=container.ids, email=body.email)
    return AcceptedOut(detail=RESET_SENT)


@router.post(
    "/password-resets",
    operation_id="auth-reset-password",
    summary="Set a new password with the token of the emailed reset link",
    description=reset_password.__doc__,
    response_model=ConfirmedAccountOut,
    responses=problems(422),
)
async def reset(body: PasswordResetIn, container: ContainerDep) -> ConfirmedAccountOut:
    user = await reset_password(
        uow=container.new_uow(),
        hasher=container.hasher,
        clock=container.clock,
        token=body.token,
        password=body.password,
    )
    return ConfirmedAccountOut.of(user)
