from dataclasses import dataclass

from domain.ports.referentials import CommuneReferential, CriteriaReferential, RomeReferential


@dataclass(slots=True, frozen=True)
class Referentials:
    """The three referential ports, built once and shared by the use cases."""

    communes: CommuneReferential
    rome: RomeReferential
    criteria: CriteriaReferential
