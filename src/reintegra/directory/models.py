"""The service directory, after the Open Referral HSDS 3.0 tables (organization, service, location,
service_at_location, phone, schedule, language, cost_option, service_area, attribute).

Ids are UUIDs as in HSDS. What survivors need and HSDS lacks (target groups, supports, practices)
is kept as bits in `flags` (see attributes.py) and exported as HSDS attributes; service type
(Table 1 of the ILO guidelines, section 3b.1), current capacity and the link to a Reintegra
organisation that receives referrals are Reintegra columns.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.reference import organization_type_choices


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class SexEligibility(models.TextChoices):
    ANY = "any", _("Any")
    FEMALE = "female", _("Women and girls only")
    MALE = "male", _("Men and boys only")


class Provider(models.Model):
    """HSDS `organization`: anyone who provides services, member of Reintegra or not."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=200, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year incorporated"), null=True, blank=True)
    organization_type = models.CharField(_("type (Table 1)"), max_length=40, blank=True,
                                         choices=organization_type_choices)
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    admin_area = models.CharField(_("administrative area"), max_length=100, blank=True, db_index=True)
    member = models.ForeignKey(
        "core.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="directory_providers",
        verbose_name=_("Reintegra organisation"), help_text=_("Its staff receive referrals sent to this provider."),
    )
    flags = models.BigIntegerField(default=0)
    last_modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    class Type(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        POSTAL = "postal", _("Postal")
        VIRTUAL = "virtual", _("Virtual")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.CASCADE, related_name="locations")
    location_type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.PHYSICAL)
    name = models.CharField(_("name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    url = models.URLField(_("URL"), blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    address_1 = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    admin_area = models.CharField(_("administrative area"), max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name or str(self.id)


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("URL"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    wait_time = models.CharField(_("waiting time (as published)"), max_length=300, blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    eligibility_description = models.TextField(_("eligibility"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    alert = models.TextField(_("alert"), blank=True)
    last_modified = models.DateTimeField(default=timezone.now)
    # Reintegra additions.
    service_type = models.CharField(_("type of service (Table 1)"), max_length=40, blank=True,
                                    choices=organization_type_choices, db_index=True)
    admin_area = models.CharField(_("main administrative area"), max_length=100, blank=True, db_index=True)
    sex_eligibility = models.CharField(_("open to"), max_length=8, choices=SexEligibility.choices,
                                       default=SexEligibility.ANY)
    requires_legal_residence = models.BooleanField(_("requires legal residence"), default=False)
    language_codes = models.CharField(_("languages (ISO 639-1, comma separated)"), max_length=200, blank=True)
    flags = models.BigIntegerField(default=0)
    places_available = models.PositiveIntegerField(_("places available now"), null=True, blank=True)
    waiting_days = models.PositiveIntegerField(_("waiting time in days"), null=True, blank=True)
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "service_type", "admin_area"], name="service_type_area")]

    def __str__(self) -> str:
        return self.name

    @property
    def languages_list(self) -> list[str]:
        return [c for c in self.language_codes.split(",") if c]


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.service_id} @ {self.location_id}"


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE,
                                            related_name="phones")
    number = models.CharField(max_length=60)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE,
                                            related_name="schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=40, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday}"


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(_("ISO 639 code"), max_length=10, blank=True)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.code or self.name


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=300, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.option or str(self.amount)


class ServiceArea(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(_("area"), max_length=200, blank=True, db_index=True)
    description = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    extent = models.TextField(blank=True)
    uri = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """Terms of other taxonomies met on import (ours live in data/attributes.yaml)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    taxonomy = models.CharField(max_length=200, blank=True)
    term_uri = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.name


class Attribute(models.Model):
    """An HSDS attribute that is not one of Reintegra's own (those are bits in `flags`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link_entity = models.CharField(max_length=40)
    link_id = models.UUIDField(db_index=True)
    link_type = models.CharField(max_length=100, blank=True)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, null=True, blank=True, on_delete=models.CASCADE)
    value = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.link_entity} {self.link_id}: {self.value}"


from reintegra.directory.capacity_models import CapacityAnswer, CapacityAssessment  # noqa: E402,F401
