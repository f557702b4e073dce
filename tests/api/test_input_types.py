"""No request field can forget the input rules: every str a route reads
(body, query, path, header) refuses control characters, every date the
implausible ones, because its type is one of api/http/schemas/common.py."""

from datetime import date
from typing import Annotated

from fastapi import FastAPI, Header, Query

from api.http.schemas.common import Code, FreeText, Input, Name, PlausibleDate
from tests.api.request_fields import unchecked_fields


async def test_every_request_field_of_the_api_has_a_checked_type(shared_app: FastAPI) -> None:
    # The pages (api/web) check their forms themselves: an error goes next to its field.
    assert [u for u in unchecked_fields(shared_app) if u.where.split(" ")[1].startswith("/api/")] == []


class Nested(Input):
    label: str
    when: date


class Sample(Input):
    name: Name
    note: FreeText | None = None
    codes: list[Code] | None = None
    nested: Nested | None = None


def test_the_walk_finds_a_plain_str_or_date_wherever_it_hides() -> None:
    sample = FastAPI()

    @sample.post("/sample/{key}")
    async def route(
        key: str,
        body: Sample,
        q: Annotated[str | None, Query()] = None,
        since: PlausibleDate | None = None,
        until: date | None = None,
        trace: Annotated[str | None, Header()] = None,
    ) -> None: ...

    assert {(u.where.split(" ", 2)[2], u.kind) for u in unchecked_fields(sample)} == {
        ("path:key", "text"),
        ("query:q", "text"),
        ("query:until", "date"),
        ("header:trace", "text"),
        ("body:body/nested/label", "text"),
        ("body:body/nested/when", "date"),
    }
