"""Settings shared by every environment.

This is the only settings module that reads the environment. ``dev.py`` and
``prod.py`` start with ``from .base import *`` and change named values.
See https://docs.djangoproject.com/en/5.2/ref/settings/
"""

from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from project.envvars import Env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = Env()
# The .env file at the project root is read only when asked, as cookiecutter-django
# does: a file left on a server cannot change its configuration unseen. Values
# already in the environment win over the file.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env")


def config_error(variable: str, problem: str, fix: str) -> ImproperlyConfigured:
    """One sentence that names the variable, what is wrong and how to fix it."""
    return ImproperlyConfigured(f"{variable} {problem}; {fix}.")


# GENERAL
# ------------------------------------------------------------------------------
# "development" or "production"; prod.py sets the latter. Commands that would
# harm real data (seed_demo) check it.
ENVIRONMENT = "development"
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
# Chosen by the settings module, not by a variable: dev.py turns it on.
DEBUG = False
# Required in production; dev.py supplies a fixed, insecure fallback.
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
# https://docs.djangoproject.com/en/5.2/ref/settings/#time-zone
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

# LANGUAGES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/translation/
# LocaleMiddleware picks the language from the switcher's cookie, else from the
# browser's Accept-Language, else LANGUAGE_CODE. URLs are the same in every language.
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
]
# The project's catalogue: `make messages` updates and compiles it.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's choice outlives the browser session; no script needs to read it.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# DATABASES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# Any URL django-environ understands; SQLite in the project folder by default.
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
# Persistent connections, checked before reuse: a new connection per request
# costs more than most pages. Not under ASGI (project/asgi.py sets DJANGO_ASGI):
# Django's docs say to disable them there, as each request may run in a thread
# of its own and leave its connection behind.
RUNNING_UNDER_ASGI = env.bool("DJANGO_ASGI", default=False)
DATABASES["default"]["CONN_MAX_AGE"] = (
    0 if RUNNING_UNDER_ASGI else env.int("CONN_MAX_AGE", default=60)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Milliseconds one SQL statement may run on PostgreSQL before the server cancels
# it; the visitor gets the "This took too long" page (project/middleware.py)
# instead of a worker killed by gunicorn's timeout (30 s). 0: no limit.
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=5000)
if DATABASE_STATEMENT_TIMEOUT_MS < 0:
    raise config_error(
        "DATABASE_STATEMENT_TIMEOUT_MS",
        f"is {DATABASE_STATEMENT_TIMEOUT_MS}, below zero",
        "use a number of milliseconds such as 5000, or 0 for no limit",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg passes "options" to the server at connect time, for every connection.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )
# https://docs.djangoproject.com/en/5.2/ref/settings/#default-auto-field
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
    # sitemap.xml (project/urls.py, entities/sitemaps.py); the feeds need no app.
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # Bootstrap's CSS and JS as static files (django-bootstrap-static)
    "csp",  # its system checks catch settings in the pre-4.0 format
    "allauth",  # sign-up, email confirmation, password reset (django-allauth)
    "allauth.account",
    # request.htmx, and htmx itself as a static file (django_htmx/htmx-2.min.js)
    "django_htmx",
    # {% partialdef %}: the parts of pages htmx asks for ("page.html#part"), one
    # template for both; it wraps the template loaders itself.
    # https://github.com/carltongibson/django-template-partials#installation
    "template_partials",
    "django_tasks",  # the django.tasks API, backported to Django 5.2
    "project.tasks_app.TaskResultsConfig",  # django-tasks-db: its database backend, db_worker
]
LOCAL_APPS = [
    # The plumbing's migrations (the cache table) and its system checks.
    "project.apps.ProjectConfig",
    "users.apps.UsersConfig",
    "entities.apps.EntitiesConfig",
    "comments.apps.CommentsConfig",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# AUTHENTICATION
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/auth/customizing/#substituting-a-custom-user-model
# In place from users' first migration; everything else names it through this
# setting or get_user_model().
AUTH_USER_MODEL = "users.User"
# https://docs.djangoproject.com/en/5.2/ref/settings/#login-url
# allauth's sign-in page serves the site and the admin (users/admin.py).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "entities:list"
LOGOUT_REDIRECT_URL = "entities:list"
# One backend for the user name and the email address (allauth's extends Django's
# ModelBackend, permissions included): two would hash every wrong password twice.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]

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
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# One address per account; a new one replaces the old once it is confirmed.
ACCOUNT_CHANGE_EMAIL = True
# Sign-up and password reset answer the same whether an address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
# Staff made with createsuperuser sign in without an address to confirm.
ACCOUNT_ADAPTER = "users.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

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
    # Where its docs put it, and before WhiteNoise: static files carry its header too.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers 304 to a request whose If-None-Match names the page's ETag (set by
    # project.pagecache, else a hash of the content). Before anything that changes
    # the body.
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: true for a request htmx sent, which gets a part of the page
    # (project/pagecache.py).
    "django_htmx.middleware.HtmxMiddleware",
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
# "default" holds what must hold: allauth's and the comments' abuse limits. In the
# database, so every process shares it, page traffic never evicts it and Redis
# being down never touches it. Its table is made by project's migration 0002,
# so wherever `migrate` ran.
# "pages" holds the page renderings (project/pagecache.py). With REDIS_URL, the
# instances share it in Redis through django-redis; while Redis is unreachable
# its errors count as misses (IGNORE_EXCEPTIONS) and pages are served uncached,
# each call giving up after the short timeouts. Without it, each process keeps
# its own in memory.
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

# SESSIONS AND MESSAGES
# ------------------------------------------------------------------------------
# Django's defaults keep nothing in one process (the next request may reach another
# instance): sessions in the database, messages in a signed cookie. Keep them so.

# STATIC FILES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#static-files
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# TEMPLATES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#templates
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
            # The page head's tags (absolute canonical and alternate links).
            "libraries": {"site": "project.site_tags"},
        },
    },
]
# https://django-crispy-forms.readthedocs.io/en/latest/install.html#template-packs
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# MESSAGES
# ------------------------------------------------------------------------------
# Bootstrap's alert classes for Django's message levels.
MESSAGE_TAGS = {10: "secondary", 20: "info", 25: "success", 30: "warning", 40: "danger"}

# PAGE CACHE
# ------------------------------------------------------------------------------
# Seconds Django keeps the rendering of an anonymous page in the "pages" cache
# (project/pagecache.py says how its keys follow what the page shows): how long a
# write that bypasses the models (raw SQL, QuerySet.update()) takes to show. 0: not
# at all.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Seconds a shared cache (nginx, a CDN) may keep an anonymous page (Cache-Control:
# s-maxage): how long a new comment may take to reach anonymous readers; its
# writer sees it at once. Browsers always revalidate (ETag).
HTTP_CACHE_SECONDS = env.int("HTTP_CACHE_SECONDS", default=5)

# REQUEST SIZES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#data-upload-max-memory-size
# The largest form the site has is an entity: 20,000 characters of text, up to
# 4 bytes each in UTF-8 and 3 times that percent-encoded, is 240 KB. Bigger
# bodies are refused with 400 before they are parsed (nginx refuses over 1 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=512 * 1024)
# The admin's change list posts one field per selected row (100 a page) and a few more.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=200)
# The site takes no uploads; a file bigger than this would go to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=512 * 1024)

# SECURITY
# ------------------------------------------------------------------------------
# Django's defaults already send nosniff, X-Frame-Options DENY, a same-origin
# Referrer-Policy and Cross-Origin-Opener-Policy, and keep the session cookie from scripts.
# https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security
# Browser features the site never uses, off for every page and any frame
# (django-permissions-policy). Only names Chromium knows: an unknown one is
# reported as an error in the browser's console.
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
# Everything comes from this site: no inline script or style, no nonces (pages
# may be cached and shared between visitors). Bootstrap draws a few icons as
# data: SVG images. The admin's scripts are files, so it works under this too.
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
# One limiter per action, counted in the "default" cache (the database) by the
# client address allauth reads (its adapter's get_client_ip).
# "<count>/<period>", the period a unit (s, m, h, d) with an optional number
# before it: "5/m" is five a minute, "10/15m" ten in fifteen minutes. A mistyped
# rate stops `manage.py check`, `migrate` and `runserver` with one sentence
# (project/rates.py).
# Comments one client address may post (comments/views.py).
COMMENT_RATE_LIMIT = env.str("COMMENT_RATE_LIMIT", default="5/m")
# Failed sign-ins (allauth's "login_failed"); the first limit reached pauses
# signing in for the rest of its period; a successful sign-in takes its attempt
# back. From one address, whatever the user names (guessing many accounts); this
# also bounds the password hashing one client can make the site do:
LOGIN_ADDRESS_FAILURE_LIMIT = env.str("LOGIN_ADDRESS_FAILURE_LIMIT", default="20/15m")
# For one email address or user name, whatever the client addresses:
LOGIN_ACCOUNT_FAILURE_LIMIT = env.str("LOGIN_ACCOUNT_FAILURE_LIMIT", default="50/15m")
# Sign-ups and password-reset requests one client address may send.
SIGNUP_RATE_LIMIT = env.str("SIGNUP_RATE_LIMIT", default="5/h")
PASSWORD_RESET_RATE_LIMIT = env.str("PASSWORD_RESET_RATE_LIMIT", default="5/h")
# https://docs.allauth.org/en/latest/account/rate_limits.html
# Its other actions (sign-in attempts, password changes, email management...)
# keep allauth's defaults.
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{LOGIN_ADDRESS_FAILURE_LIMIT}/ip,{LOGIN_ACCOUNT_FAILURE_LIMIT}/key",
    "signup": f"{SIGNUP_RATE_LIMIT}/ip",
    "reset_password": f"{PASSWORD_RESET_RATE_LIMIT}/ip,5/m/key",
}
# How many proxies in front of the site append to X-Forwarded-For. 0: the
# client address is REMOTE_ADDR. Behind nginx alone: 1. Larger than the real
# number lets clients choose their own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# https://docs.allauth.org/en/latest/common/configuration.html
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# IPv6 clients are counted by network: one subscriber is usually given a /64,
# and could otherwise take a new address for every request.
ALLAUTH_RATE_LIMIT_IPV6_PREFIX = env.int("RATE_LIMIT_IPV6_PREFIX", default=64)
if not 1 <= ALLAUTH_RATE_LIMIT_IPV6_PREFIX <= 128:
    raise config_error(
        "RATE_LIMIT_IPV6_PREFIX",
        f"is {ALLAUTH_RATE_LIMIT_IPV6_PREFIX}, which is not an IPv6 prefix length",
        "use a number from 1 to 128, such as 64",
    )

# EMAIL
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/email/
# One URL in django-environ's format: consolemail:// prints messages to the
# terminal; smtp+tls://user:password@smtp.example.com:587 sends them.
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
# EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL
# from the URL, and the backend that sends: EMAIL_SENDING_BACKEND, used by the
# task that EMAIL_BACKEND hands every message to (project/mail.py).
_email = Env.email_url_config(EMAIL_URL)
EMAIL_SENDING_BACKEND = _email.pop("EMAIL_BACKEND")
globals().update(_email)
EMAIL_BACKEND = "project.mail.TaskEmailBackend"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Entities & Comments <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Attempts at sending one message before its task is marked failed (project/mail.py).
EMAIL_SEND_ATTEMPTS = env.int("EMAIL_SEND_ATTEMPTS", default=5)

# TASKS
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/dev/topics/tasks/ (django-tasks on 5.2)
# Stored in the database and run by `manage.py db_worker` beside gunicorn;
# dev.py runs them at once instead.
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
# Comments a page of an entity shows: its pages, and the address of each comment
# (Comment.get_absolute_url), are counted in these.
COMMENTS_PER_PAGE = 20

# LOGGING
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/logging/
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own "django" logger has a console handler of its own when DEBUG is
    # on; without this, each of its lines would also reach the root's and show twice.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
