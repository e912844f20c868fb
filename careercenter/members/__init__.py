"""Members: the admin side of accounts (invitations, CSV import, roles), settings and audit log."""
