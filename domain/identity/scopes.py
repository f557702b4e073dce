from enum import StrEnum


class Scope(StrEnum):
    """What a partner application may be granted. People hold every scope;
    what they may do is then decided by the policies of each use case."""

    CANDIDATURES_READ = "candidatures:read"
    CANDIDATURES_WRITE = "candidatures:write"
    JOB_SEEKERS_READ = "job_seekers:read"
    JOB_SEEKERS_WRITE = "job_seekers:write"
    ELIGIBILITY_WRITE = "eligibility:write"
    APPROVALS_READ = "approvals:read"
    COMPANIES_WRITE = "companies:write"
    MEMBERS_READ = "members:read"
    MEMBERS_WRITE = "members:write"
    EMPLOYEE_RECORDS_WRITE = "employee_records:write"
    INDICATORS_READ = "indicators:read"


ALL_SCOPES = frozenset(Scope)


def parse_scopes(text: str | None) -> frozenset[Scope]:
    """Read a space-separated scope string; unknown scopes are an error."""
    if not text:
        return frozenset()
    names = text.split()
    unknown = [name for name in names if name not in Scope._value2member_map_]
    if unknown:
        raise ValueError(f"unknown scopes: {' '.join(unknown)}")
    return frozenset(Scope(name) for name in names)


def format_scopes(scopes: frozenset[Scope]) -> str:
    return " ".join(sorted(scopes))
