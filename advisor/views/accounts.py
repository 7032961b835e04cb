"""Sign-up (Django's auth views do the rest) and the API token page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from advisor.htmx import HtmxHttpRequest
from advisor.models import ApiToken
from advisor.selectors import api_token_list
from advisor.services import api_token_create, api_token_revoke


def _safe_next(request: HtmxHttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@require_http_methods(["GET", "POST"])
def signup(request: HtmxHttpRequest) -> HttpResponse:
    """Create an account and log in; `next` brings the visitor back to what they were saving."""
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.get_username()}. Your account is ready.")
        return redirect(_safe_next(request) or "assessment_list")
    return render(request, "registration/signup.html", {"form": form, "next": _safe_next(request)})


@require_GET
@login_required
def api_tokens(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "advisor/api_tokens.html", {"tokens": api_token_list(user=request.user)})


@require_POST
@login_required
def api_token_create_view(request: HtmxHttpRequest) -> HttpResponse:
    """Show the new key once: only its hash is stored."""
    token, key = api_token_create(user=request.user)
    context = {"tokens": api_token_list(user=request.user), "new_key": key, "new_token": token}
    return render(request, "advisor/api_tokens.html", context)


@require_POST
@login_required
def api_token_revoke_view(request: HtmxHttpRequest, token_id: int) -> HttpResponse:
    api_token_revoke(token=get_object_or_404(ApiToken, pk=token_id, user=request.user))
    messages.success(request, "Revoked the token; requests using it are now refused.")
    return redirect("api_tokens")
