"""Password hashing (argon2) and access tokens (JWT signed with joserfc)."""
