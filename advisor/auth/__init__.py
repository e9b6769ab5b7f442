"""Staff authentication: password hashing, sessions, roles and two-factor codes."""
