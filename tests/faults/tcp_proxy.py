"""A TCP proxy the fault tests control: forward 127.0.0.1:port to the database, or cut it off.

``cut()`` closes the listening socket (new connections are refused) and resets every live
connection on both sides (the app's pooled connections fail at once; the database ends the
backends, rolling back what they held). ``restore()`` listens on the same port again. The
machine's shared PostgreSQL itself is never touched.
"""

import asyncio
import contextlib
import socket
import struct
import threading

#: SO_LINGER on, 0 seconds: close() sends a reset instead of a graceful FIN.
RESET_ON_CLOSE = struct.pack("ii", 1, 0)
CHUNK = 64 * 1024


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reset(writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError):
        writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                                   RESET_ON_CLOSE)
    writer.transport.abort()


class TcpProxy:
    """Forward connections from 127.0.0.1:``port`` to ``upstream``, in a background thread."""

    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self.accepted = 0
        self.refused_upstream = 0
        self._links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        #: Accepted client sides, linked or still connecting upstream; a cut resets them all.
        self._clients: set[asyncio.StreamWriter] = set()
        #: Counts cuts, so a connection accepted before a cut cannot start forwarding after it.
        self._cuts = 0
        self._server: asyncio.base_events.Server | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="tcp-proxy")

    # --- control, from the test's thread ---

    def start(self) -> "TcpProxy":
        self._thread.start()
        self.restore()
        return self

    def cut(self) -> None:
        """Refuse new connections and reset every live one."""
        self._call(self._cut())

    def restore(self) -> None:
        """Listen again on the same port."""
        self._call(self._listen())

    @property
    def listening(self) -> bool:
        return self._server is not None

    def close(self) -> None:
        """Cut everything and stop the proxy's thread."""
        if self._thread.is_alive():
            self._call(self._cut())
            self._call(self._finish_tasks())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    # --- the proxy, on its own event loop ---

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(
                self._accept, "127.0.0.1", self.port, reuse_address=True
            )

    async def _cut(self) -> None:
        self._cuts += 1
        if self._server is not None:
            self._server.close()
            self._server = None
        for client in list(self._clients):
            _reset(client)
        for client, upstream in list(self._links):
            _reset(client)
            _reset(upstream)
        self._links.clear()

    @staticmethod
    async def _finish_tasks() -> None:
        """Cancel the connections still being served, so each closes its sockets."""
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        cuts = self._cuts
        self._clients.add(writer)
        try:
            await self._forward(reader, writer, cuts)
        finally:
            self._clients.discard(writer)
            writer.transport.abort()

    async def _forward(self, reader, writer, cuts: int) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            self.refused_upstream += 1
            _reset(writer)
            return
        if cuts != self._cuts:  # cut while this connection was reaching the database
            _reset(writer)
            up_writer.transport.abort()
            return
        link = (writer, up_writer)
        self._links.add(link)
        try:
            await asyncio.gather(self._pump(reader, up_writer), self._pump(up_reader, writer))
        finally:
            self._links.discard(link)
            for side in link:
                side.transport.abort()

    @staticmethod
    async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(CHUNK):
                writer.write(data)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()
        except (OSError, RuntimeError):
            writer.transport.abort()
