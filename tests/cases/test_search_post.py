"""Names never travel in a URL: the case list and the API search names by POST only; GET ?q= takes
survivor codes (pseudonymous) and refuses a name without searching it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from reintegra.cases.selectors import is_code_query
from reintegra.core.models import AuditEvent, Role
from tests.conftest import PASSWORD

API = "/api/v1/cases"


@pytest.fixture
def cm_client(client, case_manager):
    client.force_login(case_manager)
    return client


@pytest.fixture
def api(case_manager):
    client = APIClient()
    client.force_authenticate(case_manager)
    return client


def searches():
    return list(AuditEvent.objects.filter(action="search").values_list("detail", flat=True))


# --- What counts as a code -----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["S", "s-", "S-AB", "s-ab2c", "S-AB2C-", "S-AB2C-9XZ", " S-AB2C-9XZ4 "])
def test_code_prefixes_are_codes(text):
    assert is_code_query(text)


@pytest.mark.parametrize("text", ["Maya Tamang", "Maya", "Sita", "S-ABCDE", "S-AB2C-9XZ4Q", "S AB", "Tamang S-AB"])
def test_names_and_other_text_are_not_codes(text):
    assert not is_code_query(text)


_word = st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=20)


@given(_word, _word)
def test_no_full_name_is_ever_taken_for_a_code(given_name, family_name):
    assert not is_code_query(f"{given_name} {family_name}")


# --- Case list page ------------------------------------------------------------------------------

def test_name_in_the_address_is_refused_and_not_searched(cm_client, case):
    response = cm_client.get(reverse("cases:list"), {"q": "Maya Tamang"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Names are never searched from the address bar" in page
    assert case.survivor.code not in page
    assert 'value="Maya Tamang"' not in page  # not echoed back into the form
    assert searches() == []


def test_code_prefix_in_the_address_still_works(cm_client, case, make_case, org, case_manager):
    other = make_case(org, case_manager, given_name="Rina", family_name="Gurung")
    response = cm_client.get(reverse("cases:list"), {"q": case.survivor.code[:6].lower()})
    assert response.status_code == 200
    page = response.content.decode()
    assert case.survivor.code in page
    assert (other.survivor.code in page) == other.survivor.code.startswith(case.survivor.code[:6])
    assert searches() == [{"kind": "code"}]


def test_name_search_by_post_finds_the_case(cm_client, case, make_case, org, case_manager):
    other = make_case(org, case_manager, given_name="Rina", family_name="Gurung")
    response = cm_client.post(reverse("cases:list"), {"q": "maya tamang"})
    assert response.status_code == 200
    page = response.content.decode()
    assert case.survivor.code in page and other.survivor.code not in page
    assert searches() == [{"kind": "name"}]


def test_the_search_form_posts_and_never_pushes_the_query_into_history(cm_client, case):
    page = cm_client.get(reverse("cases:list")).content.decode()
    form = page.split('id="case-search"')[0].rsplit("<form", 1)[1] + page.split('id="case-search"')[1].split(">")[0]
    assert 'method="post"' in form and "hx-post=" in form
    assert "hx-get" not in form and "hx-push-url" not in page
    assert "csrfmiddlewaretoken" in page


def test_posted_search_needs_the_csrf_token(case_manager, case):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(case_manager)
    assert strict.post(reverse("cases:list"), {"q": "Maya Tamang"}).status_code == 403
    assert searches() == []


def test_posted_search_pages_by_posting_the_page_number(cm_client, make_case, org, case_manager):
    codes = {make_case(org, case_manager, given_name="Maya", family_name="Tamang",
                       birth_date=f"19{60 + i}-01-01").survivor.code for i in range(27)}
    first = cm_client.post(reverse("cases:list"), {"q": "Maya Tamang"}).content.decode()
    assert "27 cases" in first and "Page 1 of 2" in first
    assert 'form="case-search" name="page" value="2"' in first
    assert "?page=" not in first and "q=" not in first.split('id="case-rows"')[1]
    second = cm_client.post(reverse("cases:list"), {"q": "Maya Tamang", "page": "2"}).content.decode()
    assert "Page 2 of 2" in second
    on_first = {code for code in codes if code in first}
    on_second = {code for code in codes if code in second}
    assert len(on_first) == 25 and len(on_second) == 2 and on_first | on_second == codes


def test_htmx_post_returns_only_the_rows(cm_client, case):
    response = cm_client.post(reverse("cases:list"), {"q": "Maya Tamang"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert case.survivor.code in body and "<form" not in body


def test_posted_search_stays_within_scope(client, case, make_org, make_member, make_case):
    other = make_org(name="Elsewhere")
    outsider = make_member(other, Role.CASE_MANAGER)
    client.force_login(outsider)
    page = client.post(reverse("cases:list"), {"q": "Maya Tamang"}).content.decode()
    assert case.survivor.code not in page


def test_search_audit_never_stores_the_searched_name_when_posted(client, org, case_manager, case):
    client.login(username="cm", password=PASSWORD)
    client.post(reverse("cases:list"), {"q": "Maya Tamang"})
    event = AuditEvent.objects.get(action="search")
    assert event.detail == {"kind": "name"}
    assert "Maya" not in str(event.detail) + event.reason


# --- API -----------------------------------------------------------------------------------------

def test_api_get_with_a_name_is_400_and_not_searched(api, case):
    response = api.get(f"{API}/", {"q": "Maya Tamang"})
    assert response.status_code == 400
    assert "POST a name to /api/v1/cases/search/" in response.json()["q"][0]
    assert searches() == []


def test_api_get_with_a_code_prefix_works(api, case):
    response = api.get(f"{API}/", {"q": case.survivor.code[:4]})
    assert response.status_code == 200
    assert case.survivor.code in [row["survivor_code"] for row in response.json()["results"]]
    assert searches() == [{"kind": "code"}]


def test_api_post_search_by_name(api, case, make_case, org, case_manager):
    make_case(org, case_manager, given_name="Rina", family_name="Gurung")
    response = api.post(f"{API}/search/", {"q": "Maya Tamang"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["pages"] == 1
    assert body["results"][0]["survivor_code"] == case.survivor.code
    assert searches() == [{"kind": "name"}]


def test_api_post_search_pages_in_the_body(api, make_case, org, case_manager):
    for i in range(5):
        make_case(org, case_manager, birth_date=f"19{70 + i}-01-01")
    first = api.post(f"{API}/search/", {"q": "Maya Tamang", "page_size": 2}, format="json").json()
    last = api.post(f"{API}/search/", {"q": "Maya Tamang", "page_size": 2, "page": 3}, format="json").json()
    assert first["count"] == 5 and first["pages"] == 3 and len(first["results"]) == 2
    assert last["page"] == 3 and len(last["results"]) == 1


@pytest.mark.parametrize("payload", [{}, {"q": ""}, {"q": "Maya", "page": 0}, {"q": "Maya", "status": "bogus"},
                                     {"q": "x" * 201}, {"q": "Maya", "organization": 2**64},
                                     {"q": "Maya", "page_size": 500}, {"q": "Maya\x00"}])
def test_api_post_search_rejects_bad_input(api, case, payload):
    assert api.post(f"{API}/search/", payload, format="json").status_code == 400
    assert searches() == []


def test_api_post_search_is_scoped(case, make_org, make_member):
    outsider = make_member(make_org(name="Elsewhere"), Role.SUPERVISOR)
    client = APIClient()
    client.force_authenticate(outsider)
    assert client.post(f"{API}/search/", {"q": "Maya Tamang"}, format="json").json()["count"] == 0


def test_api_post_search_refuses_get(api):
    assert api.get(f"{API}/search/", {"q": "Maya Tamang"}).status_code == 405


def test_search_endpoint_is_in_the_openapi_schema(api):
    schema = api.get("/api/schema/?format=json").content.decode()
    assert "/api/v1/cases/search/" in schema and "CaseSearch" in schema


# --- Browser -------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_name_search_and_paging_keep_the_name_out_of_the_address(login_page, live_server, make_org,
                                                                         make_member, make_case):
    org = make_org(name="Hope Shelter")
    manager = make_member(org, Role.CASE_MANAGER, username="cm")
    codes = {make_case(org, manager, birth_date=f"19{60 + i}-01-01").survivor.code for i in range(26)}
    make_case(org, manager, given_name="Rina", family_name="Gurung")
    page = login_page("cm")
    page.goto(f"{live_server.url}/cases/")
    history_before = page.evaluate("window.history.length")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.get_by_label("Survivor code or full name").fill("Maya Tamang")
    page.get_by_role("button", name="Search").click()
    page.wait_for_selector("#case-rows >> text=26 cases")
    page.wait_for_load_state("networkidle")  # typing also triggers a (debounced) search
    assert "Page 1 of 2" in page.locator("#case-rows").inner_text()
    page.locator("#case-rows").get_by_role("button", name="Next").click()
    page.wait_for_selector("#case-rows >> text=Page 2 of 2")
    rows = page.locator("#case-rows").inner_text()
    assert len([code for code in codes if code in rows]) == 1
    assert page.url == f"{live_server.url}/cases/"
    assert not any("Maya" in url or "Tamang" in url for url in requests)
    assert page.evaluate("window.history.length") == history_before  # nothing pushed into history

    # A name typed into the address bar is refused and not searched.
    page.goto(f"{live_server.url}/cases/?q=Maya+Tamang")
    assert "Names are never searched from the address bar" in page.content()
    assert not any(code in page.locator("#case-rows").inner_text() for code in codes)
