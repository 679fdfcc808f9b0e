"""Pages to add and edit providers and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reintegra.core.permissions import has_any_perm
from reintegra.directory import attributes
from reintegra.directory.editing import ProviderForm, ServiceForm, provider_save, service_save
from reintegra.directory.models import Provider, Service
from reintegra.directory.services import can_edit_provider


@login_required
def provider_new_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "directory.manage"):
        raise Http404
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = provider_save(actor=request.user, form=form)
        messages.success(request, _("Provider added."))
        return redirect("directory:provider", provider_id=provider.pk)
    return render(request, "directory/edit.html", {"form": form, "title": _("Add a provider")},
                  status=400 if form.errors else 200)


@login_required
def service_edit_view(request: HttpRequest, provider_id, service_id=None) -> HttpResponse:
    provider = Provider.objects.filter(pk=provider_id).first()
    if provider is None or not can_edit_provider(request.user, provider):
        raise Http404
    service = None
    if service_id is not None:
        service = Service.objects.filter(pk=service_id, provider=provider).first()
        if service is None:
            raise Http404
    initial: dict[str, Any] = {"attribute_codes": attributes.codes_from_mask(service.flags)} if service else {}
    if service is not None:
        phone = service.phones.first()
        initial["phone"] = phone.number if phone else ""
    form = ServiceForm(request.POST or None, instance=service, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = service_save(actor=request.user, provider=provider, form=form)
        messages.success(request, _("Service saved."))
        return redirect("directory:service", service_id=saved.pk)
    title = _("Edit %(name)s") % {"name": service.name} if service else _("Add a service to %(name)s") % {
        "name": provider.name}
    return render(request, "directory/edit.html", {"form": form, "title": title}, status=400 if form.errors else 200)
