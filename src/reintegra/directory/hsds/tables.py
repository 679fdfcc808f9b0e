"""The HSDS 3.0 tables: file names, schemas, foreign keys and how nested JSON maps onto them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

# table (CSV file name without .csv) -> schema file in data/hsds/
TABLES: dict[str, str] = {
    "organizations": "organization", "services": "service", "locations": "location",
    "service_at_location": "service_at_location", "phones": "phone", "schedules": "schedule",
    "languages": "language", "cost_options": "cost_option", "service_areas": "service_area",
    "attributes": "attribute", "taxonomy_terms": "taxonomy_term", "taxonomies": "taxonomy",
    "programs": "program", "contacts": "contact", "addresses": "address", "funding": "funding",
    "required_documents": "required_document", "accessibility": "accessibility",
    "organization_identifiers": "organization_identifier", "metadata": "metadata",
}
ENTITY_TABLE = {entity: table for table, entity in TABLES.items()}

# Tables Reintegra stores; the others are checked (references included) but not kept.
STORED = {"organizations", "services", "locations", "service_at_location", "phones", "schedules", "languages",
          "cost_options", "service_areas", "attributes", "taxonomy_terms"}

# column -> referenced table, per table
FOREIGN_KEYS: dict[str, dict[str, str]] = {
    "services": {"organization_id": "organizations", "program_id": "programs"},
    "locations": {"organization_id": "organizations"},
    "service_at_location": {"service_id": "services", "location_id": "locations"},
    "phones": {"location_id": "locations", "service_id": "services", "organization_id": "organizations",
               "contact_id": "contacts", "service_at_location_id": "service_at_location"},
    "schedules": {"service_id": "services", "location_id": "locations",
                  "service_at_location_id": "service_at_location"},
    "languages": {"service_id": "services", "location_id": "locations", "phone_id": "phones"},
    "cost_options": {"service_id": "services"},
    "service_areas": {"service_id": "services"},
    "funding": {"organization_id": "organizations", "service_id": "services"},
    "required_documents": {"service_id": "services"},
    "contacts": {"organization_id": "organizations", "service_id": "services",
                 "service_at_location_id": "service_at_location", "location_id": "locations"},
    "addresses": {"location_id": "locations"},
    "accessibility": {"location_id": "locations"},
    "programs": {"organization_id": "organizations"},
    "organization_identifiers": {"organization_id": "organizations"},
    "attributes": {"taxonomy_term_id": "taxonomy_terms"},
    "taxonomy_terms": {"taxonomy_id": "taxonomies", "parent_id": "taxonomy_terms"},
}

# In nested JSON: key -> entity, for each entity. A list holds children, an object one related row.
NESTED: dict[str, dict[str, str]] = {
    "organization": {"funding": "funding", "contacts": "contact", "phones": "phone", "locations": "location",
                     "programs": "program", "organization_identifiers": "organization_identifier",
                     "attributes": "attribute", "metadata": "metadata", "services": "service"},
    "service": {"phones": "phone", "schedules": "schedule", "service_areas": "service_area",
                "service_at_locations": "service_at_location", "languages": "language",
                "organization": "organization", "funding": "funding", "cost_options": "cost_option",
                "program": "program", "required_documents": "required_document", "contacts": "contact",
                "attributes": "attribute", "metadata": "metadata"},
    "service_at_location": {"contacts": "contact", "phones": "phone", "schedules": "schedule",
                            "location": "location", "service": "service", "attributes": "attribute",
                            "metadata": "metadata"},
    "location": {"languages": "language", "addresses": "address", "contacts": "contact",
                 "accessibility": "accessibility", "phones": "phone", "schedules": "schedule",
                 "attributes": "attribute", "metadata": "metadata"},
    "phone": {"languages": "language", "attributes": "attribute", "metadata": "metadata"},
    "contact": {"phones": "phone", "attributes": "attribute", "metadata": "metadata"},
    "program": {"attributes": "attribute", "metadata": "metadata"},
    "attribute": {"taxonomy_term": "taxonomy_term", "metadata": "metadata"},
    "taxonomy_term": {"taxonomy_detail": "taxonomy", "metadata": "metadata"},
}


@cache
def schema(table: str) -> dict[str, Any]:
    text = resources.files("reintegra.directory").joinpath("data", "hsds", f"{TABLES[table]}.json").read_text(
        encoding="utf-8")
    return json.loads(text)


@cache
def row_schema(table: str) -> dict[str, Any]:
    """The table's schema restricted to its own columns (nested arrays and objects left out)."""
    full = schema(table)
    properties = {name: {k: v for k, v in spec.items() if k not in {"constraints", "example", "core"}}
                  for name, spec in full["properties"].items() if spec.get("type") not in {"array", "object", None}}
    required = [name for name in full.get("required", []) if name in properties]
    return {"type": "object", "properties": properties, "required": required}


def columns(table: str) -> list[str]:
    return list(row_schema(table)["properties"])
