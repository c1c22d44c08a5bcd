"""Role rows several AppTest modules sign in with."""

# Nong Khai's province head (by the province's name) and a staff member of it (by its code).
NONG_KHAI_ROLES = """
[[roles]]
email = "head.nk@cdd.go.th"
role = "province"
provinces = ["หนองคาย"]

[[roles]]
email = "staff.nk@cdd.go.th"
role = "staff"
provinces = "43"
"""
