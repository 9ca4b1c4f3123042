"""How a change or a difference in each indicator unit is said: "up 1.2 percentage points", "3 per 10,000",
"12 days". Plain data, read by the direction of travel and the History page."""

CHANGE_UNITS = {
    "percent": " percentage points",
    "rate_per_10k": " per 10,000",
    "days": " days",
    "score": " points",
}
