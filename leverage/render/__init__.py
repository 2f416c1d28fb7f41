"""What a run shows: the terminal tables, the JSON, the conclusions."""
