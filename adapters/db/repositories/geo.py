from domain.matching.geo import Point


def geo_columns(latitude: float, longitude: float) -> dict[str, float]:
    """The unit-vector columns that make distance ordering plain arithmetic."""
    x, y, z = Point(latitude, longitude).unit_vector()
    return {"geo_x": x, "geo_y": y, "geo_z": z}
