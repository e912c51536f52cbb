"""Granary demo application."""
from granary_demo_lib import greet

VERSION = "$version"


def main() -> str:
    return greet("granary-demo-app " + VERSION)
