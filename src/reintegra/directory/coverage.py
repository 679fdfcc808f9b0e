"""Landscape analysis (3b.1): what exists per administrative area and service type, gaps, and the
3b.1 checklist answered from the directory."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from reintegra.core.models import Organization
from reintegra.core.reference import organization_types
from reintegra.directory import attributes
from reintegra.directory.models import Provider, Service, ServiceArea, ServiceStatus


@dataclass
class Cell:
    services: int = 0
    places: int = 0
    supports: set[str] = field(default_factory=set)

    @property
    def gap(self) -> bool:
        return self.services == 0


@dataclass
class Coverage:
    areas: list[str]
    types: list[tuple[str, str]]
    cells: dict[tuple[str, str], Cell]

    def row(self, area: str) -> list[Cell]:
        return [self.cells.get((area, code), Cell()) for code, _label in self.types]

    def gaps(self) -> list[tuple[str, str, str]]:
        return [(area, code, label) for area in self.areas for code, label in self.types
                if self.cells.get((area, code), Cell()).gap]

    def gaps_per_area(self) -> list[tuple[str, int]]:
        return [(area, sum(1 for c in self.row(area) if c.gap)) for area in self.areas]


def known_areas() -> list[str]:
    names = set(Service.objects.exclude(admin_area="").values_list("admin_area", flat=True).distinct())
    names |= set(ServiceArea.objects.exclude(name="").values_list("name", flat=True).distinct())
    names |= set(Organization.objects.exclude(admin_area="").values_list("admin_area", flat=True).distinct())
    return sorted(names)


def coverage(*, areas: list[str] | None = None, types: list[str] | None = None) -> Coverage:
    all_types = [(t["code"], t["label"]) for t in organization_types()]
    chosen_types = [t for t in all_types if not types or t[0] in types]
    chosen_areas = areas or known_areas()
    cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
    active = Service.objects.filter(status=ServiceStatus.ACTIVE).exclude(service_type="")
    for area, code, n, places in (active.filter(admin_area__in=chosen_areas)
                                  .values_list("admin_area", "service_type").annotate(n=Count("id"),
                                                                                      p=Sum("places_available"))):
        cell = cells[(area, code)]
        cell.services += n
        cell.places += places or 0
    # Services that also cover other areas through their HSDS service_areas.
    for area, code, n in (ServiceArea.objects.filter(name__in=chosen_areas, service__in=active)
                          .exclude(service__admin_area=F("name")).values_list("name", "service__service_type")
                          .annotate(n=Count("service", distinct=True))):
        cells[(area, code)].services += n
    for area, code, flags in active.filter(admin_area__in=chosen_areas).values_list("admin_area", "service_type",
                                                                                    "flags"):
        cells[(area, code)].supports |= set(attributes.codes_from_mask(flags, "support"))
    return Coverage(chosen_areas, chosen_types, dict(cells))


@dataclass
class ChecklistAnswer:
    number: int
    question: str
    answer: str  # "yes", "no", "partly" or "not from data"
    evidence: str


def checklist_3b1() -> list[ChecklistAnswer]:
    active = Service.objects.filter(status=ServiceStatus.ACTIVE)
    total = active.count()
    providers = Provider.objects.filter(services__in=active).distinct().count()
    public = active.filter(Q(provider__member__sector="public")
                                               | Q(service_type__in=["public_employment_service", "tvet"])).count()
    bit = attributes.mask(["victims_only"])
    specialised = sum(1 for f in active.values_list("flags", flat=True) if f & bit)
    employers = active.filter(service_type="employer").count()
    cost_bits = attributes.mask(["transport", "accommodation", "childcare"])
    with_support = sum(1 for f in active.values_list("flags", flat=True) if f & cost_bits)
    cover = coverage()
    empty_areas = [area for area, missing in cover.gaps_per_area() if missing == len(cover.types)]
    evidence = {
        1: _("%(services)s active services from %(providers)s providers in the directory")
        % {"services": total, "providers": providers},
        2: _("%(n)s services run by public bodies or public employment/TVET services") % {"n": public},
        3: _("%(n)s services reserved for victims and survivors") % {"n": specialised},
        4: _("%(n)s employer services (on-the-job training, placements)") % {"n": employers},
        5: _("%(n)s of %(total)s services offer transport, accommodation or childcare")
        % {"n": with_support, "total": total},
        6: _("Areas with no service at all: %(areas)s") % {"areas": ", ".join(empty_areas) or _("none")},
    }
    costs = "yes" if total and with_support < total / 2 else "partly" if with_support < total else "no"
    return [
        ChecklistAnswer(1, _("Mapping of service providers available"), "yes" if total else "no", evidence[1]),
        ChecklistAnswer(2, _("Public programmes for mainstreaming identified"), "yes" if public else "no",
                        evidence[2]),
        ChecklistAnswer(3, _("Specialised programmes for the target population identified"),
                        "yes" if specialised else "no", evidence[3]),
        ChecklistAnswer(4, _("Employers supporting economic reintegration identified"), "yes" if employers else "no",
                        evidence[4]),
        ChecklistAnswer(5, _("Costs of transport, lodging or childcare need covering"), costs, evidence[5]),
        ChecklistAnswer(6, _("Plan to address the absence of providers in a region, sector or community"),
                        "not from data", evidence[6]),
    ]
