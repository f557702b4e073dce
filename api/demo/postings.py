"""Demo job postings, part of ``tremplin seed --demo``: every demo company
publishes the postings below at its own commune."""

from api.bootstrap import Container
from domain.companies.job_postings import ContractType, JobPosting
from domain.identity.memberships import Tenant
from domain.ports.unit_of_work import UnitOfWork

CDDI, INTERIM_I, CDI = ContractType.FIXED_TERM_I, ContractType.TEMPORARY_I, ContractType.PERMANENT

# By SIRET: (appellation code, contract type, hours per week, open positions).
POSTINGS = {
    "89000001100019": [("20503", CDDI, 26, 2), ("10638", CDDI, 30, 1)],  # valoriste, agent de tri
    "89000002900011": [("10805", ContractType.OTHER, 20, 3), ("10571", ContractType.OTHER, 24, 2)],
    "89000003700014": [("16384", CDDI, 26, 4), ("16068", CDDI, 26, 2)],  # maraîcher, espaces verts
    "89000004500017": [("17993", INTERIM_I, 35, 5), ("11679", INTERIM_I, 35, 2)],  # préparateur, cariste
    "89000005200013": [("11999", ContractType.OTHER, None, 3)],  # chauffeur-livreur indépendant
    "89000006000016": [("16250", ContractType.PROFESSIONALISATION, 35, 2), ("13822", CDI, 35, 1)],
    "89000007800018": [("12756", CDDI, 26, 2), ("10826", CDDI, 26, 1)],  # commis, aide de cuisine
    "89000008600011": [("10679", CDDI, 26, 3)],  # agent d'entretien du bâtiment
    "89000009400015": [("10857", ContractType.OTHER, 15, 2)],  # aide ménager à domicile
}


async def seed_postings(uow: UnitOfWork, c: Container, tenants: dict[str, Tenant]) -> int:
    """Publish the postings of the demo companies that have none active;
    returns how many were created."""
    created = 0
    for siret, postings in POSTINGS.items():
        company = await uow.companies.get(tenants[siret].id)
        if company is None or await uow.job_postings.count_active(company.id):
            continue
        for appellation_code, contract_type, hours, positions in postings:
            appellation = c.referentials.rome.appellation(appellation_code)
            assert appellation is not None, f"demo appellation {appellation_code} is not in the referential"
            now = c.clock.now()
            await uow.job_postings.add(
                JobPosting(
                    id=c.ids.new_id(),
                    company_id=company.id,
                    appellation_code=appellation_code,
                    rome_code=appellation.rome_code,
                    title="",
                    description=f"{appellation.name} chez {company.name}, avec un accompagnement socio-professionnel.",
                    contract_type=contract_type,
                    hours_per_week=hours,
                    commune=company.commune,
                    city=company.city,
                    department=company.department,
                    latitude=company.latitude,
                    longitude=company.longitude,
                    open_positions=positions,
                    is_active=True,
                    created_at=now,
                    updated_at=now,
                )
            )
            created += 1
    return created
