from django.urls import path

from reintegra.directory import views, views_edit, views_import

app_name = "directory"
urlpatterns = [
    path("", views.service_list_view, name="services"),
    path("services/<uuid:service_id>/", views.service_detail_view, name="service"),
    path("providers/<uuid:provider_id>/", views.provider_detail_view, name="provider"),
    path("providers/new/", views_edit.provider_new_view, name="provider_new"),
    path("providers/<uuid:provider_id>/services/new/", views_edit.service_edit_view, name="service_new"),
    path("providers/<uuid:provider_id>/services/<uuid:service_id>/edit/", views_edit.service_edit_view,
         name="service_edit"),
    path("providers/<uuid:provider_id>/assess/", views.assess_view, name="assess"),
    path("coverage/", views.coverage_view, name="coverage"),
    path("import/", views_import.import_view, name="import"),
    path("export.json", views_import.export_view, name="export"),
]
