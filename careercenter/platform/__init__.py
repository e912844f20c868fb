"""Platform-operator commands: institutions and their first admin."""
