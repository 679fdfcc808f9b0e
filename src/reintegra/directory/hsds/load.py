"""Write checked HSDS tables into the directory (insert or update by id), all or nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from reintegra.directory import attributes as reintegra_attributes
from reintegra.directory.models import (
    Attribute,
    CostOption,
    Language,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)

MODELS: dict[str, type[models.Model]] = {
    "organizations": Provider, "services": Service, "locations": Location,
    "service_at_location": ServiceAtLocation, "phones": Phone, "schedules": Schedule, "languages": Language,
    "cost_options": CostOption, "service_areas": ServiceArea, "attributes": Attribute,
    "taxonomy_terms": TaxonomyTerm,
}
# HSDS column -> model field, where the names differ
RENAMES = {
    "services": {"organization_id": "provider_id"},
    "locations": {"organization_id": "provider_id"},
    "phones": {"organization_id": "provider_id"},
}
LOAD_ORDER = ["taxonomy_terms", "organizations", "locations", "services", "service_at_location", "phones",
              "schedules", "languages", "cost_options", "service_areas", "attributes"]


def stored_ids(table: str, ids: set[str]) -> set[str]:
    ours = {i for i in ids if i in reintegra_attributes.by_id()} if table == "taxonomy_terms" else set()
    model = MODELS.get(table)
    valid = set()
    for value in ids - ours:
        try:
            valid.add(uuid.UUID(value))
        except ValueError:
            continue
    if model is None or not valid:
        return ours
    return ours | {str(pk) for pk in model._default_manager.filter(pk__in=valid).values_list("pk", flat=True)}


def _convert(model_field: models.Field, value: Any) -> Any:
    if value in (None, ""):
        return None if model_field.null else ("" if isinstance(model_field, models.CharField | models.TextField)
                                              else model_field.get_default())
    if isinstance(model_field, models.UUIDField | models.ForeignKey):
        return uuid.UUID(str(value))
    if isinstance(model_field, models.DateTimeField):
        return parse_datetime(str(value))
    if isinstance(model_field, models.DateField):
        try:
            return parse_date(str(value)[:10])
        except ValueError:
            return None
    if isinstance(model_field, models.TimeField):
        return parse_time(str(value))
    if isinstance(model_field, models.DecimalField):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    if isinstance(model_field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        return max(0, int(float(value)))
    if isinstance(model_field, models.FloatField):
        return float(value)
    if isinstance(model_field, models.CharField):
        return str(value)[: model_field.max_length]
    return value if not isinstance(model_field, models.TextField) else str(value)


@dataclass
class LoadSummary:
    counts: dict[str, int] = field(default_factory=dict)


def _apply_reintegra_attributes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Our own attribute terms become bits and service types; the rest are stored as attributes."""
    others = []
    for row in rows:
        term = reintegra_attributes.by_id().get(str(row.get("taxonomy_term_id", "")))
        entity = row.get("link_entity")
        if term is None or entity not in {"service", "organization"}:
            others.append(row)
            continue
        model = Service if entity == "service" else Provider
        link = uuid.UUID(str(row["link_id"]))
        if term.bit is None:
            if entity == "service":
                Service.objects.filter(pk=link).update(service_type=term.code)
            else:
                Provider.objects.filter(pk=link).update(organization_type=term.code)
        else:
            model.objects.filter(pk=link).update(flags=models.F("flags").bitor(1 << term.bit))
    return others


def _denormalise(service_ids: set[uuid.UUID]) -> None:
    """Languages and main area are copied onto the service row for fast filtering and matching."""
    for service in Service.objects.filter(pk__in=service_ids):
        codes = sorted({c.lower() for c in service.languages.exclude(code="").values_list("code", flat=True)})
        area = service.admin_area or (service.service_areas.exclude(name="").values_list("name", flat=True).first()
                                      or "")
        if not area and service.provider is not None:
            area = service.provider.admin_area
        Service.objects.filter(pk=service.pk).update(language_codes=",".join(codes)[:200], admin_area=area[:100])


def _values(table: str, row: dict[str, Any]) -> dict[str, Any]:
    model = MODELS[table]
    renames = RENAMES.get(table, {})
    fields = {f.attname: f for f in model._meta.concrete_fields}
    values: dict[str, Any] = {}
    for column, value in row.items():
        name = renames.get(column, column)
        if name in fields:
            values[name] = _convert(fields[name], value)
    return values


def _reset_flags(rows: list[dict[str, Any]]) -> None:
    """Entities that come with our attributes get exactly those (not old bits plus new)."""
    ours = [r for r in rows if str(r.get("taxonomy_term_id", "")) in reintegra_attributes.by_id()]
    for entity, model in (("service", Service), ("organization", Provider)):
        links = {uuid.UUID(str(r["link_id"])) for r in ours if r.get("link_entity") == entity and r.get("link_id")}
        model.objects.filter(pk__in=links).update(flags=0)


@transaction.atomic
def load_tables(rows: dict[str, list[dict[str, Any]]]) -> LoadSummary:
    summary = LoadSummary()
    service_ids: set[uuid.UUID] = set()
    for table in LOAD_ORDER:
        table_rows = list(rows.get(table, []))
        if table == "taxonomy_terms":
            table_rows = [r for r in table_rows if str(r.get("id")) not in reintegra_attributes.by_id()]
        if table == "attributes":
            _reset_flags(table_rows)
            table_rows = [r for r in _apply_reintegra_attributes(table_rows) if r.get("link_id")]
        if not table_rows:
            continue
        model = MODELS[table]
        all_values = [_values(table, r) for r in table_rows]
        existing = set(model._default_manager.filter(pk__in=[v["id"] for v in all_values]).values_list("pk", flat=True))
        for values in all_values:
            if values["id"] in existing:
                model._default_manager.filter(pk=values["id"]).update(**{k: v for k, v in values.items() if k != "id"})
            else:
                model._default_manager.create(**values)
        summary.counts[table] = len(all_values)
        if table == "services":
            service_ids |= {v["id"] for v in all_values}
    service_ids |= {uuid.UUID(str(r["service_id"])) for t in ("languages", "service_areas")
                    for r in rows.get(t, []) if r.get("service_id")}
    _denormalise(service_ids)
    return summary
