"""Shared fixtures: organisations, members with roles, cases, and a headless Chromium page.

Use the factories rather than creating rows by hand, so tests follow the same services as
the application:

    org = make_org(name="Shelter")
    manager = make_member(org, Role.CASE_MANAGER)
    case = make_case(org, manager)
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from reintegra.core.models import Membership, Organization, Role, Sector, User

PASSWORD = "correct-horse-battery-9"
_counter = itertools.count(1)


@pytest.fixture
def make_org(db):
    def make(name: str | None = None, type: str = "anti_slavery", sector: str = Sector.NGO,
             country: str = "NP", admin_area: str = "North") -> Organization:
        return Organization.objects.create(name=name or f"Org {next(_counter)}", type=type, sector=sector,
                                           country=country, admin_area=admin_area)
    return make


@pytest.fixture
def make_user(db):
    def make(username: str | None = None, password: str = PASSWORD, **kwargs: Any) -> User:
        return User.objects.create_user(username=username or f"user{next(_counter)}", password=password, **kwargs)
    return make


@pytest.fixture
def make_member(make_user):
    """A user holding `role` in `org` (expired=True makes the membership lapse yesterday)."""
    def make(org: Organization, role: str, *, username: str | None = None, area_scope: str = "",
             expired: bool = False, user: User | None = None) -> User:
        member = user or make_user(username)
        Membership.objects.create(
            user=member, organization=org, role=role, area_scope=area_scope,
            expires_on=dt.date.today() - dt.timedelta(days=1) if expired else None,
        )
        return member
    return make


@pytest.fixture
def make_case(db):
    """Open a case through the service, as `actor` (who must be allowed to create cases in `org`)."""
    from reintegra.cases.services import case_open
    from reintegra.people.services import Identity

    def make(org: Organization, actor: User, *, given_name: str = "Maya", family_name: str = "Tamang",
             birth_date: str = "1994-03-02", case_manager: User | None = None, admin_area: str = "",
             **attributes: Any):
        return case_open(actor=actor, organization=org,
                         identity=Identity(given_name=given_name, family_name=family_name, birth_date=birth_date,
                                           phone="+977 5550101"),
                         case_manager=case_manager, admin_area=admin_area, **attributes)
    return make


@pytest.fixture
def org(make_org):
    return make_org(name="Hope Shelter")


@pytest.fixture
def case_manager(make_member, org):
    return make_member(org, Role.CASE_MANAGER, username="cm")


# --- Browser -----------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def login_page(page, live_server):
    """Returns a function that signs `username` in through the real login form and returns the page."""
    def sign_in(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page
    return sign_in


@pytest.fixture(autouse=True)
def _english_between_tests():
    """LocaleMiddleware leaves the last request's language active in the thread; start each test in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
