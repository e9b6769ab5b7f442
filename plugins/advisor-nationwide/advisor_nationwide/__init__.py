"""Nationwide IMG-friendly strategy: where IMGs with modest scores actually match, anywhere in
the country, and how to build a list broad and safe enough to get there."""
