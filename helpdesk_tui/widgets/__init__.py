"""Store-agnostic pieces: they render what a screen hands them and post messages back."""
