from django.urls import path

from reintegra.employment.views import case, employers, feedback, market, mentors

app_name = "employment"
urlpatterns = [
    path("", employers.opportunity_list_view, name="opportunities"),
    path("opportunities/new/", employers.opportunity_new_view, name="opportunity_new"),
    path("opportunities/<int:opportunity_id>/", employers.opportunity_view, name="opportunity"),
    path("opportunities/<int:opportunity_id>/edit/", employers.opportunity_edit_view, name="opportunity_edit"),
    path("employers/", employers.employer_list_view, name="employers"),
    path("employers/new/", employers.employer_new_view, name="employer_new"),
    path("employers/<int:employer_id>/", employers.employer_view, name="employer"),
    path("employers/<int:employer_id>/feedback/", feedback.employer_feedback_view, name="employer_feedback"),
    path("mentors/", mentors.mentor_list_view, name="mentors"),
    path("mentors/<int:mentor_id>/edit/", mentors.mentor_edit_view, name="mentor_edit"),
    path("registers/import/", employers.register_import_view, name="register_import"),
    path("portal/", employers.portal_view, name="portal"),
    path("portal/feedback/", feedback.portal_feedback_view, name="portal_feedback"),
    path("portal/people/<int:placement_id>/", employers.portal_person_view, name="portal_person"),
    path("case/<int:case_id>/", case.case_view, name="case"),
    path("case/<int:case_id>/enterprises/<int:enterprise_id>/edit/", case.enterprise_edit_view,
         name="enterprise_edit"),
    path("retention/due/", case.retention_due_view, name="retention_due"),
    path("market/", market.market_view, name="market"),
    path("market/<int:appraisal_id>/trades/", market.trade_add_view, name="trade_add"),
]
