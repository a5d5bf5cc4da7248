import factory

from entities.models import Entity


class EntityFactory(factory.django.DjangoModelFactory[Entity]):
    """An entity saved through the ORM, so the slug signal runs."""

    name = factory.Sequence(lambda n: f"Entity {n}")
    # Fixed words, not Faker's: random text could match a test's search.
    content = factory.Sequence(lambda n: f"The text of entity number {n}.")

    class Meta:
        model = Entity
