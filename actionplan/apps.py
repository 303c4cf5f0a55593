from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actionplan"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from actionplan.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="actionplan.session_started")
