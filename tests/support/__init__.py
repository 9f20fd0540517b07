"""Test support for the built website: a local static server, headless Chromium, axe-core
and the Nu HTML checker.

- :mod:`.browser` — ``serve(dir)``, ``browser()`` / ``shared_browser()``, ``page(...)``,
  ``run_axe(page_or_url, width)``, ``format_violations(v)``, ``screenshot(url, path)``.
- :mod:`.htmlcheck` — ``validate_html(paths)`` (one JVM for many files).

Nothing heavy is imported here, so ``import support`` costs nothing when a test needs
neither Chromium nor Java. What the machine needs is installed by
``scripts/install-test-deps.sh`` (Debian packages, then ``npm ci`` for axe-core and vnu.jar).
"""
