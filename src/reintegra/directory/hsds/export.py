"""Directory -> HSDS 3.0 JSON: fully nested services (each valid against compiled/service.json) and
organizations (compiled/organization.json), with Reintegra's additions as attributes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from reintegra.directory import attributes as ours
from reintegra.directory.models import Attribute, Location, Provider, Service, ServiceAtLocation

HSDS_VERSION = "3.0"


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """HSDS leaves absent values out rather than sending empty strings or nulls."""
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _attribute_rows(entity: str, link_id: str, flags: int, type_code: str) -> list[dict[str, Any]]:
    rows = []
    codes = ours.codes_from_mask(flags) + ([type_code] if type_code else [])
    for code in codes:
        term = ours.by_code()[code]
        taxonomy = ours.taxonomy()
        rows.append({
            "id": _stable_id(link_id, term.id), "link_id": link_id, "link_entity": entity,
            "link_type": term.group, "taxonomy_term_id": term.id, "value": code,
            "taxonomy_term": {"id": term.id, "code": code, "name": term.label, "description": term.label,
                              "taxonomy": taxonomy["name"], "taxonomy_id": taxonomy["id"]},
        })
    for attribute in Attribute.objects.filter(link_id=link_id).select_related("taxonomy_term"):
        row = _clean({"id": str(attribute.id), "link_id": link_id, "link_entity": attribute.link_entity,
                      "link_type": attribute.link_type, "value": attribute.value,
                      "taxonomy_term_id": str(attribute.taxonomy_term_id or "") or None})
        if attribute.taxonomy_term is not None:
            other = attribute.taxonomy_term
            row["taxonomy_term"] = _clean({"id": str(other.id), "code": other.code, "name": other.name,
                                           "description": other.description or other.name,
                                           "taxonomy": other.taxonomy, "term_uri": other.term_uri})
        rows.append(row)
    return rows


def _stable_id(*parts: str) -> str:
    import uuid

    return str(uuid.uuid5(ours.SERVICE_TYPE_NAMESPACE, "/".join(parts)))


def _phones(phones: Iterable[Any]) -> list[dict[str, Any]]:
    return [_clean({"id": str(p.id), "number": p.number, "extension": p.extension, "type": p.type,
                    "description": p.description,
                    "languages": [_clean({"id": str(lang.id), "name": lang.name, "code": lang.code, "note": lang.note})
                                  for lang in p.languages.all()]}) for p in phones]


def _schedules(schedules: Iterable[Any]) -> list[dict[str, Any]]:
    return [_clean({"id": str(s.id), "valid_from": _iso(s.valid_from), "valid_to": _iso(s.valid_to),
                    "freq": s.freq or None, "interval": s.interval, "byday": s.byday,
                    "opens_at": _iso(s.opens_at), "closes_at": _iso(s.closes_at), "description": s.description,
                    "notes": s.notes}) for s in schedules]


def location_object(location: Location) -> dict[str, Any]:
    address = []
    if location.address_1 or location.city:
        address = [_clean({"id": _stable_id(str(location.id), "address"), "location_id": str(location.id),
                           "address_1": location.address_1, "city": location.city,
                           "region": location.region or location.admin_area, "state_province": location.region
                           or location.admin_area or "-", "postal_code": location.postal_code or "-",
                           "country": location.country or "-", "address_type": "physical"})]
    return _clean({
        "id": str(location.id), "location_type": location.location_type, "url": location.url,
        "organization_id": str(location.provider_id) if location.provider_id else None,
        "name": location.name, "description": location.description, "transportation": location.transportation,
        "latitude": location.latitude, "longitude": location.longitude, "addresses": address,
        "phones": _phones(location.phones.all()), "schedules": _schedules(location.schedules.all()),
        "languages": [_clean({"id": str(lang.id), "name": lang.name, "code": lang.code, "note": lang.note})
                      for lang in location.languages.all()],
    })


def organization_object(provider: Provider, *, services: bool = False) -> dict[str, Any]:
    data = _clean({
        "id": str(provider.id), "name": provider.name, "alternate_name": provider.alternate_name,
        "description": provider.description or provider.name, "email": provider.email, "website": provider.website,
        "legal_status": provider.legal_status, "year_incorporated": provider.year_incorporated,
        "phones": _phones(provider.phones.all()),
        "locations": [location_object(loc) for loc in provider.locations.all()],
        "attributes": _attribute_rows("organization", str(provider.id), provider.flags, provider.organization_type),
    })
    if services:
        data["services"] = [service_object(s, nest_organization=False) for s in provider.services.all()]
    return data


def organization_summary(provider: Provider) -> dict[str, Any]:
    return _clean({"id": str(provider.id), "name": provider.name, "alternate_name": provider.alternate_name,
                   "description": provider.description or provider.name, "email": provider.email,
                   "website": provider.website, "legal_status": provider.legal_status,
                   "year_incorporated": provider.year_incorporated})


def service_summary(service: Service) -> dict[str, Any]:
    return _clean({
        "id": str(service.id), "organization_id": str(service.provider_id) if service.provider_id else None,
        "name": service.name, "alternate_name": service.alternate_name, "description": service.description,
        "url": service.url, "email": service.email, "status": service.status,
        "interpretation_services": service.interpretation_services,
        "application_process": service.application_process, "fees_description": service.fees_description,
        "wait_time": service.wait_time or (f"{service.waiting_days} days" if service.waiting_days is not None
                                           else None),
        "accreditations": service.accreditations, "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age, "maximum_age": service.maximum_age, "alert": service.alert,
        "last_modified": service.last_modified.isoformat() if service.last_modified else None,
    })


def service_object(service: Service, *, nest_organization: bool = True) -> dict[str, Any]:
    data = service_summary(service)
    data.update(_clean({
        "phones": _phones(service.phones.all()),
        "schedules": _schedules(service.schedules.all()),
        "service_areas": [_clean({"id": str(a.id), "service_id": str(service.id), "name": a.name,
                                  "description": a.description, "extent": a.extent, "extent_type": a.extent_type,
                                  "uri": a.uri}) for a in service.service_areas.all()],
        "languages": [_clean({"id": str(lang.id), "service_id": str(service.id), "name": lang.name,
                              "code": lang.code, "note": lang.note}) for lang in service.languages.all()],
        "cost_options": [_clean({"id": str(c.id), "service_id": str(service.id), "option": c.option,
                                 "currency": c.currency, "amount": float(c.amount) if c.amount is not None else None,
                                 "amount_description": c.amount_description, "valid_from": _iso(c.valid_from),
                                 "valid_to": _iso(c.valid_to)}) for c in service.cost_options.all()],
        "service_at_locations": [_service_at_location(sal) for sal in
                                 service.service_at_locations.select_related("location")],
        "attributes": _attribute_rows("service", str(service.id), service.flags, service.service_type),
    }))
    if nest_organization and service.provider is not None:
        data["organization"] = organization_summary(service.provider)
    return data


def _service_at_location(sal: ServiceAtLocation) -> dict[str, Any]:
    return _clean({"id": str(sal.id), "service_id": str(sal.service_id), "location_id": str(sal.location_id),
                   "description": sal.description, "location": location_object(sal.location),
                   "phones": _phones(sal.phones.all()), "schedules": _schedules(sal.schedules.all())})


def export_services(services: QuerySet[Service]) -> list[dict[str, Any]]:
    return [service_object(s) for s in services.select_related("provider").order_by("name", "id")]


def write_export(services: QuerySet[Service], path: Path) -> int:
    objects = export_services(services)
    Path(path).write_text(json.dumps(objects, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(objects)
