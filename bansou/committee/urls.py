"""URLs of committee."""

app_name = "committee"

urlpatterns: list = []
