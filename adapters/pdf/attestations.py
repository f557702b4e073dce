"""The printable PASS IAE attestation, one A4 page drawn with fpdf2.

Its core fonts need no font file nor system library; they cover the
Windows-1252 characters (French included). A name with letters beyond them
keeps its base letters (``Nguyễn`` → ``Nguyen``) rather than failing."""

import unicodedata
from datetime import date
from urllib.parse import urlencode

from fpdf import FPDF

from domain.approvals.attestations import Attestation

ENCODING = "windows-1252"
MARGIN_MM = 20
LINE_MM = 7


class FpdfAttestationRenderer:
    def __init__(self, *, public_url: str) -> None:
        self._public_url = public_url.rstrip("/")

    def verification_url(self, number: str) -> str:
        """Where anyone holding the paper checks it (the page comes with the web pages)."""
        return f"{self._public_url}/pass-iae/verifier?{urlencode({'numero': number})}"

    def render(self, attestation: Attestation) -> bytes:
        a, company = attestation, attestation.company
        pdf = _document(f"Attestation PASS IAE {a.number_display}")
        _title(pdf, "Attestation de PASS IAE")
        _paragraph(
            pdf,
            "Tremplin atteste que le PASS IAE ci-dessous a été délivré à la personne désignée, "
            "lors de son embauche dans une structure de l'insertion par l'activité économique.",
        )
        _section(pdf, "Titulaire")
        _field(pdf, "Nom", a.holder_last_name.upper())
        _field(pdf, "Prénom", a.holder_first_name)
        _field(pdf, "Date de naissance", _day(a.holder_birthdate) if a.holder_birthdate else "non renseignée")
        _section(pdf, "PASS IAE")
        _field(pdf, "Numéro", a.number_display)
        _field(pdf, "Date de début", _day(a.start_at))
        _field(pdf, "Date de fin prévisionnelle", _day(a.end_at))
        _field(pdf, f"Statut au {_day(a.issued_on)}", a.status_label)
        _field(pdf, "Jours de validité restants", str(a.remaining_days))
        _section(pdf, "Structure qui l'a délivré")
        _field(pdf, "Nom", company.name)
        _field(pdf, "SIRET", _siret(company.siret))
        _field(
            pdf,
            "Adresse",
            ", ".join(p for p in (company.address_line, f"{company.postal_code} {company.city}") if p.strip()),
        )
        _section(pdf, "Vérification")
        _paragraph(pdf, "Le statut de ce PASS IAE peut être vérifié à tout moment à l'adresse :")
        _paragraph(pdf, self.verification_url(a.number))
        pdf.ln(LINE_MM)
        _paragraph(
            pdf, f"Attestation éditée le {_day(a.issued_on)} par Tremplin, la plateforme de l'inclusion.", size=9
        )
        return bytes(pdf.output())


def _document(title: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.set_title(printable(title))
    pdf.set_author("Tremplin")
    pdf.set_lang("fr-FR")
    pdf.add_page()
    return pdf


def _title(pdf: FPDF, text: str) -> None:
    pdf.set_font("Helvetica", style="B", size=18)
    pdf.cell(0, 12, printable(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _section(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", style="B", size=13)
    pdf.cell(0, 9, printable(text), new_x="LMARGIN", new_y="NEXT")


def _field(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("Helvetica", size=11)
    pdf.cell(70, LINE_MM, printable(f"{label} :"))
    pdf.set_font("Helvetica", style="B", size=11)
    pdf.multi_cell(0, LINE_MM, printable(value), new_x="LMARGIN", new_y="NEXT")


def _paragraph(pdf: FPDF, text: str, *, size: int = 11) -> None:
    pdf.set_font("Helvetica", size=size)
    pdf.multi_cell(0, LINE_MM - 1, printable(text), new_x="LMARGIN", new_y="NEXT")


def _day(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _siret(siret: str) -> str:
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}" if len(siret) == 14 else siret


def printable(text: str) -> str:
    """``text`` in the characters the core fonts draw: those beyond lose their
    accents (their base letter is kept), the rest become ``?``."""
    try:
        text.encode(ENCODING)
        return text
    except UnicodeEncodeError:
        pass
    kept = []
    for character in text:
        try:
            character.encode(ENCODING)
            kept.append(character)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
            kept.append(base if base and base.isascii() else "?")
    return "".join(kept)
