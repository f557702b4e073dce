from pydantic import BaseModel, ConfigDict, Field

from domain.referentials.communes import Commune
from domain.referentials.criteria import AdministrativeCriterion
from domain.referentials.rome import Appellation


class CommuneOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "insee_code": "94028",
                    "name": "Créteil",
                    "department": "94",
                    "postal_codes": ["94000"],
                    "latitude": 48.78454,
                    "longitude": 2.45233,
                    "population": 92989,
                }
            ]
        }
    )

    insee_code: str = Field(description="INSEE code (Paris 75056, Lyon 69123, Marseille 13055 as cities)")
    name: str
    department: str = Field(description="Department code: 01…95, 2A, 2B, 971…976")
    postal_codes: list[str]
    latitude: float = Field(description="Centre of the commune (WGS 84), from which distances are measured")
    longitude: float
    population: int = Field(description="Municipal population (INSEE 2021)")

    @classmethod
    def of(cls, commune: Commune) -> "CommuneOut":
        return cls(
            insee_code=commune.insee_code,
            name=commune.name,
            department=commune.department,
            postal_codes=list(commune.postal_codes),
            latitude=commune.latitude,
            longitude=commune.longitude,
            population=commune.population,
        )


class CommuneList(BaseModel):
    items: list[CommuneOut]


class AppellationOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "11573",
                    "name": "Boulanger / Boulangère",
                    "rome_code": "D1102",
                    "rome_name": "Boulangerie - viennoiserie",
                }
            ]
        }
    )

    code: str = Field(description="ROME appellation code, the `appellation_code` of a job posting")
    name: str
    rome_code: str
    rome_name: str

    @classmethod
    def of(cls, appellation: Appellation) -> "AppellationOut":
        return cls(
            code=appellation.code,
            name=appellation.name,
            rome_code=appellation.rome_code,
            rome_name=appellation.rome_name,
        )


class AppellationList(BaseModel):
    items: list[AppellationOut]


class CriterionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "RSA",
                    "level": 1,
                    "name": "Bénéficiaire du RSA",
                    "description": "Revenu de solidarité active",
                    "written_proof": "Attestation RSA",
                    "written_proof_validity": "Datant de moins de 3 mois avant la date de délivrance du PASS IAE",
                }
            ]
        }
    )

    code: str = Field(description="The code to send in an eligibility diagnosis's `criteria`")
    level: int = Field(ge=1, le=2)
    name: str
    description: str
    written_proof: str = Field(description="The document that proves the criterion")
    written_proof_validity: str = Field(description="How recent that document must be, when it matters")

    @classmethod
    def of(cls, criterion: AdministrativeCriterion) -> "CriterionOut":
        return cls(
            code=criterion.code,
            level=criterion.level,
            name=criterion.name,
            description=criterion.description,
            written_proof=criterion.written_proof,
            written_proof_validity=criterion.written_proof_validity,
        )


class CriterionList(BaseModel):
    items: list[CriterionOut]
