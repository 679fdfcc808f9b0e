"""Directory rows for tests, made directly (the directory holds no survivor data)."""

from __future__ import annotations

from typing import Any

from reintegra.directory import attributes
from reintegra.directory.models import Language, Provider, Service, ServiceArea


def make_provider(name: str = "Skills Centre", *, member: Any = None, area: str = "North",
                  organization_type: str = "tvet") -> Provider:
    return Provider.objects.create(name=name, description=f"{name} description", member=member, admin_area=area,
                                   organization_type=organization_type, country="NP", email="info@example.org")


def make_service(provider: Provider, name: str = "Tailoring course", *, service_type: str = "tvet",
                 area: str = "North", codes: tuple[str, ...] = ("stipend", "women"), languages: str = "ne,en",
                 **fields: Any) -> Service:
    service = Service.objects.create(provider=provider, name=name, description=f"{name} for adults",
                                     service_type=service_type, admin_area=area, flags=attributes.mask(codes),
                                     language_codes=languages, minimum_age=16, url="https://example.org/course",
                                     email="course@example.org", **fields)
    ServiceArea.objects.create(service=service, name=area)
    for code in languages.split(","):
        if code:
            Language.objects.create(service=service, code=code, name=code)
    return service
