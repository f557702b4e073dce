import pytest

from domain.identity.scopes import ALL_SCOPES, Scope, format_scopes, parse_scopes


def test_a_space_separated_string_gives_its_scopes() -> None:
    assert parse_scopes("candidatures:read members:write") == frozenset({Scope.CANDIDATURES_READ, Scope.MEMBERS_WRITE})


@pytest.mark.parametrize("text", ["", None])
def test_no_scope_string_gives_no_scope(text: str | None) -> None:
    assert parse_scopes(text) == frozenset()


def test_extra_whitespace_between_scopes_is_ignored() -> None:
    assert parse_scopes("  approvals:read\t indicators:read ") == frozenset(
        {Scope.APPROVALS_READ, Scope.INDICATORS_READ}
    )


def test_a_scope_given_twice_counts_once() -> None:
    assert parse_scopes("approvals:read approvals:read") == frozenset({Scope.APPROVALS_READ})


def test_an_unknown_scope_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="admin:all"):
        parse_scopes("candidatures:read admin:all")


def test_scopes_are_case_sensitive() -> None:
    with pytest.raises(ValueError):
        parse_scopes("Candidatures:Read")


def test_scopes_are_formatted_sorted_and_space_separated() -> None:
    assert format_scopes(frozenset({Scope.MEMBERS_READ, Scope.APPROVALS_READ})) == "approvals:read members:read"


def test_no_scope_is_formatted_as_an_empty_string() -> None:
    assert format_scopes(frozenset()) == ""


def test_every_scope_survives_a_round_trip() -> None:
    assert parse_scopes(format_scopes(ALL_SCOPES)) == ALL_SCOPES
