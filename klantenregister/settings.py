"""Settings for KlantenRegister.

Everything comes from environment variables (see docs/configuration.md). Without any variable
set, the project runs on SQLite with eager Celery, which is what `make run` and a bare
`make test` use.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from klantenregister.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "simple_history",
    "klantenregister.core",
    "klantenregister.events",
    "klantenregister.verwerkingen",
    "partijen",
    "klantcontacten",
    "taken",
    "berichten",
    "kic_compat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "klantenregister.api.middleware.ApiVersionMiddleware",
    # Makes the request (and so the staff user or API client) known to the change history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it inspects the outcome of the admin login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "klantenregister.urls"

# `manage.py load_demo_data` runs these in order (each app's loader, lower apps first); the
# core names them by dotted path so it does not import the apps above it.
DEMO_DATA_LOADERS = [
    "partijen.demo.load_demo_data",
    "klantcontacten.demo.load_demo_data",
    "taken.demo.load_demo_data",
    "berichten.demo.load_demo_data",
]
WSGI_APPLICATION = "klantenregister.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "klantenregister" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth and admin hardening ----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Messages live in the session, not a cookie: an API key shown once must not ride in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("USE_X_FORWARDED_PROTO", False) else None
)

# --- I18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files (Swagger UI / Redoc come from drf-spectacular-sidecar, no CDN) --------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- Uploaded files (bericht bijlagen) ---------------------------------------------------------
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))

# --- Uploads: bodies above this size are refused with 413 --------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)

# --- REST framework -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    # `Token <key>` (the product's own) and `Bearer <JWT-ZGW>` (first-generation clients) both
    # resolve to an ApiClient (spec kic_compat §2).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "klantenregister.api.authentication.ApiTokenAuthentication",
        "klantenregister.api.authentication.JwtZgwAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["klantenregister.api.permissions.HasApiScope"],
    "DEFAULT_RENDERER_CLASSES": ["klantenregister.api.renderers.ApiJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["klantenregister.api.parsers.ApiJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "klantenregister.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "klantenregister.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "klantenregister.api.exceptions.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "PAGE_SIZE": 100,
    # `?format=` would be one more undocumented query parameter; content negotiation suffices.
    "URL_FORMAT_OVERRIDE": None,
}
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500)

JSON_CAMEL_CASE = {
    "JSON_UNDERSCOREIZE": {
        "no_underscore_before_number": True,
        "ignore_keys": ("_expand",),
        # Free-form values pass through untouched: a klantcontact's metadata keys are the
        # client's own, as are the old/new values in its history.
        "ignore_fields": ("metadata", "oud", "nieuw"),
    },
}

SPECTACULAR_SETTINGS = {
    "SERVE_INCLUDE_SCHEMA": False,
    # The contract and its docs are public; the data behind them is not.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No calls to the public swagger validator: the docs page stays on this server.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "klantenregister.api.schema_hooks.polymorphic_any_of",
        "klantenregister.api.schema_hooks.constrain_discriminators",
    ],
    "CAMELIZE_NAMES": True,
    "DISABLE_ERRORS_AND_WARNINGS": False,
}

# --- Secrets stored encrypted (JWT-ZGW secrets): Fernet keys, newest first ----------------------
# Empty: one key derived from SECRET_KEY (klantenregister/core/crypto.py, docs/configuration.md).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])

# --- First-generation APIs at /api/kic/v1 (spec kic_compat §2, §10; docs/configuration.md) ------
# JWT-ZGW: a token is accepted JWT_EXPIRY seconds after its `iat`, with JWT_LEEWAY seconds of
# clock skew either way.
JWT_EXPIRY = env_int("JWT_EXPIRY", 3600)
JWT_LEEWAY = env_int("JWT_LEEWAY", 0)
# Shown for klanten/contactmomenten without a first-generation bronorganisatie of their own.
# Unset: a demo RSIN (printed by runserver; `check --deploy` fails on it); set: must pass the
# RSIN 11-proef (system check kic.E001).
KIC_DEMO_BRONORGANISATIE = "123456782"
KIC_DEFAULT_BRONORGANISATIE = env_str("KIC_DEFAULT_BRONORGANISATIE", "").strip()
KIC_DEFAULT_BRONORGANISATIE_IS_DEMO = not KIC_DEFAULT_BRONORGANISATIE
if KIC_DEFAULT_BRONORGANISATIE_IS_DEMO:
    KIC_DEFAULT_BRONORGANISATIE = KIC_DEMO_BRONORGANISATIE
KIC_DEFAULT_SOORT_PARTIJ = env_str("KIC_DEFAULT_SOORT_PARTIJ", "persoon")
KIC_DEFAULT_KANAAL = env_str("KIC_DEFAULT_KANAAL", "onbekend")
KIC_DEFAULT_TAAL = env_str("KIC_DEFAULT_TAAL", "nld")
KIC_DEFAULT_ONDERWERP = env_str("KIC_DEFAULT_ONDERWERP", "Contactmoment")
KIC_PORTAAL_REFERENTIE = env_str("KIC_PORTAAL_REFERENTIE", "portaalvoorkeur")
# The Onderwerpobjectidentificator codes (codeObjecttype, codeRegister, codeSoortObjectId) of a
# zaak, and the URL template (with `{objectId}`) that turns one into a first-generation `object`.
KIC_ZAAK_IDENTIFICATOR = tuple(env_list("KIC_ZAAK_IDENTIFICATOR", ["zaak", "openzaak", "uuid"]))
KIC_ZAAK_URL_TEMPLATE = env_str("KIC_ZAAK_URL_TEMPLATE", "")
KIC_VALIDATE_REMOTE_URLS = env_bool("KIC_VALIDATE_REMOTE_URLS", True)
KIC_VALIDATE_REMOTE_RELATIONS = env_bool("KIC_VALIDATE_REMOTE_RELATIONS", True)
# Client ids (ApiClient.naam) that get plain arrays instead of paginated lists (spec §6.2).
KIC_PLAIN_LIST_CLIENTS = env_list("KIC_PLAIN_LIST_CLIENTS", [])
# `v1`: first-generation writes notify as the equivalent v1 write; `first-gen`: on the
# first-generation kanalen `klanten` / `contactmomenten` instead (spec §9).
KIC_NOTIFICATIE_KANALEN = env_str("KIC_NOTIFICATIE_KANALEN", "v1").strip()
KIC_PROFILES = tuple(env_list("KIC_PROFILES", []))

# kic-001 (spec §6, docs/kic-migration.md): the DRC that verzoek–informatieobject relations are
# mirrored to. These three are deployment defaults: `migrate` creates the DRC's ExterneDienst
# from them when none has that API root yet; after that the admin is where it is changed.
KIC_DRC_URL = env_str("KIC_DRC_URL", "").strip()
KIC_DRC_CLIENT_ID = env_str("KIC_DRC_CLIENT_ID", "").strip()
KIC_DRC_SECRET = env_str("KIC_DRC_SECRET", "")
KIC_DRC_MIRROR_MAX_ATTEMPTS = env_int("KIC_DRC_MIRROR_MAX_ATTEMPTS", 20)
# Retries wait 1 minute, doubling up to 6 hours (tests make these small).
KIC_DRC_MIRROR_RETRY_BASE_SECONDS = env_float("KIC_DRC_MIRROR_RETRY_BASE_SECONDS", 60.0)
KIC_DRC_MIRROR_RETRY_MAX_SECONDS = env_float("KIC_DRC_MIRROR_RETRY_MAX_SECONDS", 6 * 3600.0)
KIC_DRC_CONNECT_TIMEOUT = env_float("KIC_DRC_CONNECT_TIMEOUT", 5.0)
KIC_DRC_READ_TIMEOUT = env_float("KIC_DRC_READ_TIMEOUT", 10.0)
# A worker's claim on a job; longer than the calls of one job can take.
KIC_DRC_MIRROR_LEASE_SECONDS = env_int("KIC_DRC_MIRROR_LEASE_SECONDS", 120)
KIC_DRC_MIRROR_BATCH_SIZE = env_int("KIC_DRC_MIRROR_BATCH_SIZE", 50)

# --- Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
# Without a broker the tasks run in-process right away: `make run` and a bare `make test`
# need no Redis then.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

CELERY_BEAT_SCHEDULE = {
    # The outbox sweep: retries that fell due, and events whose wake-up message got lost.
    "events-process-outbox": {
        "task": "klantenregister.events.tasks.process_outbox",
        "schedule": float(env_int("EVENTS_SWEEP_SECONDS", 15)),
    },
    "events-prune": {
        "task": "klantenregister.events.tasks.prune_events",
        "schedule": 3600.0,
    },
    # kic-001: DRC mirror jobs whose retry fell due, or whose wake-up got lost.
    "kic-drc-mirror": {
        "task": "kic_compat.tasks.mirror_drc_relations",
        "schedule": float(env_int("EVENTS_SWEEP_SECONDS", 15)),
    },
    # Klanttaken deadlines (docs/processes.md): close expired taken, send reminders.
    "taken-deadlines": {
        "task": "taken.tasks.bewaak_deadlines",
        "schedule": float(env_int("TAKEN_DEADLINE_SWEEP_SECONDS", 60)),
    },
    # Berichten (docs/berichten.md): publish those whose publicatieDatum passed, re-queue
    # deliveries whose wake-up got lost. A bericht goes out at most this long after its moment.
    "berichten-publiceren": {
        "task": "berichten.tasks.publiceer_berichten",
        "schedule": env_float("BERICHTEN_SWEEP_SECONDS", 30.0),
    },
}
# Days before a klanttaak's vervaldatum (else verloopdatum) that a `herinnering` event goes
# out; 0 switches reminders off.
TAKEN_HERINNERING_DAGEN = env_float("TAKEN_HERINNERING_DAGEN", 3.0)
# A message a killed worker had taken (acks late) goes back to the queue after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
}

# --- Events: transactional outbox and delivery to abonnementen (docs/events.md) ----------------
# Base of the resource URLs in events; empty: the request's host (or localhost outside one).
SITE_URL = env_str("SITE_URL", "").rstrip("/")
EVENTS_SOURCE = env_str("EVENTS_SOURCE", SITE_URL or "urn:nld:klantenregister")
EVENTS_MAX_ATTEMPTS = env_int("EVENTS_MAX_ATTEMPTS", 12)
EVENTS_RETRY_BASE_SECONDS = env_float("EVENTS_RETRY_BASE_SECONDS", 30.0)
EVENTS_RETRY_MAX_SECONDS = env_float("EVENTS_RETRY_MAX_SECONDS", 6 * 3600.0)
EVENTS_CONNECT_TIMEOUT = env_float("EVENTS_CONNECT_TIMEOUT", 5.0)
EVENTS_READ_TIMEOUT = env_float("EVENTS_READ_TIMEOUT", 10.0)
# Longer than a POST can take, so a live worker never loses its claim.
EVENTS_LEASE_SECONDS = env_int("EVENTS_LEASE_SECONDS", 60)
EVENTS_BATCH_SIZE = env_int("EVENTS_BATCH_SIZE", 100)
EVENTS_TASK_SECONDS = env_int("EVENTS_TASK_SECONDS", 60)
EVENTS_SWEEP_SECONDS = env_int("EVENTS_SWEEP_SECONDS", 15)
EVENTS_RETENTION_DAYS = env_int("EVENTS_RETENTION_DAYS", 30)

# --- Berichten: delivery over the voorkeurskanaal (docs/berichten.md) -------------------------
# kanaal -> dotted path of its backend class; the variable overrides entries as
# `kanaal=path,...`, an empty path switches a kanaal off.
BERICHTEN_KANAAL_BACKENDS = {
    "email": "berichten.kanalen.EmailBackend",
    "telefoonnummer": "berichten.kanalen.SmsBackend",
    "portaal": "berichten.kanalen.PortaalBackend",
}
for _entry in env_list("BERICHTEN_KANAAL_BACKENDS", []):
    _kanaal, _, _path = _entry.partition("=")
    if not _kanaal.strip():
        raise ImproperlyConfigured(f"BERICHTEN_KANAAL_BACKENDS: no kanaal in {_entry!r}")
    BERICHTEN_KANAAL_BACKENDS[_kanaal.strip()] = _path.strip()
BERICHTEN_SMS_URL = env_str("BERICHTEN_SMS_URL", "")
BERICHTEN_SMS_AUTHORIZATION = env_str("BERICHTEN_SMS_AUTHORIZATION", "")
BERICHTEN_PORTAAL_URL = env_str("BERICHTEN_PORTAAL_URL", "")
BERICHTEN_PORTAAL_AUTHORIZATION = env_str("BERICHTEN_PORTAAL_AUTHORIZATION", "")
# Where a klant reads the message; put in e-mail and sms texts when set.
BERICHTEN_PORTAAL_LINK = env_str("BERICHTEN_PORTAAL_LINK", "")
BERICHTEN_MAX_POGINGEN = env_int("BERICHTEN_MAX_POGINGEN", 8)
BERICHTEN_RETRY_BASE_SECONDS = env_float("BERICHTEN_RETRY_BASE_SECONDS", 60.0)
BERICHTEN_RETRY_MAX_SECONDS = env_float("BERICHTEN_RETRY_MAX_SECONDS", 3600.0)
BERICHTEN_CONNECT_TIMEOUT = env_float("BERICHTEN_CONNECT_TIMEOUT", 5.0)
BERICHTEN_READ_TIMEOUT = env_float("BERICHTEN_READ_TIMEOUT", 10.0)
# Longer than one attempt can take (connect + read, or EMAIL_TIMEOUT).
BERICHTEN_LEASE_SECONDS = env_int("BERICHTEN_LEASE_SECONDS", 120)
# Register each bericht the register sent as an outbound klantcontact (spec berichten §2.4).
BERICHTEN_KLANTCONTACT_REGISTREREN = env_bool("BERICHTEN_KLANTCONTACT_REGISTREREN", True)

# --- E-mail (Django's machinery; the berichten e-mail backend sends through it) ---------------
# Without EMAIL_HOST, mail is written to the console of the sending process (`make run`).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@klantenregister.localhost")
BERICHTEN_EMAIL_FROM = env_str("BERICHTEN_EMAIL_FROM", DEFAULT_FROM_EMAIL)

# --- Logging: personal data (BSN) is masked before anything is written -------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_bsn": {"()": "klantenregister.logging.MaskBsnFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_bsn"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replace Django's own console handler, so every line passes the BSN mask once.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # runserver's request lines carry query strings (?…objectId=<bsn>): mask them too.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Eager tasks run inside web requests and commands; their "succeeded" lines are noise
        # there. A real worker keeps them.
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}
