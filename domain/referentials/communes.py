from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Commune:
    """A French commune (or a municipal arrondissement of Paris, Lyon, Marseille)
    with the centre point that distances are measured from."""

    insee_code: str
    name: str
    department: str
    postal_codes: tuple[str, ...]
    latitude: float
    longitude: float
    population: int

    def __post_init__(self) -> None:
        if len(self.insee_code) != 5:
            raise ValueError(f"an INSEE commune code has 5 characters, not {self.insee_code!r}")
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise ValueError(f"invalid coordinates for {self.insee_code}")
