from django.urls import path

from reintegra.planning import nap_views, views

app_name = "planning"
urlpatterns = [
    path("assessments/", views.assessment_list_view, name="assessment_list"),
    path("assessments/<int:assessment_id>/", views.assessment_detail_view, name="assessment_detail"),
    path("assessments/<int:assessment_id>/sections/<str:code>/", views.section_edit_view, name="section_edit"),
    path("assessments/<int:assessment_id>/actions/", views.actions_generate_view, name="actions_generate"),
    path("assessments/<int:assessment_id>/export.<str:fmt>", views.assessment_export_view, name="assessment_export"),
    path("actions/<int:action_id>/", views.action_point_edit_view, name="action_point_edit"),
    path("plans/", nap_views.plan_list_view, name="plan_list"),
    path("plans/<int:plan_id>/", nap_views.plan_detail_view, name="plan_detail"),
    path("plans/<int:plan_id>/status/", nap_views.plan_status_view, name="plan_status"),
    path("plans/<int:plan_id>/add/<str:kind>/", nap_views.plan_add_view, name="plan_add"),
    path("plans/<int:plan_id>/activities/<int:activity_id>/", nap_views.activity_view, name="activity"),
    path("plans/<int:plan_id>/indicators/<int:indicator_id>/", nap_views.indicator_view, name="indicator"),
    path("plans/<int:plan_id>/dashboard/", nap_views.plan_dashboard_view, name="plan_dashboard"),
    path("plans/<int:plan_id>/report.<str:fmt>", nap_views.plan_report_view, name="plan_report"),
]
