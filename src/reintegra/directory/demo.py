"""Demo directory: every organisation is a provider with services; extra providers at larger scales
(the national scale has about 50,000 services, ARCHITECTURE.md §6)."""

from __future__ import annotations

import uuid
from typing import Any

from reintegra.demo.bulk import insert
from reintegra.directory import attributes
from reintegra.directory.models import Language, Provider, Service, ServiceArea

AREAS = ["North", "South", "East", "West", "Capital"]
EXTRA_SERVICES = {"small": 0, "medium": 400, "national": 50_000}
SERVICE_NAMES = {
    "tvet": "Vocational course", "health_care": "Clinic and counselling", "legal_services": "Legal advice",
    "employer": "On-the-job training", "anti_slavery": "Case support for survivors", "womens_support": "Women's centre",
    "public_employment_service": "Job placement", "migrant_refugee": "Migrant support desk",
    "business_development": "Start-your-business coaching", "trade_union": "Workers' rights clinic",
    "child_protection": "Child and family services", "national_coordination": "Referral helpline",
}


def _service(ctx: Any, provider: Provider, code: str, area: str, n: int) -> Service:
    rng = ctx.rng
    supports = rng.sample(attributes.codes_in("support"), rng.randint(0, 3))
    groups = rng.sample(["victims_only", "women", "migrants", "general_public"], rng.randint(1, 2))
    practice = [c for c in ("trauma_informed", "confidentiality_protocol") if rng.random() < 0.5]
    return Service(id=uuid.UUID(int=rng.getrandbits(128)), provider=provider,
                   name=f"{SERVICE_NAMES.get(code, 'Service')} {n}", description="Demo service",
                   service_type=code, admin_area=area, flags=attributes.mask(supports + groups + practice),
                   minimum_age=rng.choice([None, 16, 18]), language_codes=rng.choice(["en", "en,ne", "ne,hi", "fr"]),
                   sex_eligibility="female" if "women" in groups and rng.random() < 0.5 else "any",
                   places_available=rng.choice([None, 0, 3, 10]), waiting_days=rng.choice([None, 0, 14, 45]))


def populate(ctx: Any) -> None:
    rng = ctx.rng
    providers = [Provider(id=uuid.UUID(int=rng.getrandbits(128)), name=org.name, member=org,
                          organization_type=org.type, country=org.country, admin_area=org.admin_area,
                          description=f"{org.name} (demo)") for org in ctx.organizations.values()]
    Provider.objects.bulk_create(providers, batch_size=1000)
    services = [_service(ctx, p, p.organization_type, p.admin_area, i) for i, p in enumerate(providers)]
    for i in range(EXTRA_SERVICES[ctx.scale]):
        provider = providers[i % len(providers)]
        services.append(_service(ctx, provider, rng.choice(list(SERVICE_NAMES)), rng.choice(AREAS), i))
    insert(services, batch_size=2000)
    insert([ServiceArea(service=s, name=s.admin_area) for s in services], batch_size=2000)
    insert([Language(service=s, code=code, name=code) for s in services
                                  for code in s.language_codes.split(",")], batch_size=2000)
