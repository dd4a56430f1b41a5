"""A Babel extractor for flow files, registered in the repository's ``babel.cfg``:

    [extractors]
    flow_yaml = flows.extract:extract_flow_yaml

    [flow_yaml: flows/definitions/*.yaml]

It yields every user-facing string (``say``, ``ask``, button ``title``, ``collect.text``, the flow
``title`` and the ``texts:`` entries) with its line number and the step it belongs to as a comment, so
translators see where a sentence is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

from flows.model import YAML_LOADER

TRANSLATABLE_KEYS = frozenset({"say", "ask", "title", "text"})


def _walk(node: yaml.Node, path: tuple[str, ...]) -> Iterator[tuple[int, str, str]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value)
            here = (*path, name)
            if isinstance(value, yaml.ScalarNode) and isinstance(value.value, str) and value.value:
                in_texts = len(path) == 1 and path[0] == "texts"
                if name in TRANSLATABLE_KEYS or in_texts:
                    yield value.start_mark.line + 1, value.value, ".".join(here)
            else:
                yield from _walk(value, here)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*path, str(index)))


def extract_flow_yaml(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method: yields (lineno, funcname, message, comments)."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    root = yaml.compose(source, Loader=YAML_LOADER)
    if root is None:
        return
    flow_name = ""
    if isinstance(root, yaml.MappingNode):
        flow_name = next((str(v.value) for k, v in root.value if k.value == "flow"), "")
    for line, raw, where in _walk(root, ()):
        # compose() has already folded block scalars and resolved escapes: the same text the runtime sees.
        yield line, "", raw, [f"flow {flow_name}: {where}"]
