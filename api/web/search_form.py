"""The search form of the pages, read from a plain GET query: what a person
typed (a commune's name, or the "Name (code)" a suggestion filled in), and
the errors to show next to the fields."""

import re
from dataclasses import dataclass, field

from api import cursors
from domain.companies.companies import CompanyKind
from domain.matching.hits import Cursor, SearchFilters
from domain.matching.search import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, MIN_RADIUS_KM, Around
from domain.referentials.bundle import Referentials

_CODE = re.compile(r"\(([0-9A-Z]{5})\)\s*$")
DISTANCES = (5, 10, 25, 50, 100)


@dataclass(slots=True)
class SearchForm:
    commune: str = ""
    metier: str = ""
    distance: str = str(DEFAULT_RADIUS_KM)
    kind: str = ""
    after: str = ""  # the "next results" link's cursor
    errors: dict[str, str] = field(default_factory=dict)
    commune_label: str = ""
    metier_label: str = ""

    @property
    def submitted(self) -> bool:
        return bool(self.commune.strip())


def commune_code(referentials: Referentials, text: str) -> tuple[str, str] | None:
    """The commune a person typed: "Paris (75056)" from a suggestion, an
    INSEE code, or a name (the best match of the referential)."""
    text = text.strip()
    found = _CODE.search(text)
    code = found.group(1) if found else text.upper()
    commune = referentials.communes.get(code)
    if commune is None and len(text) >= 2:
        matches = referentials.communes.search(text, 1)
        commune = matches[0] if matches else None
    return (commune.insee_code, commune.name) if commune else None


def appellation_of(referentials: Referentials, text: str) -> tuple[str, str] | None:
    """The ROME appellation a person typed: "Title (code)" or a title."""
    text = text.strip()
    found = _CODE.search(text)
    appellation = referentials.rome.appellation(found.group(1)) if found else None
    if appellation is None and len(text) >= 2:
        matches = referentials.rome.search_appellations(text, 1)
        appellation = matches[0] if matches else None
    return (appellation.rome_code, appellation.name) if appellation else None


def around_from(referentials: Referentials, form: SearchForm) -> Around | None:
    """The search the form asks for, or None with ``form.errors`` filled."""
    place = commune_code(referentials, form.commune)
    if place is None:
        form.errors["commune"] = "Nous ne trouvons pas cette commune. Tapez son nom ou son code postal."
    else:
        form.commune_label = f"{place[1]} ({place[0]})"
    rome_codes: frozenset[str] = frozenset()
    if form.metier.strip():
        job = appellation_of(referentials, form.metier)
        if job is None:
            form.errors["metier"] = "Nous ne trouvons pas ce métier. Choisissez-le dans la liste proposée."
        else:
            rome_codes, form.metier_label = frozenset({job[0]}), job[1]
    radius = _radius(form)
    kinds = _kinds(form)
    if form.errors or place is None or radius is None or kinds is None:
        return None
    cursor = _cursor(form.after)
    filters = SearchFilters(kinds=kinds, rome_codes=rome_codes)
    return Around(commune=place[0], radius_km=radius, filters=filters, after=cursor, limit=20)


def _radius(form: SearchForm) -> float | None:
    try:
        radius = float(form.distance)
    except ValueError:
        radius = -1
    if not MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM:
        form.errors["distance"] = f"Choisissez une distance entre {MIN_RADIUS_KM} et {MAX_RADIUS_KM} km."
        return None
    return radius


def _kinds(form: SearchForm) -> frozenset[CompanyKind] | None:
    if not form.kind:
        return frozenset()
    try:
        return frozenset({CompanyKind(form.kind)})
    except ValueError:
        form.errors["kind"] = "Choisissez un type de structure dans la liste."
        return None


def _cursor(text: str | None) -> Cursor | None:
    if not text:
        return None
    try:
        return cursors.decode_cursor(text)
    except ValueError:
        return None  # a damaged "next" link starts the list again
