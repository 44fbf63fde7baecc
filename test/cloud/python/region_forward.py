"""Relay loopback TCP ports to other loopback ports: RegionTwo's endpoints.

    region_forward.py TARGET:LISTEN ...   e.g. 9292:19292 (glance's RegionTwo port)

RegionTwo's catalog entries name their own ports, so a client that picks the wrong
region's endpoint is caught, while the services behind them stay the same. A plain
byte relay: the services build their links from the Host header they are sent.
"""
import asyncio
import signal
import sys

HOST = '127.0.0.1'


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            if writer.can_write_eof():
                writer.write_eof()
        except (OSError, RuntimeError):
            writer.close()


def relay_to(target_port):
    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(HOST, target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer),
                             pipe(server_reader, client_writer))
        for w in (client_writer, server_writer):
            w.close()
    return handle


async def main(pairs):
    servers = []
    for pair in pairs:
        target, listen = (int(p) for p in pair.split(':'))
        servers.append(await asyncio.start_server(relay_to(target), HOST, listen))
        print(f'relaying {HOST}:{listen} -> {HOST}:{target}', flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for s in servers:
        s.close()


if __name__ == '__main__':
    asyncio.run(main(sys.argv[1:]))
