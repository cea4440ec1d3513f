# Reduced from johannjhang/aioserial.py (aioserial/aioserial.py)
import asyncio
import concurrent.futures

import serial


class AioSerial(serial.Serial):
    def __init__(self, port=None, baudrate=9600, timeout=None,
                 loop=None, cancel_read_timeout=1, cancel_write_timeout=1, **kwargs):
        super().__init__(port=port, baudrate=baudrate, timeout=timeout, **kwargs)
        self.loop = loop or asyncio.get_event_loop()
        self._cancel_read_timeout = cancel_read_timeout
        self._cancel_write_timeout = cancel_write_timeout
        self._cancel_read_executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self._read_executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self._cancel_write_executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self._write_executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self._read_lock = asyncio.Lock()
        self._write_lock = asyncio.Lock()

    async def read_async(self, size=1):
        async with self._read_lock:
            try:
                return await self.loop.run_in_executor(self._read_executor, self.read, size)
            except asyncio.CancelledError:
                await asyncio.wait_for(
                    self.loop.run_in_executor(self._cancel_read_executor, self.cancel_read),
                    self._cancel_read_timeout)
                raise

    async def write_async(self, data):
        async with self._write_lock:
            try:
                return await self.loop.run_in_executor(self._write_executor, self.write, data)
            except asyncio.CancelledError:
                await asyncio.wait_for(
                    self.loop.run_in_executor(self._cancel_write_executor, self.cancel_write),
                    self._cancel_write_timeout)
                raise

    def close(self):
        super().close()
        self._cancel_read_executor.shutdown(wait=True, cancel_futures=True)
        self._read_executor.shutdown(wait=True, cancel_futures=True)
        self._cancel_write_executor.shutdown(wait=True, cancel_futures=True)
        self._write_executor.shutdown(wait=True, cancel_futures=True)


async def session(port):
    aioserial_instance = AioSerial(port=port, baudrate=115200)
    await aioserial_instance.write_async(b"AT\r\n")
    print(await aioserial_instance.read_async(4))
    # close() now also shuts down the four executors.
    aioserial_instance.close()


if __name__ == "__main__":
    asyncio.run(session("/dev/ttyUSB0"))
