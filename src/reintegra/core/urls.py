from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from reintegra.core import views, views_members

app_name = "core"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_mfa_view, name="login_mfa"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-step/", views.mfa_setup_view, name="mfa_setup"),
    path("organisation/switch/", views.switch_organization_view, name="switch_organization"),
    path("audit/", views.audit_view, name="audit"),
    path("members/", views_members.members_view, name="members"),
    path("members/<int:membership_id>/remove/", views_members.member_revoke_view, name="member_revoke"),
    path("members/grants/<int:request_id>/<str:decision>/", views_members.grant_decide_view, name="grant_decide"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        template_name="core/password_reset.html", email_template_name="core/password_reset_email.txt",
        success_url=reverse_lazy("core:password_reset_done")), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="core/password_reset_done.html"), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="core/password_reset_confirm.html",
        success_url=reverse_lazy("core:password_reset_complete")), name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="core/password_reset_complete.html"), name="password_reset_complete"),
]
