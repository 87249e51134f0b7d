"""The Qt widgets. Imports core (and later store and exchange); nothing outside this package imports it."""
