"""The core's own scoring defaults, registered as a plugin whose hooks all run last."""
