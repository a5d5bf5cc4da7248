import factory

from comments.models import Comment
from entities.tests.factories import EntityFactory


class CommentFactory(factory.django.DjangoModelFactory[Comment]):
    entity = factory.SubFactory(EntityFactory)
    name = factory.Faker("first_name")
    email = factory.Faker("email")
    content = factory.Faker("sentence")

    class Meta:
        model = Comment
