"""The indicator library page shows, for each indicator, the dimensions it is broken down by and
those it is not (with the reason), named as the dashboard names them; an indicator without them
shows neither heading."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.utils import translation

from reintegra.core.models import Role
from reintegra.monitoring.statistics.library import DIMENSION_NAMES, _document, dimensions, indicator


@pytest.fixture
def client(make_org, make_member):
    client = Client()
    client.force_login(make_member(make_org(name="Shelter"), Role.ME_OFFICER))
    return client


def _section(html: str, code: str) -> str:
    match = re.search(rf'<section class="card" id="ind-{code}">(.*?)</section>', html, re.S)
    assert match, code
    return match.group(1)


def _items(block: str, css: str) -> str:
    """The text of a definition in the page, unescaped (French names hold apostrophes)."""
    match = re.search(rf'<dd class="{css}">(.*?)</dd>', block, re.S)
    return html.unescape(match.group(1)) if match else ""


def test_an_indicator_with_breakdowns_lists_them_by_name_and_the_ones_left_out_with_why(client):
    page = client.get("/monitoring/library/")
    assert page.status_code == 200
    block = _section(page.content.decode(), "child_share")
    names = {d.code: d.name for d in dimensions()}
    shown = _items(block, "disaggregations")
    assert shown == ", ".join(names[c] for c in indicator("child_share").disaggregations)
    assert shown.startswith("Sex / gender, Nationality, Migrant status, Disability, Area, Organisation")
    assert "Broken down by" in block and "Not broken down by" in block
    left_out = re.findall(r"<li>(.*?)</li>", _items(block, "not-disaggregated"), re.S)
    assert left_out[0] == ("Provider: A case can have several enrolments, placements and referrals, each with its "
                           "own provider.")
    assert [item.split(":")[0] for item in left_out] == ["Provider", "Programme", "Trade", "Age group at opening",
                                                         "Child or adult at opening"]
    assert "form_of_exploitation" not in block and "age_group" not in block  # names, not codes


def test_an_indicator_without_breakdowns_shows_no_heading_and_nothing_empty(client):
    assert indicator("retention_3m").disaggregations == () and indicator("retention_3m").not_disaggregated_by == ()
    block = _section(client.get("/monitoring/library/").content.decode(), "retention_3m")
    assert "Broken down by" not in block and "Not broken down by" not in block
    assert not re.search(r"<dd[^>]*>\s*</dd>|<ul>\s*</ul>", block)
    for odd in ("None", "()", "[]", "{}"):
        assert odd not in block


def test_names_are_translated_as_on_the_dashboard(client):
    page = client.get("/monitoring/library/", HTTP_ACCEPT_LANGUAGE="fr")
    block = _section(page.content.decode(), "cases_opened")
    with translation.override("fr"):
        names = {d.code: d.name for d in dimensions()}
    assert names["nationality"] == "Nationalité" and names["area"] == "Zone"
    assert _items(block, "disaggregations") == ", ".join(names[c] for c in indicator("cases_opened").disaggregations)


def test_every_dimension_of_the_yaml_is_marked_for_translation_and_known():
    document = _document()
    assert {d["name"] for d in document["dimensions"]} == set(DIMENSION_NAMES)
    codes = {d["code"] for d in document["dimensions"]}
    for ind in document["indicators"]:
        used = set(ind.get("disaggregations") or ()) | set(ind.get("not_disaggregated_by") or {})
        assert used <= codes, (ind["code"], used - codes)
