"""Signing in: the page shown when failed sign-ins have locked an account or an address out (axes calls
`locked_out`, AXES_LOCKOUT_CALLABLE), and the password-reset form with its limit."""

from __future__ import annotations

import math

from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from actionplan import dates
from actionplan.services.reset_limits import claim_reset_link
from actionplan.signin import client_address, lockout


def _retry_after(response: HttpResponse, moment) -> HttpResponse:
    if moment is not None:
        response["Retry-After"] = str(max(1, math.ceil((moment - timezone.now()).total_seconds())))
    return response


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """429: who is locked out (this account, or everyone signing in from this address) and until when."""
    state = lockout(request, credentials)
    response = render(request, "registration/locked_out.html", {"lockout": state}, status=429)
    return _retry_after(response, state.lifts_at)


class LimitedPasswordReset(PasswordResetView):
    """Django's reset form, sending a link only while the email address and the client's address are within
    their allowance (services/reset_limits.py); past it, the form says when to try again (429)."""

    def form_valid(self, form):
        lifts = claim_reset_link(email=form.cleaned_data["email"], address=client_address(self.request))
        if lifts is None:
            return super().form_valid(form)
        form.add_error(None, f"You have asked for too many reset links. Try again after {dates.uk_time_on(lifts)}.")
        response = self.form_invalid(form)
        response.status_code = 429
        return _retry_after(response, lifts)
