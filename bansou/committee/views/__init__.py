"""Committee screens, one module per part: meetings, minutes, reports, progress."""
