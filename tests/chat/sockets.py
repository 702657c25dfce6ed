"""A WebSocket test client that speaks the chat protocol (used by the chat tests and their fixtures)."""

from __future__ import annotations

import json

from channels.testing import WebsocketCommunicator


class ChatSocket:
    """A connected test client: sends frames, reads frames, skipping participant counts."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator

    async def send(self, frame) -> None:
        await self.communicator.send_to(text_data=frame if isinstance(frame, str) else json.dumps(frame))

    async def receive(self, timeout: float = 15) -> dict:
        while True:
            frame = json.loads(await self.communicator.receive_from(timeout))
            if frame["type"] != "participants":
                return frame

    async def receive_until(self, frame_type: str, timeout: float = 15) -> list[dict]:
        frames = []
        while True:
            frame = await self.receive(timeout)
            frames.append(frame)
            if frame["type"] == frame_type:
                return frames

    async def wait_for(self, frame_type: str, kind: str | None = None, timeout: float = 15) -> dict:
        """The next frame of this type (and event kind), passing over others."""
        while True:
            frame = await self.receive(timeout)
            if frame["type"] == frame_type and (kind is None or frame.get("kind") == kind):
                return frame

    async def nothing_more(self) -> bool:
        try:
            while True:
                frame = json.loads(await self.communicator.receive_from(0.3))
                if frame["type"] != "participants":
                    return False
        except Exception:
            return True

    async def close(self) -> None:
        await self.communicator.disconnect()
