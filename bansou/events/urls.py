"""URLs of events."""

app_name = "events"

urlpatterns: list = []
