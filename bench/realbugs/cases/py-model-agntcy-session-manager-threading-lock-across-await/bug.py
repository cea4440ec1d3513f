"""agntcy_app_sdk/transports/slim/session_manager.py (agntcy/app-sdk), reduced.
The slim_bindings client is replaced by a small async stand-in."""
import asyncio
import datetime
import logging
from threading import Lock
from typing import Dict

logger = logging.getLogger(__name__)


class FireAndForget:
    def __init__(self, max_retries, timeout, sticky, mls_enabled):
        self.max_retries, self.timeout = max_retries, timeout
        self.sticky, self.mls_enabled = sticky, mls_enabled


class Streaming:
    def __init__(self, direction, topic, moderator, max_retries, timeout, mls_enabled):
        self.direction, self.topic, self.moderator = direction, topic, moderator
        self.max_retries, self.timeout, self.mls_enabled = max_retries, timeout, mls_enabled


class Slim:
    """Async client of the SLIM data plane (network round-trips)."""

    async def create_session(self, config):
        await asyncio.sleep(0.05)
        return {"id": id(config), "config": config}

    async def set_route(self, name):
        await asyncio.sleep(0.01)

    async def invite(self, session_info, name):
        await asyncio.sleep(0.01)


class SessionManager:
    def __init__(self):
        self._sessions: Dict[str, dict] = {}
        self._slim = None
        self._lock = Lock()

    def set_slim(self, slim: Slim):
        self._slim = slim

    async def request_reply_session(
        self,
        max_retries: int = 5,
        timeout: datetime.timedelta = datetime.timedelta(seconds=5),
        mls_enabled: bool = True,
    ):
        if not self._slim:
            raise ValueError("SLIM client is not set")

        session_key = "RequestReply"

        with self._lock:
            if session_key in self._sessions:
                logger.info(f"Reusing existing session: {session_key}")
                return session_key, self._sessions[session_key]

        with self._lock:
            session = await self._slim.create_session(
                FireAndForget(
                    max_retries=max_retries,
                    timeout=timeout,
                    sticky=True,
                    mls_enabled=mls_enabled,
                )
            )
            self._sessions[session_key] = session
            return session_key, session

    async def group_broadcast_session(
        self,
        channel: str,
        invitees: list[str],
        max_retries: int = 20,
        timeout: datetime.timedelta = datetime.timedelta(seconds=30),
        mls_enabled: bool = True,
    ):
        if not self._slim:
            raise ValueError("SLIM client is not set")

        session_key = f"GroupChannel:{channel}:" + ",".join(invitees)
        with self._lock:
            if session_key in self._sessions:
                logger.info(f"Reusing existing group broadcast session: {session_key}")
                return session_key, self._sessions[session_key]

        logger.info(f"Creating new group broadcast session: {session_key}")
        with self._lock:
            session_info = await self._slim.create_session(
                Streaming("BIDIRECTIONAL", topic=channel, moderator=True,
                          max_retries=max_retries, timeout=timeout,
                          mls_enabled=mls_enabled)
            )

            for invitee in invitees:
                await self._slim.set_route(invitee)
                await self._slim.invite(session_info, invitee)

            self._sessions[session_key] = session_info
            return session_key, session_info


async def handle_requests(manager: SessionManager):
    """Two A2A requests arrive at once on the same event loop."""
    return await asyncio.gather(
        manager.request_reply_session(),
        manager.group_broadcast_session("agents/broadcast", ["agent-a", "agent-b"]),
    )
