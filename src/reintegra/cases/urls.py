from django.urls import path

from reintegra.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_open_view, name="open"),
    path("<int:case_id>/", views.case_detail_view, name="detail"),
    path("<int:case_id>/break-glass/", views.break_glass_view, name="break_glass"),
]
