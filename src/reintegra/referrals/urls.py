from django.urls import path

from reintegra.referrals import views, views_more

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list_view, name="list"),
    path("new/<int:case_id>/", views.referral_new_view, name="new"),
    path("find/", views.referral_find_case_view, name="find"),
    path("<int:referral_id>/", views.referral_detail_view, name="detail"),
    path("<int:referral_id>/<slug:action>/", views.referral_action_view, name="action"),
    path("match/<int:case_id>/", views_more.match_view, name="match"),
    path("outcomes/", views_more.outcomes_view, name="outcomes"),
    path("notifications/", views.notifications_view, name="notifications"),
    path("transfers/", views_more.transfers_view, name="transfers"),
    path("transfers/new/<int:case_id>/", views_more.transfer_new_view, name="transfer_new"),
    path("transfers/<int:transfer_id>/<slug:answer>/", views_more.transfer_answer_view, name="transfer_answer"),
]
