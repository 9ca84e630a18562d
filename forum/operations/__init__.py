"""What an operator needs beside the pages: the health check, request logs, backups, background jobs."""
