"""URLs of motivation."""

app_name = "motivation"

urlpatterns: list = []
