from django.urls import path

from reintegra.skills import views

app_name = "skills"
urlpatterns = [
    path("case/<int:case_id>/", views.profile_view, name="profile"),
    path("case/<int:case_id>/profile/", views.profile_save_view, name="profile_save"),
    path("case/<int:case_id>/suggest/", views.suggest_view, name="suggest"),
    path("case/<int:case_id>/confirm/", views.confirm_view, name="confirm"),
    path("case/<int:case_id>/coded/<int:item_id>/remove/", views.coded_item_remove_view, name="coded_remove"),
    path("case/<int:case_id>/goals/", views.goal_add_view, name="goal_add"),
    path("case/<int:case_id>/goals/<int:goal_id>/status/", views.goal_status_view, name="goal_status"),
    path("case/<int:case_id>/qualifications/", views.qualification_add_view, name="qualification_add"),
    path("case/<int:case_id>/rpl/", views.rpl_start_view, name="rpl_start"),
    path("case/<int:case_id>/rpl/<int:record_id>/", views.rpl_advance_view, name="rpl_advance"),
    path("case/<int:case_id>/checklist/", views.checklist_view, name="checklist"),
]
