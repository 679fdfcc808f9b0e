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
