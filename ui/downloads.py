"""Download buttons whose file is made only when clicked: an export, a backup, every question or every
reminder can take a while to write, and most reruns are not a download."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


def download_on_click(
    label: str,
    make: Callable[[], bytes],
    file_name: str,
    mime: str,
    key: str,
    *,
    icon: str = "⬇️",
    disabled: bool = False,
) -> None:
    """A download button that calls `make` for the file when clicked, without rerunning the page."""
    st.download_button(
        label,
        data=make,
        file_name=file_name,
        mime=mime,
        key=key,
        icon=icon,
        on_click="ignore",
        disabled=disabled,
    )
