"""Media in S3-compatible object storage (django-storages) when the environment names a bucket:
the settings are read in a fresh interpreter, as a deployed process would read them."""

from tests.test_settings_and_headers import production_secret_key, run_python

S3_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "explainer.settings.production",
    "ALLOWED_HOSTS": "example.org",
    "AWS_STORAGE_BUCKET_NAME": "explainer-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.eu-central.example.net",
    "AWS_S3_REGION_NAME": "eu-central",
    "AWS_S3_CUSTOM_DOMAIN": "example.org",
    "AWS_ACCESS_KEY_ID": "test-key-id",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
}


def run_django(code, **env):
    result = run_python(
        ["-c", f"import django; django.setup(); {code}"],
        SECRET_KEY=production_secret_key(),
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


def test_a_bucket_in_the_environment_moves_media_to_object_storage():
    lines = run_django(
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__module__, type(s).__name__); "
        "print(s.bucket_name, s.endpoint_url, s.region_name, s.querystring_auth); "
        "print(s.url('images/street-corner.jpg'))",
        **S3_ENVIRONMENT,
    )
    assert lines == [
        "storages.backends.s3 S3Storage",
        "explainer-media https://s3.eu-central.example.net eu-central False",
        # On the site's own host: public pages load nothing from another origin.
        "https://example.org/media/images/street-corner.jpg",
    ]


def test_media_stay_on_disk_and_served_by_the_app_without_a_bucket():
    env = {key: value for key, value in S3_ENVIRONMENT.items() if not key.startswith("AWS_")}
    lines = run_django(
        "from django.core.files.storage import storages; s = storages['default']; "
        "from django.urls import resolve; "
        "print(type(s).__name__); print(resolve('/media/images/a.jpg').func.__name__)",
        **env,
    )
    assert lines == ["FileSystemStorage", "serve"]


def test_with_a_bucket_the_app_no_longer_serves_media_from_its_disk():
    lines = run_django(
        "from django.urls import Resolver404, resolve\n"
        "try: print(resolve('/media/images/a.jpg').func.__name__)\n"
        "except Resolver404: print('not found')",
        **S3_ENVIRONMENT,
    )
    assert lines == ["not found"]
