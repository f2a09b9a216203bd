"""Built-in analysis components. Importing this package registers them all."""
