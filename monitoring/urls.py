from django.urls import path

from monitoring import views

urlpatterns = [
    path("metrics", views.metrics, name="metrics"),
    path("health/", views.live, name="health-live"),
    path("health/ready/", views.ready, name="health-ready"),
]
