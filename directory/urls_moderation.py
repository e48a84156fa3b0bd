"""Report-a-problem and export URLs (issue 3)."""

app_name = "moderation"
urlpatterns: list = []
