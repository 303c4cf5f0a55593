from django.urls import path

from actionplan.views import home

urlpatterns = [
    path("", home.home, name="home"),
]
