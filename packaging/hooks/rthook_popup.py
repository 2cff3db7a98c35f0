"""Runtime hook (runs before Popup's code in the packaged app): find the bundled libzbar.

pyzbar loads libzbar with ``ctypes.util.find_library("zbar")``. On Linux that asks ``ldconfig``,
which never looks inside the bundle, so a laptop without the system package would lose the
pyzbar decoder (and one with it would load a different version than the one tested). On macOS
PyInstaller adds the bundle to dyld's fallback path, but only for the exact ``libzbar.dylib``
name. This hook answers ``find_library`` from the bundle first on both; Windows is left alone
(pyzbar loads its own DLLs from the ``pyzbar`` folder there).
"""

import ctypes.util
import glob
import os
import sys


def _install() -> None:
    if sys.platform.startswith("win"):
        return
    bundle = getattr(sys, "_MEIPASS", "")
    system_find_library = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        patterns = (f"lib{name}.so*", f"lib{name}.dylib", f"lib{name}.*.dylib")
        for pattern in patterns:
            found = sorted(glob.glob(os.path.join(bundle, pattern)))
            if found:
                return found[0]
        return system_find_library(name)

    ctypes.util.find_library = find_library


_install()
