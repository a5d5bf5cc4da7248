from django.urls import path

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("<slug:slug>/comments/", views.CommentCreateView.as_view(), name="create"),
    path("<slug:slug>/comments/<int:pk>/edit/", views.CommentUpdateView.as_view(), name="update"),
    path("<slug:slug>/comments/<int:pk>/delete/", views.CommentDeleteView.as_view(), name="delete"),
    path(
        "<slug:slug>/comments/<int:pk>/moderate/",
        views.CommentModerateView.as_view(),
        name="moderate",
    ),
    path("comments/waiting/", views.PendingCommentListView.as_view(), name="pending"),
    path("<slug:slug>/comments.atom", feeds.EntityCommentsFeed(), name="feed"),
]
