"""HSDS 3.0 interchange: read JSON or CSV datapackages into tables, check them, load, export."""
