"""A throwaway URLconf with views that fail, to see what a bug looks like from outside."""

from django.http import HttpResponse
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView

handler400 = "klantenregister.api.exceptions.handler400"
handler404 = "klantenregister.api.exceptions.handler404"
handler500 = "klantenregister.api.exceptions.handler500"

SECRET_TEXT = "verbinding met db-geheim.intern:5432 geweigerd voor bsn 111222333"


class KapotteView(APIView):
    api_name = "klantinteracties"

    def get(self, request):
        raise RuntimeError(SECRET_TEXT)

    def post(self, request):
        return Response({"ontvangen": request.data})


class ViewZonderApi(APIView):
    """Forgot to name its API: nobody may use it."""

    def get(self, request):
        return Response({"geheim": True})


def kapotte_django_view(request):
    raise RuntimeError(SECRET_TEXT)


def leest_body_view(request):
    return HttpResponse(len(request.body))


urlpatterns = [
    path("klantinteracties/api/v1/leest-body-buiten-drf", leest_body_view),
    path("klantinteracties/api/v1/kapot", KapotteView.as_view()),
    path("klantinteracties/api/v1/zonder-api", ViewZonderApi.as_view()),
    path("klantinteracties/api/v1/kapot-buiten-drf", kapotte_django_view),
    path("", include("klantenregister.urls")),
]
