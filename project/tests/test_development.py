"""Under `make run` (project/settings/dev.py, which the test settings import) an edit
shows on the next request: development keeps no page renderings."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_is_rendered_anew_for_the_next_request(client):
    entity = EntityFactory(name="Harbour")
    client.get(reverse("entities:list"))
    # A change no version key sees, as an edited template is.
    Entity.objects.filter(pk=entity.pk).update(name="Lighthouse")
    response = client.get(reverse("entities:list"))
    assert response.templates  # rendered for this request, not kept from the last
    assert b"Lighthouse" in response.content


def test_a_browser_revalidating_its_copy_gets_the_edited_page(client):
    entity = EntityFactory(name="Harbour")
    etag = client.get(reverse("entities:list"))["ETag"]
    Entity.objects.filter(pk=entity.pk).update(name="Lighthouse")
    response = client.get(reverse("entities:list"), headers={"if-none-match": etag})
    assert response.status_code == HTTPStatus.OK  # not 304: the ETag is the content's
    assert b"Lighthouse" in response.content
