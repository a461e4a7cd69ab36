from django.urls import path

from . import views, views_registration

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("register/", views_registration.register, name="register"),
    path("register/check-your-email/", views_registration.check_email, name="check-email"),
    path("verify/resend/", views_registration.resend_verification, name="verify-resend"),
    path("verify/<str:token>/", views_registration.verify, name="verify"),
]
