"""Writes of directory entries from the pages: providers and services (besides HSDS import)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reintegra.core import audit
from reintegra.core.permissions import has_any_perm
from reintegra.directory import attributes
from reintegra.directory.models import Language, Phone, Provider, Service, ServiceArea
from reintegra.directory.selectors import directory_changed
from reintegra.directory.services import can_edit_provider


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "description", "organization_type", "admin_area", "country", "email", "website", "member"]


class ServiceForm(forms.ModelForm):
    attribute_codes = forms.MultipleChoiceField(
        label=_lazy("Who it is for, supports and practice"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=lambda: [(t.code, f"{attributes.group_label(t.group)}: {t.label}") for t in attributes.terms()
                         if t.bit is not None])
    phone = forms.CharField(label=_lazy("Phone"), required=False, max_length=60)

    class Meta:
        model = Service
        fields = ["name", "description", "service_type", "status", "admin_area", "eligibility_description",
                  "minimum_age", "maximum_age", "sex_eligibility", "requires_legal_residence", "language_codes",
                  "places_available", "waiting_days", "accepts_referrals", "application_process",
                  "fees_description", "url", "email"]

    def clean_language_codes(self) -> str:
        codes = [c.strip().lower() for c in self.cleaned_data["language_codes"].split(",") if c.strip()]
        for code in codes:
            if not (2 <= len(code) <= 3 and code.isalpha()):
                raise forms.ValidationError(_("Use ISO 639 codes separated by commas, e.g. en,ne,hi."))
        return ",".join(dict.fromkeys(codes))


def provider_save(*, actor: Any, form: ProviderForm) -> Provider:
    if not has_any_perm(actor, "directory.manage"):
        raise PermissionDenied(_("You cannot add providers."))
    adding = form.instance._state.adding
    with transaction.atomic():
        provider = form.save(commit=False)
        provider.last_modified = timezone.now()
        provider.save()
        audit.record(audit.Action.CREATE if adding else audit.Action.UPDATE, actor=actor, obj=provider,
                     detail={"name": provider.name})
    return provider


def service_save(*, actor: Any, provider: Provider, form: ServiceForm) -> Service:
    if not can_edit_provider(actor, provider):
        raise PermissionDenied(_("You cannot edit this provider's services."))
    adding = form.instance._state.adding
    with transaction.atomic():
        service = form.save(commit=False)
        service.provider = provider
        service.flags = attributes.mask(form.cleaned_data["attribute_codes"])
        service.last_modified = timezone.now()
        service.save()
        service.languages.all().delete()
        Language.objects.bulk_create([Language(service=service, code=c, name=c) for c in service.languages_list])
        if service.admin_area and not service.service_areas.filter(name=service.admin_area).exists():
            ServiceArea.objects.create(service=service, name=service.admin_area)
        if form.cleaned_data["phone"]:
            Phone.objects.update_or_create(service=service, defaults={"number": form.cleaned_data["phone"]})
        audit.record(audit.Action.CREATE if adding else audit.Action.UPDATE, actor=actor, obj=service,
                     detail={"provider": str(provider.pk), "name": service.name})
        transaction.on_commit(directory_changed)
    return service
