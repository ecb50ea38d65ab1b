"""Exchange with other tools: the ArchiMate Model Exchange File Format (both ways) and diagram texts."""
