"""In-memory fakes of the ports, a module per area; the contract tests run them beside the SQL repositories."""
