"""URLs of followups."""

app_name = "followups"

urlpatterns: list = []
