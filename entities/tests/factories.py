import factory

from entities.models import Entity


class EntityFactory(factory.django.DjangoModelFactory):
    """An entity saved through the ORM, so the slug signal runs."""

    name = factory.Sequence(lambda n: f"Entity {n}")
    content = factory.Faker("paragraph")

    class Meta:
        model = Entity
