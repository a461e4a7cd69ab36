"""Boards, meetings and board packs, mounted at staff/boards/ (namespace boards)."""

from django.urls import path  # noqa: F401

app_name = "boards"
urlpatterns: list = []
