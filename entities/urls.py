from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("", views.EntityListView.as_view(), name="list"),
    path("new/", views.EntityCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.EntityDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.EntityUpdateView.as_view(), name="update"),
    path("<slug:slug>/delete/", views.EntityDeleteView.as_view(), name="delete"),
]
