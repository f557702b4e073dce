from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class AdministrativeCriterion:
    """An IAE eligibility criterion and the written proof expected for it.

    Level 1 criteria weigh more than level 2 ones in an employer's diagnosis."""

    code: str
    level: int
    name: str
    description: str
    written_proof: str
    written_proof_validity: str = ""

    def __post_init__(self) -> None:
        if self.level not in (1, 2):
            raise ValueError(f"criterion {self.code}: level is 1 or 2, not {self.level}")
