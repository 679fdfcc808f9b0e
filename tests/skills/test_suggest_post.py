"""The words sent for suggestions may describe the person: they travel in a POST body, never in a URL."""

from __future__ import annotations

import pytest
from django.test import Client

from reintegra.skills import coding


@pytest.fixture
def finder_calls(monkeypatch):
    """Replace the encoder by a recorder: these tests are about transport, not about coding."""
    calls: list[str] = []

    def fake(text: str, limit: int = 8):
        calls.append(text)
        return [coding.Suggestion(code="7531", label="Tailors, dressmakers, furriers and hatters", matched=text,
                                  score=0.9, semantic=0.9, lexical=0.9)]

    monkeypatch.setattr(coding, "suggest_occupations", fake)
    monkeypatch.setattr(coding, "suggest_skills", fake)
    return calls


def test_page_refuses_text_in_the_query_string(world, client, finder_calls):
    client.force_login(world.counsellor)
    response = client.get(f"/skills/case/{world.case.pk}/suggest/", {"text": "Maya sewed for Mr Rana",
                                                                      "kind": "occupation"})
    assert response.status_code == 405
    assert finder_calls == []


def test_page_suggests_from_a_post_body(world, client, finder_calls):
    client.force_login(world.counsellor)
    response = client.post(f"/skills/case/{world.case.pk}/suggest/", {"text": "tailleur", "kind": "aspiration"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "7531" in body and 'name="source_text" value="tailleur"' in body and "Confirm" in body
    assert finder_calls == ["tailleur"]
    assert client.post(f"/skills/case/{world.case.pk}/suggest/", {"text": "", "kind": "skill"}).status_code == 400


def test_page_post_needs_the_csrf_token(world, finder_calls):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.counsellor)
    assert client.post(f"/skills/case/{world.case.pk}/suggest/", {"text": "tailleur",
                                                                   "kind": "occupation"}).status_code == 403
    assert finder_calls == []


def test_profile_page_posts_the_suggestion_form_with_htmx_and_csrf(world, client):
    client.force_login(world.counsellor)
    html = client.get(f"/skills/case/{world.case.pk}/").content.decode()
    start = html.index('hx-target="#suggestions"')
    form = html[html.rindex("<form", 0, start):html.index("</form>", start)]
    assert 'method="post"' in form and "hx-post=" in form and "hx-get" not in form
    assert 'name="csrfmiddlewaretoken"' in form


def test_api_refuses_get_and_suggests_from_a_post_body(world, client, finder_calls):
    client.force_login(world.counsellor)
    assert client.get("/api/v1/skills/suggest/", {"text": "tailleur"}).status_code == 405
    assert finder_calls == []
    response = client.post("/api/v1/skills/suggest/", {"text": "tailleur"}, content_type="application/json")
    assert response.status_code == 200 and response.json()[0]["code"] == "7531"
    assert client.post("/api/v1/skills/suggest/", {"text": " "}, content_type="application/json").status_code == 400
    assert client.post("/api/v1/skills/suggest/", {"text": "x", "kind": "nonsense"},
                       content_type="application/json").status_code == 400
