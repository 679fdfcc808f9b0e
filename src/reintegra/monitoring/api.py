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


class FiguresViewSet(viewsets.ViewSet):
    """Published dashboard figures for the caller's scope (suppressed; as of the response time)."""

    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str),
                               OpenApiParameter("organization", int)], responses={200: OpenApiTypes.OBJECT})
    def list(self, request: Request) -> Response:
        scope = selectors.statistics_scope(user=request.user)
        if scope.is_empty:
            raise Http404
        today = timezone.localdate()
        fixed = periods.needs_fixed_periods(request.user)
        default_start, default_end = periods.year_of(today) if fixed else (today.replace(year=today.year - 1), today)
        start = _date(request.query_params.get("start"), default_start)
        end = _date(request.query_params.get("end"), default_end)
        if fixed and not periods.is_fixed(min(start, end), max(start, end)):
            raise serializers.ValidationError({"period": [str(periods.FIXED_PERIOD_ERROR)]})
        org = request.query_params.get("organization")
        if org:
            if not org.isdigit():
                raise serializers.ValidationError({"organization": "Must be an id."})
            scope = scope.restricted_to(int(org))
        board = published(scope, min(start, end), max(start, end))

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

    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: OpenApiTypes.OBJECT})
    def list(self, request: Request) -> Response:
        scope = selectors.statistics_scope(user=request.user)
        if scope.is_empty:
            raise Http404
        today = timezone.localdate()
        fixed = periods.needs_fixed_periods(request.user)
        default_start, default_end = periods.year_of(today) if fixed else (today.replace(year=today.year - 1), today)
        start = _date(request.query_params.get("start"), default_start)
        end = _date(request.query_params.get("end"), default_end)
        start, end = min(start, end), max(start, end)
        if fixed and not periods.is_fixed(start, end):
            raise serializers.ValidationError({"period": [str(periods.FIXED_PERIOD_ERROR)]})
        result = comparison.compare(scope, start, end, today)
        return Response({
            "start": result.start, "end": result.end, "computed_at": timezone.now(), "threshold": result.threshold,
            "programmes": result.programmes, "suppressed_cells": result.suppressed_cells,
            "measures": [{"code": row.code, "kind": row.kind, "groups": {
                population: ({"count": cell.count, "numerator": cell.numerator, "value": cell.value}
                             if row.recorded.get(population) else None)
                for population, cell in row.cells.items()}} for row in result.rows],
        })


routes = [("monitoring/plans", PlanViewSet, "me-plan"), ("monitoring/indicators", IndicatorViewSet, "indicator"),
          ("monitoring/figures", FiguresViewSet, "figures"),
          ("monitoring/comparison", ComparisonViewSet, "comparison")]
