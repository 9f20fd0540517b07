"""noticeboard: community notice boards as a static website and printable posters.

The pipeline, one module per stage: load -> validate -> link -> routes/render -> printing -> write;
``build`` is the recipe that calls them in order.
"""
