import pytest
from django.urls import reverse

from ..conftest import PASSWORD


@pytest.mark.django_db
def test_login_list_and_detail(client, org, case_manager, make_case):
    case = make_case(org, case_manager)
    assert client.login(username="cm", password=PASSWORD)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    assert case.survivor.code in response.content.decode()
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    assert "Maya Tamang" in response.content.decode()


@pytest.mark.django_db
def test_organisation_switcher_changes_where_new_cases_go(client, make_org, make_member, org):
    from reintegra.cases.models import Case
    from reintegra.core.models import Membership, Role

    second = make_org(name="Second NGO")
    user = make_member(org, Role.CASE_MANAGER, username="both")
    make_member(second, Role.CASE_MANAGER, user=user)
    client.login(username="both", password=PASSWORD)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Second NGO" in page and 'id="org-switch"' in page
    target = Membership.objects.get(user=user, organization=second)
    response = client.post(reverse("core:switch_organization"), {"membership": target.pk, "next": "/cases/"})
    assert response.status_code == 302 and response.url == "/cases/"
    client.post(reverse("cases:open"), {"given_name": "Asha", "gender": "Feminine"})
    assert Case.objects.get().organization == second


@pytest.mark.django_db
def test_switching_to_someone_elses_membership_is_refused(client, make_org, make_member, org):
    from reintegra.core.models import Membership, Role

    make_member(org, Role.CASE_MANAGER, username="me")
    stranger = make_member(make_org(name="Other"), Role.CASE_MANAGER)
    client.login(username="me", password=PASSWORD)
    theirs = Membership.objects.get(user=stranger)
    assert client.post(reverse("core:switch_organization"), {"membership": theirs.pk}).status_code == 403


@pytest.mark.django_db
def test_french_interface(client, case_manager):
    client.login(username="cm", password=PASSWORD)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    page = client.get(reverse("core:dashboard"))
    assert page.status_code == 200
    assert '<html lang="fr"' in page.content.decode()


@pytest.mark.django_db
def test_case_page_links_to_referrals_and_shows_the_pathway(client, org, case_manager, make_case):
    case = make_case(org, case_manager)
    client.login(username="cm", password=PASSWORD)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("referrals:match", args=[case.pk]) in page
    assert reverse("referrals:new", args=[case.pk]) in page
    assert reverse("referrals:transfer_new", args=[case.pk]) in page
