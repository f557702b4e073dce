"""One ``tremplin serve --demo`` for the web tests (on the engine under test,
with an SMTP sink), Debian's Chromium, and a fresh browser context per test."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.server_process import Server, a_server
from tests.e2e.test_serve import a_free_port
from tests.integration.fresh_databases import a_fresh_database
from tests.integration.smtp_sink import HOST, Inbox, an_smtp_server
from tests.web.browser import AXE, CHROMIUM, CHROMIUM_ARGS, DESKTOP, PageChecks


@pytest.fixture(scope="session")
def inbox() -> Iterator[Inbox]:
    with an_smtp_server() as received:
        yield received


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, inbox: Inbox) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("web-site")
    with a_fresh_database(directory) as database_url:
        env = {
            "TREMPLIN_DATABASE_URL": database_url,
            "TREMPLIN_SMTP_URL": f"smtp://{HOST}:{inbox.port}",
            "TREMPLIN_OUTBOX_POLL_S": "0.2",
            "TREMPLIN_LOG_LEVEL": "WARNING",
        }
        port = a_free_port()
        with a_server({**env, "TREMPLIN_PUBLIC_URL": f"http://127.0.0.1:{port}"}, port, directory) as server:
            server.start(demo=True)
            yield server


# Per module: Playwright's sync API holds an event loop open in this thread,
# and the async tests of the suite cannot run while it lives.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("TREMPLIN_SCREENSHOTS_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def context(browser: Browser, site: Server) -> Iterator[BrowserContext]:
    # axe-core comes in as an init script: the pages' CSP (no inline script) stays in force.
    opened = browser.new_context(base_url=site.base_url, viewport=DESKTOP, locale="fr-FR")
    opened.add_init_script(path=str(AXE))
    yield opened
    opened.close()


@pytest.fixture
def checks(screenshots: Path) -> PageChecks:
    return PageChecks(screenshots)


@pytest.fixture
def page(context: BrowserContext, checks: PageChecks) -> Page:
    opened = context.new_page()
    checks.watch(opened)
    return opened
