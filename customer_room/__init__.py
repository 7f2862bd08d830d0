"""customer-room: build the three walls of a customer room into a static site.

The pipeline reads a room's data exports and owners' commentary (`load`), computes the
figures (`compute`, `metrics`), plans pages and charts (`pages`, `charts`), renders
them (`render`) and publishes the site atomically (`publish`); `build` runs it all and
`cli` is the command line.
"""

__version__ = "0.1.0"
