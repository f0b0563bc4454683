"""Operating Rumbo: backups and restores, and the checks that catch a misconfigured server."""
