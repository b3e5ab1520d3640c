"""URLs of analysis."""

app_name = "analysis"

urlpatterns: list = []
