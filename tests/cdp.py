"""A small Chrome DevTools Protocol client over ``--remote-debugging-pipe``: no websockets.

Chromium started with ``--remote-debugging-pipe`` reads commands on its file descriptor 3
and writes replies and events on 4, each a JSON message ended by a NUL byte. That is
enough to open a page, wait for it to load, run JavaScript in it, and take a screenshot.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 60.0  # seconds for one command or page load on a busy machine


def find_browser() -> str | None:
    return next(filter(None, map(shutil.which, BROWSERS)), None)


class CdpError(Exception):
    """The browser answered a command with an error, or did not answer in time."""


class Browser:
    """One headless Chromium with one page (a tab), driven over the pipe."""

    def __init__(self, binary: str, profile: Path, width: int = 1280, height: int = 1000) -> None:
        pipe_in, self._to_browser = os.pipe()
        self._from_browser, pipe_out = os.pipe()
        # Moved above 3 and 4 first, so wiring the child cannot overwrite one with the other.
        to_browser_r = fcntl.fcntl(pipe_in, fcntl.F_DUPFD_CLOEXEC, 10)
        from_browser_w = fcntl.fcntl(pipe_out, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(pipe_in)
        os.close(pipe_out)

        def wire() -> None:  # in the child: its fd 3 reads our commands, fd 4 writes replies
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self._process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",  # CI runs as root in a container
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            preexec_fn=wire,
            pass_fds=(3, 4),  # kept open after wire(); every other descriptor is closed
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self._session: str | None = None
        try:
            self._attach(width, height)
        except BaseException:
            self.close()
            raise

    def _attach(self, width: int, height: int) -> None:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        attached = self.call("Target.attachToTarget", targetId=target, flatten=True)
        self._session = attached["sessionId"]
        self.call("Page.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    # --- the protocol ----------------------------------------------------------------------

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise CdpError("the browser did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise CdpError("the browser closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command (to the page once attached) and return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self._session is not None:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CdpError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self._events.append(reply)

    def wait_for(self, event: str) -> dict[str, Any]:
        """The first ``event`` not yet seen (events seen before are dropped)."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            while self._events:
                seen = self._events.pop(0)
                if seen["method"] == event:
                    return seen
            self._events.append(self._read_message(deadline))
            if "method" not in self._events[-1]:
                self._events.pop()

    # --- what a test does ------------------------------------------------------------------

    def open(self, url: str) -> None:
        """Load ``url`` and wait until the page has loaded."""
        self._events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def run(self, expression: str) -> Any:
        """Evaluate JavaScript in the page (promises awaited) and return its value."""
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise CdpError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def act_and_wait(self, expression: str) -> None:
        """Run ``expression`` (a click, a form submit) and wait for the page it loads."""
        self._events.clear()
        self.run(expression)
        self.wait_for("Page.loadEventFired")

    def url(self) -> str:
        return str(self.run("location.href"))

    def text(self) -> str:
        return str(self.run("document.body.innerText"))

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self._session = None
            self.call("Browser.close")
        except (CdpError, OSError):
            pass
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
