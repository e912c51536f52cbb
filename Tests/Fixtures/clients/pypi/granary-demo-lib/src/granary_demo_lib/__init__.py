"""Granary demo library."""
VERSION = "$version"


def greet(name: str) -> str:
    return f"hello {name} from granary-demo-lib {VERSION}"
