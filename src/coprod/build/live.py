"""What `coprod serve` keeps between builds beyond the build cache (cache.MemoryCache).

``LiveSite.render`` has render.render_site's signature; it is where the server keeps the
site model, the compiled templates and the encoded export rows between builds. The
version written for the renderer before it was split into site/model.py, pages.py and
tasks.py (patching the model when only records changed, reusing the Jinja environment,
skipping rendering tasks whose every file would be carried over) is not yet carried over
to the split renderer: for now each build renders as `coprod build` does, from the
entries and page records the server kept.
"""

from __future__ import annotations

from coprod.site.render import render_site


class LiveSite:
    def render(self, *args, **kwargs):
        return render_site(*args, **kwargs)
