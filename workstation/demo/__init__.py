"""Demo data: a realistic, deterministic station database for trying the program out."""
