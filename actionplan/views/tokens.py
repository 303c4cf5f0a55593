"""A person's own API tokens (README "API"): make one (its secret shown once) and revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from actionplan.forms.tokens import TokenForm
from actionplan.models import ApiToken
from actionplan.services.tokens import token_create, token_revoke


@login_required
def api_tokens(request):
    """Anyone signed in manages their own tokens; a token acts with their role, so one without a role
    gets a token that reads nothing."""
    form = TokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = token_create(user=request.user, **form.cleaned_data)
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field, errors)
        else:
            form = TokenForm()  # the secret is on this page only: no redirect that would lose it
    return render(request, "actionplan/api_tokens.html", {
        "form": form, "secret": secret, "new_token": token if secret else None,
        "tokens": ApiToken.objects.filter(user=request.user),
    }, status=400 if request.method == "POST" and form.errors else 200)


@login_required
@require_POST
def api_token_revoke(request, pk):
    try:
        token = token_revoke(user=request.user, token_id=pk)
    except ApiToken.DoesNotExist:
        raise Http404("No such token of yours") from None
    messages.success(request, f"Token \u201c{token.name}\u201d is revoked: it no longer works")
    return redirect("api_tokens")
