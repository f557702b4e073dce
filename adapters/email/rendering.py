"""Emails from Jinja2 templates: ``templates/<name>.txt`` and ``<name>.html``.

The first line of the ``.txt`` template is the subject, then a blank line,
then the plain-text body. HTML is autoescaped; a missing value fails the
rendering (StrictUndefined) instead of sending a hole to a person."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError, select_autoescape

from domain.notifications.delivery import RenderedEmail, RenderingFailed

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_fr(value: str | date) -> str:
    """``2026-03-02`` → ``2 mars 2026``."""
    day = value if isinstance(value, date) else datetime.fromisoformat(value).date()
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


STATE_PHRASES = {
    "processing": "est à l'étude",
    "postponed": "est mise en attente",
    "prior_to_hire": "passe à l'étape préalable à l'embauche",
}


def state_phrase(state: str) -> str:
    """How a candidature's new state reads after « Votre candidature … »."""
    return STATE_PHRASES.get(state, "a changé d'état")


def pass_number(value: str) -> str:
    """A PASS IAE number grouped for people: ``99999 00 00001``."""
    return f"{value[:5]} {value[5:7]} {value[7:]}" if len(value) == 12 else value


class JinjaEmailRenderer:
    def __init__(self, *, public_url: str) -> None:
        self._env = Environment(
            loader=PackageLoader("adapters.email", "templates"),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._env.filters["date_fr"] = date_fr
        self._env.filters["pass_number"] = pass_number
        self._env.filters["state_phrase"] = state_phrase
        self._env.globals["public_url"] = public_url.rstrip("/")

    def templates(self) -> set[str]:
        """Names of the templates that have both parts."""
        names = self._env.list_templates()
        return {n[:-4] for n in names if n.endswith(".txt") and not n.startswith("_") and f"{n[:-4]}.html" in names}

    def render(self, template: str, context: Mapping[str, Any]) -> RenderedEmail:
        try:
            text = self._env.get_template(f"{template}.txt").render(context)
            html = self._env.get_template(f"{template}.html").render(context)
        except (TemplateError, ValueError, TypeError, KeyError) as error:
            raise RenderingFailed(f"{template}: {type(error).__name__}: {error}") from None
        subject, _, body = text.partition("\n\n")
        if not subject.strip() or "\n" in subject.strip():
            raise RenderingFailed(f"{template}: the first line of the text part must be the subject")
        return RenderedEmail(subject=subject.strip(), text=body.lstrip("\n"), html=html)
