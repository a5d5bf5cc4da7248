from django.urls import path

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("<slug:slug>/comments/", views.CommentCreateView.as_view(), name="create"),
    path("<slug:slug>/comments.atom", feeds.EntityCommentsFeed(), name="feed"),
]
