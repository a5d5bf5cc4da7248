from django.urls import path

from . import views

urlpatterns = [
    path("entities/", views.EntityListView.as_view(), name="entity-list"),
    path("entities/<slug:slug>/", views.EntityDetailView.as_view(), name="entity-detail"),
    path(
        "entities/<slug:slug>/comments/",
        views.CommentCreateView.as_view(),
        name="comment-create",
    ),
]
