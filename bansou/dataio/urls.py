"""URLs of dataio."""

app_name = "dataio"

urlpatterns: list = []
