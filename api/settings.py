"""Configuration from ``TREMPLIN_*`` environment variables (12-factor).

One pydantic-settings class per concern, composed by ``load_settings()`` and
handed to ``create_app``; nothing reads the environment anywhere else.
"""

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "TREMPLIN_"


class _Concern(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True)


class DatabaseSettings(_Concern):
    database_url: str = "sqlite+aiosqlite:///./tremplin.db"
    # A PostgreSQL that does not answer fails requests with 503 after this long instead of hanging them.
    database_connect_timeout_s: int = Field(default=5, ge=1, le=60)

    @field_validator("database_url")
    @classmethod
    def _supported_driver(cls, url: str) -> str:
        if url.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + url.split("://", 1)[1]
        if not url.startswith(("sqlite+aiosqlite://", "postgresql+psycopg://")):
            raise ValueError("use sqlite+aiosqlite:///path.db or postgresql+psycopg://user@host/db")
        return url


class SecuritySettings(_Concern):
    jwt_private_key_file: Path | None = None
    access_token_ttl_s: int = Field(default=3600, ge=60, le=86400)
    public_url: str = "http://127.0.0.1:8000"
    # A signed-in browser is asked to log in again after this long (a working day).
    web_session_ttl_s: int = Field(default=10 * 3600, ge=300, le=30 * 86400)


class EmailSettings(_Concern):
    """SMTP and the outbox that feeds it (``TREMPLIN_OUTBOX_*``)."""

    smtp_url: SecretStr | None = None
    email_from: str = "Tremplin <noreply@tremplin.localhost>"
    smtp_timeout_s: float = Field(default=30, gt=0, le=300)
    outbox_max_attempts: int = Field(default=8, ge=1, le=50)
    outbox_retry_base_s: float = Field(default=30, gt=0)
    outbox_retry_cap_s: float = Field(default=6 * 3600, gt=0)
    outbox_batch_size: int = Field(default=20, ge=1, le=500)
    outbox_lease_s: float = Field(default=300, gt=0)
    outbox_poll_s: float = Field(default=2, gt=0, le=300)

    @property
    def send_margin_s(self) -> float:
        """A message is started only with this much of its lease left, enough
        for one SMTP exchange to time out: no send outlives its lease."""
        return self.smtp_timeout_s + 5

    @model_validator(mode="after")
    def _lease_outlives_sends(self) -> "EmailSettings":
        if self.outbox_lease_s <= 2 * self.send_margin_s:
            raise ValueError("outbox_lease_s must exceed twice smtp_timeout_s + 5 s")
        return self

    @field_validator("smtp_url")
    @classmethod
    def _smtp_scheme(cls, url: SecretStr | None) -> SecretStr | None:
        if url is not None and not url.get_secret_value().startswith(("smtp://", "smtps://")):
            raise ValueError("use smtp://host:port or smtps://user:password@host:port")
        return url


class AspSettings(_Concern):
    asp_sftp_url: SecretStr | None = None
    asp_sftp_key_file: Path | None = None
    asp_sftp_known_hosts: Path | None = None  # default: ~/.ssh/known_hosts
    asp_dir: Path = Path("./asp")
    pass_iae_prefix: str = Field(default="99999", pattern=r"^[0-9A-Z]{5}$")


class RuntimeSettings(_Concern):
    data_dir: Path = Path("./.tremplin")
    run_worker_in_process: bool = True
    log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    # Request bodies over this are refused (413) before they are read whole.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)


class IndicatorsSettings(_Concern):
    # COORACE: a person counts in the exit rates after 450 hours worked.
    indicators_min_hours: int = Field(default=450, ge=0)


class RateLimitSettings(_Concern):
    """Requests allowed per period and bucket; counted in Redis when
    ``TREMPLIN_REDIS_URL`` is set, else in the database."""

    redis_url: SecretStr | None = None
    redis_timeout_s: float = Field(default=1, gt=0, le=30)
    redis_prefix: str = Field(default="tremplin:", max_length=100)
    rate_limit_period_s: int = Field(default=60, ge=1, le=3600)
    rate_limit_token_per_account: int = Field(default=20, ge=1)
    rate_limit_token_per_ip: int = Field(default=60, ge=1)
    rate_limit_writes_per_client: int = Field(default=600, ge=1)
    rate_limit_writes_per_ip: int = Field(default=120, ge=1)
    # DOMAIN.md "Personal data guards": lookups by NIR per person or partner application and hour.
    nir_lookups_per_hour: int = Field(default=30, ge=1)
    nir_misses_per_hour: int = Field(default=10, ge=1)

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, url: SecretStr | None) -> SecretStr | None:
        if url is not None and not url.get_secret_value().startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("use redis://[:password@]host:port/db, rediss://… or unix:///path")
        return url


class TrustSettings(_Concern):
    """Who may become whom (DOMAIN.md, "Onboarding and trust")."""

    # A person joins a France Travail agency with a (confirmed) address of one of these domains.
    ft_email_domains: str = Field(default="francetravail.fr", description="comma-separated email domains")

    @field_validator("ft_email_domains")
    @classmethod
    def _domains(cls, value: str) -> str:
        domains = [part.strip().lower().lstrip("@") for part in value.split(",") if part.strip()]
        if not domains or any("@" in d or "." not in d or " " in d for d in domains):
            raise ValueError("use email domains separated by commas, e.g. francetravail.fr,pole-emploi.fr")
        return ",".join(domains)

    @property
    def ft_email_domain_set(self) -> frozenset[str]:
        return frozenset(self.ft_email_domains.split(","))


@dataclass(frozen=True, slots=True)
class Settings:
    database: DatabaseSettings
    security: SecuritySettings
    email: EmailSettings
    asp: AspSettings
    runtime: RuntimeSettings
    indicators: IndicatorsSettings
    rate_limits: RateLimitSettings
    trust: TrustSettings

    @property
    def signing_key_file(self) -> Path:
        return self.security.jwt_private_key_file or self.runtime.data_dir / "jwt-signing-key.pem"


class SettingsError(Exception):
    """A configuration value is wrong; the message names the variable."""


def load_settings(**overrides: object) -> Settings:
    """Read the environment; ``overrides`` (field name → value) win over it."""
    concerns = {
        "database": DatabaseSettings,
        "security": SecuritySettings,
        "email": EmailSettings,
        "asp": AspSettings,
        "runtime": RuntimeSettings,
        "indicators": IndicatorsSettings,
        "rate_limits": RateLimitSettings,
        "trust": TrustSettings,
    }
    built = {}
    for name, cls in concerns.items():
        mine = {key: value for key, value in overrides.items() if key in cls.model_fields}
        try:
            built[name] = cls(**mine)  # type: ignore[arg-type]
        except ValidationError as error:
            raise SettingsError(_describe(error)) from None
    return Settings(**built)  # type: ignore[arg-type]


def _describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "?"
        lines.append(f"{PREFIX}{field.upper()}: {problem['msg']}")
    return "invalid configuration:\n  " + "\n  ".join(lines)
