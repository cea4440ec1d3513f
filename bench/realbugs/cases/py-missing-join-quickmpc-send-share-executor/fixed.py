import logging
import random
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Dict, List, Tuple

logger = logging.getLogger(__name__)


class QMPCServerError(Exception):
    pass


@dataclass
class SendSharesRequest:
    data_id: str
    shares: List[int]
    piece_id: int


@dataclass
class SendSharesResponse:
    is_ok: bool


class LibcToManageStub:
    """Stands in for the gRPC stub of one MPC party."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    def SendShares(self, req: SendSharesRequest) -> SendSharesResponse:
        time.sleep(random.random())  # network round trip
        if self.endpoint.endswith(":9002"):
            raise QMPCServerError(f"{self.endpoint} is unavailable")
        return SendSharesResponse(is_ok=True)


class Share:
    @staticmethod
    def sharize(secrets: List[int], party_size: int) -> List[List[int]]:
        rnd = [[random.randint(-1000, 1000) for _ in secrets] for _ in range(party_size - 1)]
        last = [s - sum(col) for s, col in zip(secrets, zip(*rnd))]
        return rnd + [last]


class QMPCRequest:
    def __init__(self, endpoints: List[str]) -> None:
        self.__client_stubs = [LibcToManageStub(ep) for ep in endpoints]
        self.__party_size = len(endpoints)

    @staticmethod
    def __futures_result(futures: List[Future]) -> Tuple[bool, List[SendSharesResponse]]:
        try:
            response = [f.result() for f in futures]
        except QMPCServerError as e:
            logger.error(e)
            raise
        is_ok = all(res.is_ok for res in response)
        return is_ok, response

    @staticmethod
    def __send_share_impl(stub: LibcToManageStub, req: SendSharesRequest) -> SendSharesResponse:
        return stub.SendShares(req)

    def send_share(self, secrets: List[int]) -> Dict:
        shares = Share.sharize(secrets, self.__party_size)
        data_id = uuid.uuid4().hex
        # 各パーティにシェアを送信
        with ThreadPoolExecutor() as executor:
            futures = [
                executor.submit(
                    QMPCRequest.__send_share_impl, stub, SendSharesRequest(data_id, share, piece_id=0)
                )
                for stub, share in zip(self.__client_stubs, shares)
            ]
            is_ok, _ = QMPCRequest.__futures_result(futures)
        return {"is_ok": is_ok, "data_id": data_id}


if __name__ == "__main__":
    qmpc = QMPCRequest(["http://localhost:9001", "http://localhost:9002", "http://localhost:9003"])
    try:
        qmpc.send_share([1, 2, 3])
    except QMPCServerError as e:
        print("finish:", e)  # the other parties' uploads are still running here
