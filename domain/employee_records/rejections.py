"""What the ASP's common rejection codes mean, and what the employer should fix
(codes seen in the exchange, ASP.md §1.6)."""

EXPLANATIONS: dict[str, str] = {
    "3308": "La commune de naissance ne correspond pas au département de naissance : vérifiez la commune "
    "(code INSEE en vigueur à la date de naissance).",
    "3323": "Le numéro de voie ou son extension est mal formé : indiquez le numéro seul (chiffres) et "
    "l'extension à part (B, T, Q ou C).",
    "3330": "Le libellé de voie contient des caractères refusés : gardez lettres, chiffres, espaces, "
    "apostrophes et tirets, sans le type de voie.",
    "3411": "La personne est née à l'étranger : indiquez son pays de naissance, sans commune.",
    "3417": "L'ASP ne connaît pas la commune de résidence : choisissez le code INSEE de la commune actuelle.",
    "3435": "L'ASP n'a pas d'annexe financière valide pour cette structure et cette mesure : vérifiez la "
    "convention avec la DDETS avant de renvoyer la fiche.",
    "3436": "Ce PASS IAE est déjà déclaré à l'ASP pour cette structure : la fiche est traitée comme doublon.",
    "3437": "L'ASP connaît déjà cette personne dans la structure sous un autre identifiant : contactez le "
    "support Tremplin pour rapprocher les deux fiches.",
}


def explanation(code: str | None) -> str | None:
    """What to do about an ASP answer code, in French, or None for an unusual code."""
    return EXPLANATIONS.get(code) if code else None
