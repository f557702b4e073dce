"""Who acts: users, partner applications, memberships and the acting principal."""
