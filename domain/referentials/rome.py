from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Appellation:
    """A ROME appellation: the job title an employer picks, in its job family."""

    code: str
    name: str
    rome_code: str
    rome_name: str
