"""URLs of business_plans."""

app_name = "business_plans"

urlpatterns: list = []
