from django import template

from reintegra.monitoring.exports import display

register = template.Library()


@register.filter
def figure(value, kind: str) -> str:
    """A published figure as text; suppressed numbers read as "suppressed"."""
    return display(kind, value)


@register.filter
def count(value) -> str:
    return display("count", value)


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
