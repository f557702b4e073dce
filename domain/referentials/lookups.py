"""Reading one entry of a referential, as the HTTP layer needs it."""

from domain.errors import FieldError, NotFound
from domain.ports.referentials import CommuneReferential
from domain.referentials.communes import Commune


class CommuneNotFound(NotFound):
    code = "commune-not-found"
    title = "Commune introuvable"


def get_commune(*, communes: CommuneReferential, insee_code: str) -> Commune:
    """The commune with this INSEE code (a city, or an arrondissement of Paris,
    Lyon or Marseille). Public.

    - Unknown code: 404 ``commune-not-found``."""
    commune = communes.get(insee_code)
    if commune is None:
        raise CommuneNotFound(
            f"Aucune commune n'a le code INSEE {insee_code}.",
            errors=[FieldError("/path/insee_code", "unknown INSEE commune code")],
        )
    return commune
