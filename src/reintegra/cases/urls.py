from django.urls import path

from reintegra.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_open_view, name="open"),
    path("follow-ups/", views.followups_view, name="followups"),
    path("reminders/<int:reminder_id>/dismiss/", views.reminder_dismiss_view, name="reminder_dismiss"),
    path("<int:case_id>/", views.case_detail_view, name="detail"),
    path("<int:case_id>/plan.pdf", views.plan_pdf_view, name="plan_pdf"),
    path("<int:case_id>/break-glass/", views.break_glass_view, name="break_glass"),
    path("<int:case_id>/plan/<slug:kind>/<int:item_id>/status/", views.plan_status_view, name="plan_status"),
    path("<int:case_id>/<slug:section>/", views.section_view, name="section"),
]
