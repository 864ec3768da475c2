"""A tiny ``st.components.v2`` component that hands node clicks in the graph drawing to Python.

The pyvis drawing lives in an ``st.iframe``; its click hook (see
:mod:`app.explorer.graph_view`) posts ``{"metrokgNode": id}`` to the app window. This
component listens for those messages and sets the trigger value ``node``. It draws nothing
and loads nothing; the page checks that the id is a node it drew before acting on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

_JS = """
export default function (component) {
  const { setTriggerValue } = component;
  const handler = (event) => {
    const data = event.data;
    if (data && typeof data === "object" && typeof data.metrokgNode === "string"
        && data.metrokgNode.length < 2048) {
      setTriggerValue("node", data.metrokgNode);
    }
  };
  window.addEventListener("message", handler);
  return () => window.removeEventListener("message", handler);
}
"""

_listener = st.components.v2.component("metrokg.node_clicks", js=_JS)


def node_clicks(key: str, on_click: Callable[[], Any]) -> str | None:
    """Mount the listener; the clicked node's id in the run after a click, else None."""
    result = _listener(key=key, on_node_change=on_click)
    node = getattr(result, "node", None)
    return node if isinstance(node, str) else None
