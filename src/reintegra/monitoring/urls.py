from django.urls import path

from reintegra.monitoring import views, views_plans

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("export.<str:fmt>", views.dashboard_export_view, name="export"),
    path("library/", views.library_view, name="library"),
    path("tracer/", views.tracer_view, name="tracer"),
    path("comparison/", views.comparison_view, name="comparison"),
    path("comparison/export.<str:fmt>", views.comparison_export_view, name="comparison_export"),
    path("plans/", views_plans.plan_list_view, name="plan_list"),
    path("plans/new/", views_plans.plan_create_view, name="plan_create"),
    path("plans/<int:plan_id>/", views_plans.plan_detail_view, name="plan_detail"),
    path("plans/<int:plan_id>/kpis/<int:kpi_id>/remove/", views_plans.kpi_remove_view, name="kpi_remove"),
    path("releases/", views_plans.release_view, name="releases"),
    path("budgets/", views_plans.budget_view, name="budgets"),
    path("budgets/<int:budget_id>/edit/", views_plans.budget_edit_view, name="budget_edit"),
    path("budgets/<int:budget_id>/delete/", views_plans.budget_delete_view, name="budget_delete"),
]
