"""Boards, meetings and board packs, mounted at staff/boards/ (namespace boards)."""

from django.urls import path

from . import views

app_name = "boards"
urlpatterns = [
    path("", views.board_list, name="list"),
    path("add/", views.board_edit, name="board-add"),
    path("<int:pk>/", views.board_page, name="board"),
    path("<int:pk>/change/", views.board_edit, name="board-edit"),
    path("<int:pk>/meetings/add/", views.meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("meetings/<int:pk>/status/", views.meeting_status, name="meeting-status"),
    path("meetings/<int:pk>/items/add/", views.item_add, name="item-add"),
    path("meetings/<int:pk>/items/<int:item_pk>/", views.item_edit, name="item-edit"),
    path("meetings/<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item-move"),
    path("meetings/<int:pk>/packs/", views.pack_generate, name="pack-generate"),
    path("packs/<int:pk>/", views.pack_page, name="pack"),
    path("packs/<int:pk>/progress/", views.pack_progress_json, name="pack-progress"),
    path("packs/<int:pk>/pdf/", views.pack_pdf, name="pack-pdf"),
]
