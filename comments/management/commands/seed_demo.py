"""A small demo: two dozen entities, in English and in Russian, with a few comments each.

It lives in the comments app because it writes both models (``comments`` may
import from ``entities``, not the other way round). Each row is saved through the
models, so slugs, name keys and comment counts come out as the site's own forms
make them; running it again adds only the entities that are missing. ``dev.py
run`` calls it with ``--if-empty``. The benchmarks' million-row loader is
``bench/load.py``.
"""

import random
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from comments.models import Comment
from entities.models import Entity

ENGLISH = [
    (
        "Northern Lighthouse",
        "A white tower on the last rock of the cape, lit every night since 1874.\n"
        "The keeper's cottage is a small museum now.",
    ),
    (
        "Old Botanical Garden",
        "Greenhouses from the 1890s, a pond with water lilies and a rose walk "
        "that is at its best in June.",
    ),
    (
        "Harbour Market",
        "Fishing boats unload before dawn; by eight the stalls sell smoked mackerel, "
        "oysters and bread from the island bakery.",
    ),
    (
        "Mountain Railway",
        "A rack railway climbs 1,200 metres in forty minutes. Sit on the left going up "
        "for the view of the glacier.",
    ),
    (
        "Observatory on the Hill",
        "Public nights on clear Fridays: the 1912 refractor shows Saturn's rings even "
        "to first-time visitors.",
    ),
    (
        "Riverside Bakery",
        "Sourdough baked in a wood oven, cinnamon buns on Saturdays, a queue out of the "
        "door by half past nine.",
    ),
    (
        "Glass Bridge",
        "A footbridge over the gorge with a glass floor. Closed in strong wind.",
    ),
    (
        "City Library",
        "Reading rooms under a painted ceiling, a map collection and a quiet garden "
        "courtyard open in summer.",
    ),
    (
        "Salt Marsh Trail",
        "Boardwalks through the marsh to two bird hides. Bring binoculars in autumn, "
        "when the geese arrive.",
    ),
    (
        "Tram Depot Museum",
        "Eleven restored trams, the oldest horse-drawn. On the first Sunday of the month "
        "one of them runs along the seafront.",
    ),
    (
        "Clockmakers' Lane",
        "A narrow street of workshops where watches are still repaired by hand.",
    ),
    (
        "Winter Swimming Club",
        "Members swim in the bay all year round; the sauna on the pier is open to guests "
        "on weekday mornings.",
    ),
]
RUSSIAN = [
    (
        "Северный маяк",
        "Белая башня на последней скале мыса; огонь зажигают каждую ночь с 1874 года.\n"
        "В доме смотрителя теперь небольшой музей.",
    ),
    (
        "Старый ботанический сад",
        "Оранжереи конца XIX века, пруд с кувшинками и розарий, который лучше всего в июне.",
    ),
    (
        "Горная железная дорога",
        "Зубчатая дорога поднимается на 1200 метров за сорок минут. По пути вверх "
        "садитесь слева: оттуда виден ледник.",
    ),
    (
        "Обсерватория на холме",
        "По ясным пятницам открыта для всех: в рефрактор 1912 года кольца Сатурна "
        "видны даже новичкам.",
    ),
    (
        "Пекарня у реки",
        "Хлеб на закваске из дровяной печи, по субботам булочки с корицей и очередь "
        "уже к половине десятого.",
    ),
    (
        "Стеклянный мост",
        "Пешеходный мост над ущельем со стеклянным полом. В сильный ветер закрыт.",
    ),
    (
        "Городская библиотека",
        "Читальные залы под расписным потолком, собрание старых карт и тихий внутренний дворик.",
    ),
    (
        "Рыбный рынок",
        "Лодки разгружаются до рассвета, а к восьми на прилавках копчёная скумбрия, "
        "устрицы и хлеб с островной пекарни.",
    ),
    (
        "Музей трамвайного депо",
        "Одиннадцать отреставрированных вагонов, самый старый — конка. В первое "
        "воскресенье месяца один из них ходит по набережной.",
    ),
    (
        "Липовая аллея",
        "Аллея длиной в километр от вокзала до реки; в июле пахнет мёдом.",
    ),
    (
        "Часовая мастерская на Садовой",
        "Здесь до сих пор чинят механические часы вручную и рассказывают, откуда они.",
    ),
    (
        "Лодочная станция",
        "Прокат вёсельных лодок и байдарок с мая по сентябрь. Вечером на воде очень тихо.",
    ),
]
ENGLISH_COMMENTS = [
    "Went on a Tuesday morning and had the place almost to ourselves.",
    "The guided tour is worth it: the guide knew every story behind the walls.",
    "Our children loved it, and the café at the entrance has good hot chocolate.",
    "Parking is tricky at weekends; the bus from the station stops right outside.",
    "Beautiful in the rain too, and far fewer people.",
    "I have been coming here for twenty years and it never gets old.",
    "Check the opening hours before you go, they changed this spring.",
    "A bit overrated in my opinion, but the view makes up for it.",
    "Take a jacket: it is much colder up there than in town.",
    "The staff were kind enough to let us in ten minutes before closing.",
    "Best visited at sunset. We stayed until the lights came on.",
    "Wheelchair access is good, with a lift at the side door.",
    "Small, but every corner has something to look at.",
    "We came for an hour and stayed the whole afternoon.",
    "The shop sells postcards you will not find anywhere else.",
    "Quieter than I expected for a Saturday. Lovely.",
]
RUSSIAN_COMMENTS = [
    "Были во вторник утром — почти никого, очень спокойно.",
    "Экскурсия того стоит: гид знает историю каждого камня.",
    "Детям понравилось, а в кафе у входа вкусный какао.",
    "В выходные трудно припарковаться, зато автобус от вокзала идёт прямо сюда.",
    "Красиво и в дождь, а людей гораздо меньше.",
    "Хожу сюда лет двадцать, и каждый раз нахожу что-то новое.",
    "Проверьте часы работы перед поездкой: весной их поменяли.",
    "На мой вкус немного перехвалено, но вид всё искупает.",
    "Возьмите куртку: наверху заметно холоднее, чем в городе.",
    "Нас пустили даже за десять минут до закрытия, спасибо сотрудникам.",
    "Лучше всего на закате — мы остались, пока не зажглись огни.",
    "Небольшое место, но в каждом углу есть на что посмотреть.",
    "Зашли на час, а провели здесь весь день.",
    "В лавке продают открытки, которых больше нигде нет.",
]
ENGLISH_AUTHORS = ["Anna", "Chloe", "Felix", "Oliver", "Priya", "Tom", "Grace", "Samuel"]
RUSSIAN_AUTHORS = ["Галина", "Иван", "Мария", "Олег", "Светлана", "Дмитрий", "Ольга", "Пётр"]


class Command(BaseCommand):
    help = "Add demo entities in English and Russian with a few comments; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any entity exists."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even under production settings."
        )

    def handle(self, *args: Any, if_empty: bool, force: bool, **options: Any) -> None:
        if settings.ENVIRONMENT == "production" and not force:
            raise CommandError(
                "seed_demo adds demo data, which production settings protect against; "
                "pass --force if this database really should get it."
            )
        if if_empty and Entity.objects.exists():
            self.stdout.write("The database already has entities; nothing added.")
            return
        rng = random.Random(26)  # noqa: S311 (demo text, the same on every run; no secret)
        demo = [(entry, ENGLISH_COMMENTS, ENGLISH_AUTHORS) for entry in ENGLISH] + [
            (entry, RUSSIAN_COMMENTS, RUSSIAN_AUTHORS) for entry in RUSSIAN
        ]
        rng.shuffle(demo)
        now = timezone.now()
        added = comments = 0
        with transaction.atomic():
            for number, ((name, content), lines, authors) in enumerate(demo):
                # Chosen before the check, so a second run gives the same choices.
                created = now - timedelta(days=len(demo) - number, minutes=rng.randint(0, 600))
                picked = rng.sample(lines, rng.randint(0, 4))
                if Entity.objects.filter(name__iexact=name).exists():
                    continue
                entity = Entity.objects.create(name=name, content=content, created_at=created)
                for index, line in enumerate(picked, start=1):
                    Comment.objects.create(
                        entity=entity,
                        name=rng.choice(authors),
                        content=line,
                        created_at=created + (now - created) * index / (len(picked) + 1),
                    )
                added += 1
                comments += len(picked)
        self.stdout.write(self.style.SUCCESS(f"Added {added} entities and {comments} comments."))
