from django.urls import path

from . import feeds, views

app_name = "entities"

urlpatterns = [
    path("", views.EntityListView.as_view(), name="list"),
    path("new/", views.EntityCreateView.as_view(), name="create"),
    # A dot is never in a slug, so no entity can take this address.
    path("feed.atom", feeds.NewestEntitiesFeed(), name="feed"),
    path("<slug:slug>/", views.EntityDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.EntityUpdateView.as_view(), name="update"),
    path("<slug:slug>/delete/", views.EntityDeleteView.as_view(), name="delete"),
]
