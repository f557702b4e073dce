import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from domain.errors import Conflict, FieldError, RuleViolation
from domain.identity.users import normalise_email
from domain.job_seekers.ages import age_on, paris_day
from domain.job_seekers.events import JobSeekerProfileRevised, JobSeekerRegistered
from domain.job_seekers.nir import compact_nir, mask_nir, nir_contradicts_birthdate, nir_contradicts_sex
from domain.job_seekers.sex import Sex

# Work in an SIAE is open from the legal working age (Code du travail, art. L4153-1).
YOUNGEST_AGE = 16
OLDEST_AGE = 100


class ImplausibleBirthdate(RuleViolation):
    code = "implausible-birthdate"
    title = "Date de naissance invraisemblable"


class NirBirthdateMismatch(RuleViolation):
    code = "nir-birthdate-mismatch"
    title = "NIR et date de naissance incohérents"


class NirSexMismatch(RuleViolation):
    code = "nir-sex-mismatch"
    title = "NIR et sexe incohérents"


class NirTaken(Conflict):
    code = "job-seeker-nir-taken"
    title = "Un candidat a déjà ce NIR"


class JobSeekerEmailTaken(Conflict):
    code = "job-seeker-email-taken"
    title = "Un candidat a déjà cette adresse e-mail"


@dataclass(slots=True, frozen=True)
class JobSeekerDetails:
    """What a person, his prescriber or his employer may write on his profile."""

    first_name: str
    last_name: str
    birthdate: date | None = None
    sex: Sex | None = None
    email: str | None = None
    phone: str | None = None
    nir: str | None = None
    france_travail_id: str | None = None
    commune: str | None = None  # INSEE code
    wished_rome_codes: tuple[str, ...] = ()


EDITABLE_FIELDS = frozenset(f.name for f in dataclasses.fields(JobSeekerDetails))


@dataclass(slots=True, frozen=True)
class FieldChange:
    """One field of a profile that an edit changed, with its values before and after."""

    field: str
    old: object
    new: object


@dataclass(slots=True, frozen=True)
class Creator:
    """Who registered the profile: a user (absent for a partner application)
    acting for an organisation or a company, or the person himself."""

    user_id: UUID | None
    organisation_id: UUID | None = None
    company_id: UUID | None = None


@dataclass(slots=True)
class JobSeeker:
    id: UUID
    first_name: str
    last_name: str
    birthdate: date | None
    sex: Sex | None
    email: str | None
    phone: str | None
    nir: str | None
    france_travail_id: str | None
    commune: str | None
    wished_rome_codes: tuple[str, ...]
    user_id: UUID | None  # his own account, if he has one
    created_by_user_id: UUID | None
    created_by_organisation_id: UUID | None
    created_by_company_id: UUID | None
    created_at: datetime
    updated_at: datetime
    events: list[object] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.email = normalise_email(self.email) if self.email else None
        self.nir = compact_nir(self.nir) if self.nir else None
        self.wished_rome_codes = tuple(dict.fromkeys(self.wished_rome_codes))

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        details: JobSeekerDetails,
        created_by: Creator,
        user_id: UUID | None = None,
        at: datetime,
        event_id: UUID,
    ) -> "JobSeeker":
        job_seeker = cls(
            id=id,
            **{name: getattr(details, name) for name in EDITABLE_FIELDS},
            user_id=user_id,
            created_by_user_id=created_by.user_id,
            created_by_organisation_id=created_by.organisation_id,
            created_by_company_id=created_by.company_id,
            created_at=at,
            updated_at=at,
        )
        job_seeker._check_identity(paris_day(at))
        job_seeker.events.append(
            JobSeekerRegistered(
                event_id=event_id,
                occurred_at=at,
                job_seeker_id=id,
                by_user_id=created_by.user_id,
                by_organisation_id=created_by.organisation_id,
                by_company_id=created_by.company_id,
            )
        )
        return job_seeker

    def differences(self, changes: dict[str, object]) -> tuple[FieldChange, ...]:
        """The fields ``changes`` would change (a value given again is no
        change), with their values before and after, as they would be stored."""
        return self._differences(self._revised(changes), changes)

    def revise(self, changes: dict[str, object], *, at: datetime, event_id: UUID) -> tuple[FieldChange, ...]:
        """Change the editable fields given; the identity checks run again.
        Returns the changes made."""
        revised = self._revised(changes)
        revised._check_identity(paris_day(at))
        changed = self._differences(revised, changes)
        for change in changed:
            setattr(self, change.field, change.new)
        if changed:
            self.updated_at = at
            self.events.append(
                JobSeekerProfileRevised(
                    event_id=event_id,
                    occurred_at=at,
                    job_seeker_id=self.id,
                    fields=tuple(change.field for change in changed),
                )
            )
        return changed

    def _revised(self, changes: dict[str, object]) -> "JobSeeker":
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def _differences(self, revised: "JobSeeker", changes: dict[str, object]) -> tuple[FieldChange, ...]:
        return tuple(
            FieldChange(name, getattr(self, name), getattr(revised, name))
            for name in sorted(changes)
            if getattr(self, name) != getattr(revised, name)
        )

    def masked_nir(self) -> str | None:
        return mask_nir(self.nir) if self.nir else None

    def _check_identity(self, today: date) -> None:
        if self.birthdate is not None:
            self._check_birthdate(self.birthdate, today)
        if self.nir and self.sex and nir_contradicts_sex(self.nir, self.sex):
            raise NirSexMismatch(
                "Le premier chiffre du NIR est le sexe (1, 3 ou 7 pour un homme ; 2, 4 ou 8 pour une femme) : "
                "il ne correspond pas.",
                errors=[
                    FieldError("/nir", "the first digit must be the sex: 1, 3 or 7 for M; 2, 4 or 8 for F"),
                    FieldError("/sex", "does not match the NIR"),
                ],
            )

    def _check_birthdate(self, birthdate: date, today: date) -> None:
        if not YOUNGEST_AGE <= age_on(birthdate, today) <= OLDEST_AGE:
            raise ImplausibleBirthdate(
                f"Une personne accompagnée en IAE a entre {YOUNGEST_AGE} et {OLDEST_AGE} ans.",
                errors=[FieldError("/birthdate", f"age must be between {YOUNGEST_AGE} and {OLDEST_AGE}")],
            )
        if self.nir and nir_contradicts_birthdate(self.nir, birthdate):
            raise NirBirthdateMismatch(
                "Les chiffres 2 à 5 du NIR sont l'année et le mois de naissance : ils ne correspondent pas.",
                errors=[
                    FieldError("/nir", "digits 2-5 must be the year and month of birth"),
                    FieldError("/birthdate", "does not match the NIR"),
                ],
            )


@dataclass(slots=True, frozen=True)
class JobSeekerLinks:
    """The prescriber organisations that created, diagnosed or sent a
    candidature for a person, and the companies that created him, diagnosed
    him or received a candidature from him. Finding him by his NIR is no link."""

    organisation_ids: frozenset[UUID] = frozenset()
    company_ids: frozenset[UUID] = frozenset()


@dataclass(slots=True, frozen=True)
class JobSeekerCard:
    """A profile as one caller may read it: the NIR in clear only for whom needs it."""

    job_seeker: JobSeeker
    nir_in_clear: bool

    @property
    def nir(self) -> str | None:
        return self.job_seeker.nir if self.nir_in_clear else self.job_seeker.masked_nir()


@dataclass(slots=True, frozen=True)
class NirLookup:
    """The audit of one lookup: who, for which tenant, when, whom he found.

    The NIR itself is not kept, not even hashed: a found person's id says
    whose NIR was used; a lookup that found nobody holds a NIR Tremplin does
    not know, which it has no reason to keep (the NIR is processed only for
    what the décret « NIR » allows), and a hash of a 13-digit number whose
    structure is public is reversible by brute force once its key leaks.
    How many lookups found nobody, per caller, is enough to spot fishing.
    A lookup that found him lets its tenant apply for him, and nothing more."""

    id: UUID
    at: datetime
    user_id: UUID | None
    client_id: UUID | None
    organisation_id: UUID | None
    company_id: UUID | None
    found_job_seeker_id: UUID | None
