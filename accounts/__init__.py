"""Editor accounts: login throttling and lockout, and two-step verification for the admin."""
