"""Debian's Chromium driven by Playwright, and the checks every visited page
passes: axe-core finds no serious or critical violation, the CSP refuses
nothing the page needs, nothing scrolls sideways at 375 px; a screenshot at
375 and 1280 px goes to the screenshots folder."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
PHONE, DESKTOP = {"width": 375, "height": 812}, {"width": 1280, "height": 900}
SERIOUS = {"serious", "critical"}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map(n => n.target.join(" "))}));
}"""


@dataclass
class PageChecks:
    """Watches a page's console for refusals of the CSP; checks each page it is shown."""

    screenshots: Path
    csp_refusals: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_refusals.append(message.text)

    def check(self, page: Page, name: str) -> None:
        page.wait_for_load_state("networkidle")
        violations = [v for v in page.evaluate(RUN_AXE) if v["impact"] in SERIOUS]
        assert violations == [], f"{name}: {violations}"
        assert self.csp_refusals == [], f"{name}: {self.csp_refusals}"
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.set_viewport_size(PHONE)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at 375 px"
        page.screenshot(path=self.screenshots / f"{slug}-375.png", full_page=True)
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=self.screenshots / f"{slug}-1280.png", full_page=True)
        self.checked.append(name)
