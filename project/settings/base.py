"""Settings shared by every environment, and the only module that reads it.

https://docs.djangoproject.com/en/5.2/ref/settings/
"""

from email.headerregistry import Address
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.contrib.messages import constants as messages
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from project.envvars import Env, parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = Env()
# .env is read only when asked, as cookiecutter-django does: a file left on a
# server cannot change its configuration unseen.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env")


def config_error(variable: str, problem: str, fix: str) -> ImproperlyConfigured:
    """One sentence that names the variable, what is wrong and how to fix it."""
    return ImproperlyConfigured(f"{variable} {problem}; {fix}.")


def env_rate(variable: str, default: str) -> str:
    """A rate such as "5/m" from the environment, refused when mistyped."""
    value = env.str(variable, default=default)
    if parse_rate(value) is None:
        raise config_error(
            variable,
            f"is {value!r}, which is not a rate",
            'use a count, a slash and a period such as "5/m" (five a minute) or "10/15m" '
            "(ten in fifteen minutes)",
        )
    return value


def gettext_noop(message: str) -> str:
    """Marks a string for the catalogue, as Django's global_settings.py does: Django's
    own gettext_noop reads the settings, which are being made here."""
    return message


# GENERAL
# ------------------------------------------------------------------------------
# prod.py sets "production"; commands that would harm real data (seed_demo) check it.
ENVIRONMENT = "development"
# Chosen by the settings module, not by a variable: dev.py turns it on.
DEBUG = False
# Required in production; dev.py supplies a fixed, insecure fallback.
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
# https://docs.djangoproject.com/en/5.2/ref/settings/#time-zone
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True
# The site's name in page titles, the navigation, feeds, mail and the admin
# (project/tags.py). Unset, it is this one, translated into each language.
SITE_NAME = env.str("SITE_NAME", default="") or gettext_noop("Entities & Comments")

# LANGUAGES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/translation/
# URLs are the same in every language: LocaleMiddleware picks it from the
# switcher's cookie or the browser's Accept-Language.
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's choice outlives the browser session; no script needs to read it.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# DATABASES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
DATABASE_URL = env.str("DATABASE_URL", default="")
_database_url = DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
_scheme = _database_url.partition("://")[0]
if _scheme not in Env.DB_SCHEMES:
    raise config_error(
        "DATABASE_URL",
        f"has the unknown scheme {_scheme!r}",
        "use a URL such as postgres://user:password@127.0.0.1:5432/entities "
        "or sqlite:///db.sqlite3",
    )
if DATABASE_URL:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
else:
    # Named as a path, not a URL: a folder called "C++ projects" or "50% done"
    # would be read as URL escapes.
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    }
# Persistent connections: a new one per request costs more than most pages. Not
# under ASGI (project/asgi.py sets DJANGO_ASGI), as Django's docs ask.
RUNNING_UNDER_ASGI = env.bool("DJANGO_ASGI", default=False)
DATABASES["default"]["CONN_MAX_AGE"] = (
    0 if RUNNING_UNDER_ASGI else env.int("CONN_MAX_AGE", default=60)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Milliseconds a statement may run on PostgreSQL: past it the visitor gets the
# "This took too long" page (project/middleware.py), not a worker killed by
# gunicorn's timeout. 0: no limit.
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# URLS
# ------------------------------------------------------------------------------
ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"
# Where the Django admin lives. Moving it off the well-known address keeps
# password-guessing robots away from its sign-in page.
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/") or "//" in ADMIN_URL:
    raise config_error(
        "ADMIN_URL",
        f"is {ADMIN_URL!r}, which is not a relative path ending in a slash",
        "use a value such as staff-area/ (no leading slash, one trailing slash)",
    )

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # Bootstrap's CSS and JS as static files (django-bootstrap-static)
    "csp",  # its system checks catch settings in the pre-4.0 format
    "allauth",
    "allauth.account",
    "django_htmx",  # htmx itself as a static file too: no CDN
    # {% partialdef %}: the parts of pages htmx asks for ("page.html#part"); it
    # wraps the template loaders itself.
    "template_partials",
    "django_tasks",  # the django.tasks API, backported to Django 5.2
    "project.apps.TaskResultsConfig",  # django-tasks-db's app, named in both languages
]
LOCAL_APPS = [
    "project.apps.ProjectConfig",  # the cache table's migration, the rates' check
    "users.apps.UsersConfig",
    "entities.apps.EntitiesConfig",
    "comments.apps.CommentsConfig",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# AUTHENTICATION
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/auth/customizing/#substituting-a-custom-user-model
AUTH_USER_MODEL = "users.User"
# allauth's sign-in page serves the site and the admin (users/admin.py).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "entities:list"
LOGOUT_REDIRECT_URL = "entities:list"
# One backend for the user name and the email address (allauth's extends Django's
# ModelBackend, permissions included): two would hash every wrong password twice.
AUTHENTICATION_BACKENDS = ["users.backends.CachedPermissionsBackend"]

# ACCOUNTS (django-allauth)
# ------------------------------------------------------------------------------
# https://docs.allauth.org/en/latest/account/configuration.html
# People sign up with an email address, confirm it by a link, and sign in with it.
# Staff made with createsuperuser may have a user name and no address.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
# Signed in until signing out, as Django's own sign-in keeps people: no checkbox.
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "users.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# One address per account; a new one replaces the old once it is confirmed.
ACCOUNT_CHANGE_EMAIL = True
# allauth's defaults keep the rest: an address belongs to one account, a link
# confirms it only by a POST, and sign-up and password reset answer the same
# whether an address has an account.
ACCOUNT_ADAPTER = "users.adapters.AccountAdapter"

# PASSWORDS
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#auth-password-validators
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# MIDDLEWARE
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#middleware
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, as WhiteNoise's docs ask.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # 304 for an If-None-Match that names the page's ETag (project.pagecache's, else
    # a hash of the content); before anything that changes the body.
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages with a form's token or a person's data: "Cache-Control: private, no-store".
    "project.pagecache.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx (project/pagecache.py)
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers 400 to a form in a character set Django refuses, before anything
    # (CSRF, the error pages) tries to read the body.
    "project.middleware.UnreadableBodyMiddleware",
    # Last, so its process_exception sees a database error before any other.
    "project.middleware.DatabaseUnavailableMiddleware",
]

# CACHES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/cache/
# "default" holds allauth's abuse limits: in the database (the table is project's
# migration 0002), so every process shares it, page traffic never evicts it and
# Redis being down never touches it.
# "pages" holds the page renderings (project/pagecache.py): in Redis with
# REDIS_URL, where an outage counts as a miss after a short timeout
# (IGNORE_EXCEPTIONS); else in each process's memory.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and REDIS_URL.partition("://")[0] not in {"redis", "rediss", "unix"}:
    raise config_error(
        "REDIS_URL",
        f"has the unknown scheme {REDIS_URL.partition('://')[0]!r}",
        "use a URL such as redis://127.0.0.1:6379/0",
    )
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Past this many entries Django deletes the expired ones, then a third of
        # the rest: high enough that a flood from many addresses does not evict
        # the counters of others (Django's default is 300).
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # "rows" holds the rendered rows of the entity list ({% cache %} in
    # entities/entity_list.html), for the pages rendered whole: a search shows ten
    # of them, and a round trip to Redis for each would cost more than rendering it.
    # In each process's memory, for PAGE_CACHE_SECONDS (entities.views), keyed by what
    # a row shows; a few MB.
    "rows": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    },
}
if REDIS_URL:
    # https://github.com/jazzband/django-redis#configure-as-cache-backend
    CACHES["pages"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }

# SESSIONS
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-cached-sessions
# With Redis, sessions and each person's permissions (users/backends.py) are read
# from the "sessions" cache, written through to the database, which answers when
# the cache lost them or is down. Never in a process's own memory: a sign-out or a
# permission taken away in one process would not reach the others.
if REDIS_URL:
    CACHES["sessions"] = {**CACHES["pages"], "KEY_PREFIX": "session"}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"

# STATIC FILES
# ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # {% site_name %} in every template, those rendered without a request too.
            "builtins": ["project.tags"],
        },
    },
]
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# MESSAGES
# ------------------------------------------------------------------------------
# Bootstrap's alert classes where they differ from Django's tags.
MESSAGE_TAGS = {messages.DEBUG: "secondary", messages.ERROR: "danger"}

# PAGE CACHE
# ------------------------------------------------------------------------------
# Seconds a rendering stays in the "pages" cache, and a list row in "rows" (the
# view hands it to the template's {% cache %}): how long a write that bypasses
# the models (raw SQL, QuerySet.update()) takes to show. 0: nothing is kept.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Seconds a shared cache (nginx, a CDN) may keep an anonymous page (Cache-Control:
# s-maxage): how long a new comment may take to reach anonymous readers; its
# writer sees it at once. Browsers always revalidate (ETag). Also the longest a
# list page's count and rows are kept for its key (Entity.objects.keep_list_page)
# when a read races a write.
HTTP_CACHE_SECONDS = env.int("HTTP_CACHE_SECONDS", default=5)
# Seconds the sitemap is kept, by Django and by shared caches (project/urls.py):
# a section costs a query and a thousand addresses.
SITEMAP_CACHE_SECONDS = 60 * 60

# REQUEST SIZES
# ------------------------------------------------------------------------------
# The largest form is an entity: 20,000 characters, up to 4 bytes each in UTF-8
# and 3 times that percent-encoded, is 240 KB. Bigger bodies get 400 unparsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=512 * 1024)
# The admin's change list posts one field per selected row (100 a page) and a few more.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=200)

# SECURITY
# ------------------------------------------------------------------------------
# Django's defaults already send nosniff, X-Frame-Options DENY, a same-origin
# Referrer-Policy and Cross-Origin-Opener-Policy.
# Browser features the site never uses, off for every page and any frame. Only
# names Chromium knows: it reports an unknown one as an error in the console.
# https://github.com/adamchainz/django-permissions-policy#setting
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
# https://django-csp.readthedocs.io/en/latest/configuration.html
# Everything from this site: no inline script or style, no nonces (pages are
# shared between visitors). Bootstrap draws a few icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# ABUSE LIMITS
# ------------------------------------------------------------------------------
# One limiter per action, by the client address allauth reads (get_client_ip).
# "<count>/<period>": "5/m" is five a minute, "10/15m" ten in fifteen minutes; a
# mistyped rate stops the site at start with one sentence (env_rate).
# Comments one client address may post, counted on the stored comments.
COMMENT_RATE_LIMIT = env_rate("COMMENT_RATE_LIMIT", "5/m")
# Failed sign-ins: the first limit reached pauses signing in for the rest of its
# period. From one address, whatever account it names (this also bounds the
# password hashing one client can make the site do):
LOGIN_ADDRESS_FAILURE_LIMIT = env_rate("LOGIN_ADDRESS_FAILURE_LIMIT", "20/15m")
# For one email address or user name, whatever the client addresses:
LOGIN_ACCOUNT_FAILURE_LIMIT = env_rate("LOGIN_ACCOUNT_FAILURE_LIMIT", "50/15m")
# Sign-ups and password-reset requests one client address may send.
SIGNUP_RATE_LIMIT = env_rate("SIGNUP_RATE_LIMIT", "5/h")
PASSWORD_RESET_RATE_LIMIT = env_rate("PASSWORD_RESET_RATE_LIMIT", "5/h")
# https://docs.allauth.org/en/latest/account/rate_limits.html
# Its other actions keep allauth's defaults.
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{LOGIN_ADDRESS_FAILURE_LIMIT}/ip,{LOGIN_ACCOUNT_FAILURE_LIMIT}/key",
    "signup": f"{SIGNUP_RATE_LIMIT}/ip",
    "reset_password": f"{PASSWORD_RESET_RATE_LIMIT}/ip,5/m/key",
    # A held session guessing the old password: as slow as a sign-in's guesses.
    "change_password": "5/15m/user",
}
# How many proxies in front of the site append to X-Forwarded-For. 0: the
# client address is REMOTE_ADDR. Behind nginx alone: 1. Larger than the real
# number lets clients choose their own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# https://docs.allauth.org/en/latest/common/configuration.html
# (IPv6 clients are counted by /64 network: ALLAUTH_RATE_LIMIT_IPV6_PREFIX's default.)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# EMAIL
# ------------------------------------------------------------------------------
# consolemail:// prints messages in the terminal (production refuses it);
# smtp+tls://user:password@smtp.example.com:587 sends them.
EMAIL_URL = env.str("EMAIL_URL", default="") or "consolemail://"
if EMAIL_URL.partition("://")[0] not in Env.EMAIL_SCHEMES:
    raise config_error(
        "EMAIL_URL",
        f"has the unknown scheme {EMAIL_URL.partition('://')[0]!r}",
        "use a URL such as smtp+tls://user:password@smtp.example.com:587 or consolemail://",
    )
# EMAIL_HOST, EMAIL_PORT... from the URL, and the backend the mail task sends with
# (EMAIL_SENDING_BACKEND): EMAIL_BACKEND only enqueues (project/mail.py).
_email = Env.email_url_config(EMAIL_URL)
EMAIL_SENDING_BACKEND = _email.pop("EMAIL_BACKEND")
globals().update(_email)
EMAIL_BACKEND = "project.mail.TaskEmailBackend"
EMAIL_TIMEOUT = 10
# Required in production (prod.py refuses localhost).
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="") or str(
    Address(SITE_NAME, addr_spec="noreply@localhost")
)
# The sender of the error reports to ADMINS, and their subjects' first words.
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
EMAIL_SEND_ATTEMPTS = env.int("EMAIL_SEND_ATTEMPTS", default=5)

# ERROR REPORTS
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/error-reporting/
# Who gets a mail with the traceback of each server error (500) while DEBUG is off:
# "Ann <ann@example.com>,bob@example.com".
# Unset is nobody (Python before 3.11.3 reads "" as one empty address).
ADMINS = [admin for admin in getaddresses([env.str("ADMINS", default="")]) if any(admin)]
if any("@" not in address for _, address in ADMINS):
    raise config_error(
        "ADMINS",
        f"is {env.str('ADMINS')!r}, which is not a list of mail addresses",
        "separate them with commas, for example ADMINS=Ann <ann@example.com>,bob@example.com",
    )

# TASKS
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/dev/topics/tasks/ (django-tasks on 5.2)
# Run by `manage.py db_worker` beside gunicorn; dev.py runs them at once instead.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# COMMENTS
# ------------------------------------------------------------------------------
# People without an account may comment (name, email, the trap field, the limit).
COMMENTS_ALLOW_ANONYMOUS = env.bool("COMMENTS_ALLOW_ANONYMOUS", default=True)
# Minutes in which people may edit or delete their own comment. 0: never.
COMMENTS_EDIT_MINUTES = env.int("COMMENTS_EDIT_MINUTES", default=15)
# Comments held for a moderator's approval: "off", "first" (anonymous ones and
# those of people with no published comment yet) or "all".
COMMENTS_MODERATION = env.str("COMMENTS_MODERATION", default="off")
if COMMENTS_MODERATION not in {"off", "first", "all"}:
    raise config_error(
        "COMMENTS_MODERATION",
        f"is {COMMENTS_MODERATION!r}",
        "use off, first or all",
    )
# Mail people with the comments.moderate_comment permission when a comment waits.
COMMENTS_NOTIFY_MODERATORS = env.bool("COMMENTS_NOTIFY_MODERATORS", default=False)
# Comments a page of an entity shows (and Comment.get_absolute_url counts in).
COMMENTS_PER_PAGE = 20

# LOGGING
# ------------------------------------------------------------------------------
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # 500s only, the site's bugs: a 503 (the database unreachable or too slow)
        # comes by the hundred and /readyz reports it; a 4xx is the client's doing.
        "server_errors": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: getattr(record, "status_code", 500) == 500,
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        # Queued as every mail is (project/mail.py): the answer never waits for it.
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "server_errors"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # In place of Django's own handlers for its "django" logger: its console one
    # (DEBUG on) would show each line twice, beside the root's.
    "loggers": {"django": {"handlers": ["mail_admins"], "propagate": True}},
}
