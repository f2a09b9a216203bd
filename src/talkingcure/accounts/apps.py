from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "talkingcure.accounts"
    label = "accounts"

    def ready(self) -> None:
        from talkingcure.accounts import signals  # noqa: F401
