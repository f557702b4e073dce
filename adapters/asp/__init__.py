"""The ASP exchange: referentials, batch files in the ASP layout, SFTP transport."""
