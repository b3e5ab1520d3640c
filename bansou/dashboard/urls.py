"""URLs of dashboard."""

app_name = "dashboard"

urlpatterns: list = []
