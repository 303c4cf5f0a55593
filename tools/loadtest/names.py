"""The request types the drills time and count (Locust's request names), shared by the users and the report."""

SAVE = "save progress"
SAVE_AGAIN = "save progress again after a conflict"
