"""Reporters: render a `results.Report`, never compute. Each exposes `render(report, lang) -> str`."""
