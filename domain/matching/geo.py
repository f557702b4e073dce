"""Great-circle geometry for "around a commune" searches.

Every located row also stores the unit vector of its position (x, y, z on a
unit sphere). The dot product of two such vectors is the cosine of the angle
between the places, so "within r km" and "nearest first" become plain
arithmetic (``dot >= cos(r / R)``, ``ORDER BY dot DESC``) that SQLite and
PostgreSQL compute identically, without trigonometry in SQL. A bounding box
on the indexed latitude and longitude prunes rows before that.
"""

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


@dataclass(slots=True, frozen=True)
class Point:
    latitude: float
    longitude: float

    def unit_vector(self) -> tuple[float, float, float]:
        lat, lon = math.radians(self.latitude), math.radians(self.longitude)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


@dataclass(slots=True, frozen=True)
class BoundingBox:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float


@dataclass(slots=True, frozen=True)
class SearchArea:
    """A disc on the Earth's surface: everything within ``radius_km`` of ``centre``."""

    centre: Point
    radius_km: float

    @property
    def min_dot(self) -> float:
        return math.cos(self.radius_km / EARTH_RADIUS_KM)

    def bounding_box(self) -> BoundingBox:
        angle = math.degrees(self.radius_km / EARTH_RADIUS_KM)
        cos_lat = math.cos(math.radians(self.centre.latitude))
        # Widen the longitude span as meridians converge; France (overseas
        # included) is far from the poles and the antimeridian.
        lon_span = angle / max(cos_lat, 1e-6)
        return BoundingBox(
            min_latitude=self.centre.latitude - angle,
            max_latitude=self.centre.latitude + angle,
            min_longitude=self.centre.longitude - lon_span,
            max_longitude=self.centre.longitude + lon_span,
        )


def distance_km_from_dot(dot: float) -> float:
    """The great-circle distance whose angle has this cosine."""
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, dot)))


def distance_km(a: Point, b: Point) -> float:
    """Haversine distance, the reference the dot-product method is tested against."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
