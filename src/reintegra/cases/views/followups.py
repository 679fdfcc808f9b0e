"""The follow-up desk: overdue and upcoming contacts, and open reminders, for the user's cases."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from reintegra.cases import selectors, services

LIMIT = 100  # rows per list; the oldest overdue first


@login_required
def followups_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    due = selectors.followups_due(user=request.user, within_days=7)
    overdue = due.filter(due_on__lt=today)
    return render(request, "cases/followups.html", {
        "overdue": overdue[:LIMIT],
        "overdue_count": overdue.count(),
        "upcoming": due.filter(due_on__gte=today)[:LIMIT],
        "reminders": selectors.reminders_for(user=request.user)[:LIMIT],
        "limit": LIMIT,
        "today": today,
    })


@login_required
@require_POST
def reminder_dismiss_view(request: HttpRequest, reminder_id: int) -> HttpResponse:
    reminder = selectors.reminders_for(user=request.user).filter(pk=reminder_id).first()
    if reminder is None:
        raise Http404
    services.reminder_dismiss(actor=request.user, reminder=reminder)
    return redirect("cases:followups")
