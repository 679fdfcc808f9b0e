"""Rules on who is out there: the service directory, employers, referral activity (3a, 3b)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from reintegra.planning.evidence.base import Proposal, Scope, rule
from reintegra.planning.models import AnswerChoice

PROVIDER_TYPES_FOR_YES = 5
ORGANISATIONS_FOR_A_MECHANISM = 3


@rule("3b.1.1")
def provider_mapping(scope: Scope, item_id: str) -> Proposal:
    """Providers with an active service in the directory for the country, by Table 1 type and area."""
    from reintegra.directory.models import Provider, ServiceStatus

    providers = Provider.objects.filter(country=scope.country, services__status=ServiceStatus.ACTIVE).distinct()
    count = providers.count()
    types = sorted(t for t in set(providers.values_list("organization_type", flat=True)) if t)
    areas = sorted(a for a in set(providers.values_list("admin_area", flat=True)) if a)
    if count == 0:
        answer = AnswerChoice.NO
    elif len(types) >= PROVIDER_TYPES_FOR_YES:
        answer = AnswerChoice.YES
    else:
        answer = AnswerChoice.PARTLY
    summary = _("The directory lists %(count)d providers with an active service in %(country)s, of %(types)d "
                "provider types, covering %(areas)d areas.") % {
        "count": count, "country": scope.country, "types": len(types), "areas": len(areas)}
    return Proposal(item_id, answer, summary, {"providers": count, "provider_types": types, "areas": areas})


@rule("3b.1.4")
def employers_identified(scope: Scope, item_id: str) -> Proposal:
    """Employers on the roster of the organisations in scope, by partnership stage."""
    from reintegra.employment.models import Employer

    roster = Employer.objects.filter(organization_id__in=scope.organization_ids).exclude(
        vetting=Employer.Vetting.REJECTED)
    engaged = roster.filter(partnership__in=[Employer.Partnership.ENGAGED, Employer.Partnership.PARTNER]).count()
    prospects = roster.filter(partnership=Employer.Partnership.PROSPECT).count()
    if engaged:
        answer = AnswerChoice.YES
    elif prospects:
        answer = AnswerChoice.PARTLY
    else:
        answer = AnswerChoice.NO
    summary = _("%(engaged)d employers are engaged or signed partners and %(prospects)d are prospects "
                "(rejected ones left out).") % {"engaged": engaged, "prospects": prospects}
    return Proposal(item_id, answer, summary, {"engaged": engaged, "prospects": prospects})


def sent_in_period(scope: Scope):
    from reintegra.referrals.models import Referral, Status

    return Referral.objects.exclude(status=Status.DRAFT).filter(
        sent_at__date__gte=scope.period_start, sent_at__date__lte=scope.period_end)


@rule("3a.7")
def referral_mechanism(scope: Scope, item_id: str) -> Proposal:
    """Referrals exchanged between organisations of the country during the period."""
    referrals = sent_in_period(scope).filter(organization__country=scope.country,
                                             recipient__country=scope.country)
    count = referrals.count()
    organisations = set(referrals.values_list("organization_id", flat=True)) | set(
        referrals.values_list("recipient_id", flat=True))
    if count == 0:
        answer = AnswerChoice.NO
    elif len(organisations) >= ORGANISATIONS_FOR_A_MECHANISM:
        answer = AnswerChoice.YES
    else:
        answer = AnswerChoice.PARTLY
    summary = _("%(count)d referrals were sent between %(orgs)d organisations in %(country)s in this period.") % {
        "count": count, "orgs": len(organisations), "country": scope.country}
    return Proposal(item_id, answer, summary, {"referrals": count, "organisations": len(organisations)})


def referrals_of_scope(scope: Scope):
    ids = scope.organization_ids
    return sent_in_period(scope).filter(Q(organization_id__in=ids) | Q(recipient_id__in=ids))
