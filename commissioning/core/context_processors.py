from django.http import HttpRequest

from .selectors import commissioning_body


def service(request: HttpRequest) -> dict:
    return {"body": commissioning_body()}
