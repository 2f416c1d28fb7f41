"""The model: plain numbers in, plain numbers out (inputs, solving, costs, economics, channels, analyses, checks)."""
