from django.conf import settings
from django.utils.functional import SimpleLazyObject

from actionplan.permissions import can_read, can_review


def council(request):
    return {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}


def navigation(request):
    """Whether the header may offer the plan pages (an account with no role reads nothing, so it is
    offered no link it would be refused) and the sign-off inbox (plan managers and directors).
    Lazy: read only when a page shows the navigation."""
    return {"nav_can_read": SimpleLazyObject(lambda: can_read(request.user)),
            "nav_can_review": SimpleLazyObject(lambda: can_review(request.user))}
