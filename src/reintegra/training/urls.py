from django.urls import path

from reintegra.training import views

app_name = "training"
urlpatterns = [
    path("", views.programme_list_view, name="programmes"),
    path("new/", views.programme_new_view, name="programme_new"),
    path("<int:programme_id>/", views.programme_view, name="programme"),
    path("<int:programme_id>/edit/", views.programme_edit_view, name="programme_edit"),
    path("case/<int:case_id>/", views.case_training_view, name="case"),
    path("enrolments/<int:enrolment_id>/status/", views.enrolment_status_view, name="enrolment_status"),
    path("enrolments/<int:enrolment_id>/attendance/", views.attendance_view, name="attendance"),
]
