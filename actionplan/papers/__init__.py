"""Committee papers: defaults per type, the render context built from the plan as at a date, and
the pure HTML/PDF renderers that views, the render_paper command, the benchmark and tests share."""
