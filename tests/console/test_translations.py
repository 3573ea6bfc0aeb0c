"""Labels and help texts come from one translations source (locale/*/django.po, compiled
to the committed .mo); Dutch proves a second language works end to end."""

import gettext
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.testproducts import factories

LOCALE = Path(settings.BASE_DIR) / "locale"


def po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (singular entries; enough to compare with the .mo)."""
    entries, key, current, field = {}, None, {}, None
    for line in path.read_text().splitlines() + [""]:
        if line.startswith("msgid "):
            current, field = {"msgid": json.loads(line[6:])}, "msgid"
        elif line.startswith("msgstr "):
            current["msgstr"], field = json.loads(line[7:]), "msgstr"
        elif line.startswith('"') and field:
            current[field] += json.loads(line)
        elif not line.strip() and "msgstr" in current:
            key = current["msgid"]
            if key:
                entries[key] = current["msgstr"]
            current, field = {}, None
    return entries


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_every_label_is_translated_and_the_compiled_catalogue_is_up_to_date(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = po_entries(po)
    assert entries, f"{po} has no entries"
    untranslated = sorted(k for k, v in entries.items() if not v)
    assert not untranslated, f"untranslated in {po}: {untranslated}"
    with open(po.with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = sorted(k for k, v in entries.items() if catalogue.gettext(k) != v)
    assert not stale, f"{po.with_suffix('.mo')} is older than the .po (run `make messages`): {stale}"


@pytest.mark.django_db
def test_the_console_speaks_dutch(admin_client):
    factories.router(status="provisioning", complete=False)
    start = admin_client.get(reverse("admin:index"), headers={"accept-language": "nl"}).content.decode()
    assert "Nieuw abonnement" in start and "Abonnementen per product en status" in start
    assert "in aanleg" in start  # a lifecycle state, translated where it is shown

    english = admin_client.get(reverse("admin:index"), headers={"accept-language": "en"}).content.decode()
    assert "New subscription" in english and "Nieuw abonnement" not in english


@pytest.mark.django_db
def test_block_field_labels_come_from_the_catalogue(admin_client):
    router = factories.router()
    url = reverse("admin:subscriptions_subscription_change", args=[router.pk])
    page = admin_client.get(url, headers={"accept-language": "nl"}).content.decode()
    assert "IMS-id" in page and "Geschiedenis" in page


@pytest.mark.django_db
def test_the_language_switch_remembers_the_choice(admin_client):
    admin_client.post(reverse("set_language"), {"language": "nl", "next": reverse("admin:index")})
    assert "Nieuwe taak" in admin_client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_workflow_form_labels_are_translated_in_the_wizard(admin_client):
    url = reverse("admin:workflows_process_start", args=["create_test_router"])
    page = admin_client.get(url, headers={"accept-language": "nl"}).content.decode()
    assert "Klant" in page and "Wat u bestelt" in page and "Volgende" in page  # label, help text, button
