import re

import pytest
from django.core import mail
from django.urls import reverse


def test_sign_in_and_out(client, world):
    response = client.post(reverse("login"), {"username": "officer", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "Henry Lewis" in client.get(reverse("home")).content.decode()
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_is_reported_in_the_error_summary(client, world):
    html = client.post(reverse("login"), {"username": "officer", "password": "nope"}).content.decode()
    assert "There is a problem" in html
    assert "correct username and password" in html


def test_password_reset_sends_a_working_link(client, world):
    world.users["officer"].email = "henry.lewis@example.gov.uk"
    world.users["officer"].save()
    client.post(reverse("password_reset"), {"email": "henry.lewis@example.gov.uk"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/reset/[^\s]+/", mail.outbox[0].body)[0]
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    passphrase = "A-much-longer-passphrase-1"
    done = client.post(form_url, {"new_password1": passphrase, "new_password2": passphrase})
    assert done.status_code == 302
    signed_in = client.post(reverse("login"), {"username": "officer", "password": "A-much-longer-passphrase-1"})
    assert signed_in["Location"] == reverse("home")


@pytest.mark.django_db
def test_council_name_comes_from_settings_and_no_gov_uk_brand(client, settings):
    settings.COUNCIL_NAME = "Example Borough Council"
    html = client.get(reverse("login")).content.decode()
    assert "Example Borough Council" in html
    assert "GOV.UK" not in html
    assert "crown" not in html.lower()


def test_password_change(client, world):
    client.force_login(world.users["viewer"])
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery", "new_password1": "Another-long-passphrase-2",
         "new_password2": "Another-long-passphrase-2"},
    )
    assert response.status_code == 302
