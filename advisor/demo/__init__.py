"""The demo data: a generated national catalog of fictional programs in real places, and demo students.

figures.py holds the cited figures, catalog.py generates programs from them, students.py holds
the demo profiles and loader.py writes both to the database (`flask --app advisor demo load`).
"""
