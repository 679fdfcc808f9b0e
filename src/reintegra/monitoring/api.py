"""REST API for monitoring: plans (through services), the indicator library, and published
(suppressed) dashboard figures. Nothing here returns a case or a survivor."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.core.models import Organization
from reintegra.monitoring import selectors, services
from reintegra.monitoring.models import DataSource, Frequency, MEPlan, PlanKPI
from reintegra.monitoring.statistics import comparison, periods
from reintegra.monitoring.statistics.board import published
from reintegra.monitoring.statistics.library import dimensions, indicators


class KPISerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanKPI
        fields = ["id", "indicator_code", "baseline", "target", "data_source", "frequency", "disaggregations",
                  "responsible"]


class PlanSerializer(serializers.ModelSerializer):
    kpis = KPISerializer(many=True, read_only=True)
    flagged = serializers.BooleanField(source="is_flagged", read_only=True)

    class Meta:
        model = MEPlan
        fields = ["id", "organization", "title", "programme", "objectives", "responsible", "period_start",
                  "period_end", "kpis", "flagged"]
        read_only_fields = ["id", "kpis", "flagged"]


class KPICreateSerializer(serializers.Serializer):
    indicator_code = serializers.CharField(max_length=60)
    disaggregations = serializers.ListField(child=serializers.CharField(max_length=40), default=list)
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    data_source = serializers.ChoiceField(choices=DataSource.choices, default=DataSource.ADMINISTRATIVE)
    frequency = serializers.ChoiceField(choices=Frequency.choices, default=Frequency.QUARTERLY)
    responsible = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  viewsets.GenericViewSet):
    serializer_class = PlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MEPlan.objects.none()
        return selectors.plans_visible_to(user=self.request.user).prefetch_related("kpis").order_by("id")

    def get_object(self) -> MEPlan:
        return selectors.plan_get(user=self.request.user, plan_id=self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        payload = PlanSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organization: Organization = data.pop("organization")
        plan = services.plan_create(actor=request.user, organization=organization, **data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=KPICreateSerializer, responses={201: KPISerializer})
    @action(detail=True, methods=["post"])
    def kpis(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        payload = KPICreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        kpi = services.kpi_add(actor=request.user, plan=plan, **payload.validated_data)
        return Response(KPISerializer(kpi).data, status=status.HTTP_201_CREATED)


class IndicatorViewSet(viewsets.ViewSet):
    """The indicator library (definitions only)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def list(self, request: Request) -> Response:
        return Response({
            "indicators": [{"code": i.code, "name": i.name, "kind": i.kind, "live": i.live,
                            "description": i.description, "numerator": i.numerator, "denominator": i.denominator,
                            "population": i.population, "period": i.period, "sources": list(i.sources),
                            "guidance": i.guidance} for i in indicators()],
            "dimensions": [{"code": d.code, "name": d.name, "live": d.live} for d in dimensions()],
        })


def _date(value: str | None, default: dt.date) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise serializers.ValidationError({"date": f"Not an ISO date: {value!r}."}) from None


PERIOD_PARAMETER = OpenApiParameter(
    "period", str, description="One calendar period (2024, 2024-Q2 or 2024-05); aggregate-only roles may only "
    "ask for the deployment's granularity (REINTEGRA_AGGREGATE_PERIOD).")


def _period(request: Request) -> tuple[dt.date, dt.date]:
    """The period asked for; aggregate-only roles get one period of the deployment's granularity
    (`period=2024-Q2`, or its exact first and last days as `start`/`end`) and a 400 otherwise."""
    today = timezone.localdate()
    params = request.query_params
    if not periods.needs_fixed_periods(request.user):
        named = periods.from_code(params.get("period", "")) if params.get("period") else None
        if params.get("period") and named is None:
            raise serializers.ValidationError({"period": ["Not a period: use 2024, 2024-Q2 or 2024-05."]})
        if named is not None:
            return named
        start = _date(params.get("start"), today.replace(year=today.year - 1))
        end = _date(params.get("end"), today)
        return min(start, end), max(start, end)
    refused = serializers.ValidationError({"period": [periods.period_error()],
                                           "granularity": periods.aggregate_kind()})
    chosen = periods.from_code(params["period"]) if params.get("period") else None
    if params.get("period") and (chosen is None or not periods.is_allowed(*chosen)):
        raise refused
    if params.get("start") or params.get("end"):
        dates = (_date(params.get("start"), today), _date(params.get("end"), today))
        if not (params.get("start") and params.get("end") and periods.is_allowed(*dates)):
            raise refused
        if chosen is not None and chosen != dates:
            raise refused
        chosen = dates
    return chosen or periods.containing(today)


def _restricted(scope: selectors.Scope, request: Request) -> selectors.Scope:
    """The scope narrowed to `organization`; 404 for an organisation outside it."""
    org = request.query_params.get("organization")
    if not org:
        return scope
    if not org.isdigit():
        raise serializers.ValidationError({"organization": "Must be an id."})
    if not selectors.organizations_in(scope).filter(pk=int(org)).exists():
        raise Http404
    return scope.restricted_to(int(org))


class FiguresViewSet(viewsets.ViewSet):
    """Published dashboard figures for the caller's scope (suppressed; as of the response time)."""

    @extend_schema(parameters=[PERIOD_PARAMETER, OpenApiParameter("start", str), OpenApiParameter("end", str),
                               OpenApiParameter("organization", int)], responses={200: OpenApiTypes.OBJECT})
    def list(self, request: Request) -> Response:
        scope = selectors.statistics_scope(user=request.user)
        if scope.is_empty:
            raise Http404
        start, end = _period(request)
        scope = _restricted(scope, request)
        board = published(scope, start, end)

        def group(g):
            return {"label": g.label, "count": g.count, "numerator": g.numerator, "value": g.value}

        return Response({
            "start": board.start, "end": board.end, "computed_at": board.computed_at, "threshold": board.threshold,
            "suppressed_cells": board.suppressed_cells,
            "indicators": [{"code": p.indicator.code, "kind": p.indicator.kind, "overall": group(p.overall),
                            "by_dimension": {d: [group(g) for g in gs] for d, gs in p.by_dimension.items()},
                            "distribution": [group(g) for g in p.distribution]} for p in board.panels],
            "pending": [i.code for i in board.pending],
        })


class ComparisonViewSet(viewsets.ViewSet):
    """Survivors against community trainees in the same programmes (suppressed; as of the response)."""

    @extend_schema(parameters=[PERIOD_PARAMETER, OpenApiParameter("start", str), OpenApiParameter("end", str),
                               OpenApiParameter("organization", int)], responses={200: OpenApiTypes.OBJECT})
    def list(self, request: Request) -> Response:
        scope = selectors.statistics_scope(user=request.user)
        if scope.is_empty:
            raise Http404
        start, end = _period(request)
        scope = _restricted(scope, request)
        result = comparison.compare(scope, start, end, timezone.localdate())

        def cell(group):
            return {"count": group.count, "numerator": group.numerator, "value": group.value}

        return Response({
            "start": result.start, "end": result.end, "computed_at": timezone.now(), "threshold": result.threshold,
            "programmes": result.programmes, "suppressed_cells": result.suppressed_cells,
            "measures": [{"code": row.code, "kind": row.kind, "groups": {
                population: cell(group) if row.recorded.get(population) else None
                for population, group in row.cells.items()}} for row in result.rows],
            "by_programme": [{"programme": row.label, "measures": {
                code: {population: cell(group) for population, group in groups.items()}
                for code, groups in row.cells.items()}} for row in result.by_programme],
        })


routes = [("monitoring/plans", PlanViewSet, "me-plan"), ("monitoring/indicators", IndicatorViewSet, "indicator"),
          ("monitoring/figures", FiguresViewSet, "figures"),
          ("monitoring/comparison", ComparisonViewSet, "comparison")]
