"""The demo data: a generated national catalog of fictional programs in real places, demo
students, and demo alumni (past seasons' students with their outcomes).

figures.py holds the cited figures, catalog.py generates programs from them, students.py holds
the demo profiles, alumni.py generates the past seasons' students and where they applied,
match_model.py how programs answered them, aggregates.py sets the results beside the published
figures (`flask --app advisor demo figures`), and loader.py writes them all to the database
(`flask --app advisor demo load`). docs/sources.md gives every number's source.
"""
