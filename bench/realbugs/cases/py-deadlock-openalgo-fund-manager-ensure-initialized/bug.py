# sandbox/fund_manager.py (reduced)
"""Fund Manager - Handles simulated capital and margin calculations"""

import threading
from datetime import datetime
from decimal import Decimal

import logging

logger = logging.getLogger(__name__)


class SandboxFunds:
    """Stand-in for the SQLAlchemy model in database/sandbox_db.py."""

    _rows = {}

    def __init__(self, user_id, total_capital, available_balance, used_margin):
        self.user_id = user_id
        self.total_capital = total_capital
        self.available_balance = available_balance
        self.used_margin = used_margin
        self.unrealized_pnl = Decimal("0.00")
        self.last_reset_date = datetime.now()

    @classmethod
    def first_for(cls, user_id):
        return cls._rows.get(user_id)


def get_config(key, default):
    return default


class FundManager:
    """Manages sandbox funds for sandbox mode"""

    # Class-level lock for thread safety across all fund operations
    _lock = threading.Lock()

    def __init__(self, user_id):
        self.user_id = user_id
        self.starting_capital = Decimal(get_config("starting_capital", "10000000.00"))

    def initialize_funds(self):
        """Initialize funds for a new user"""
        with self._lock:
            funds = SandboxFunds.first_for(self.user_id)
            if not funds:
                funds = SandboxFunds(
                    user_id=self.user_id,
                    total_capital=self.starting_capital,
                    available_balance=self.starting_capital,
                    used_margin=Decimal("0.00"),
                )
                SandboxFunds._rows[self.user_id] = funds
                logger.info(f"Initialized funds for user {self.user_id}")
                return True, "Funds initialized successfully"
            return True, "Funds already initialized"

    def _ensure_funds_initialized(self):
        """Ensure funds are initialized for the user, creating them if needed."""
        funds = SandboxFunds.first_for(self.user_id)
        if not funds:
            logger.info(f"Auto-initializing funds for user {self.user_id}")
            success, message = self.initialize_funds()
            if not success:
                return None
            funds = SandboxFunds.first_for(self.user_id)
        return funds

    def block_margin(self, amount, description=""):
        """Block margin for a trade"""
        with self._lock:
            funds = self._ensure_funds_initialized()
            if not funds:
                return False, "Funds not initialized"
            amount = Decimal(str(amount))
            if funds.available_balance < amount:
                return False, "Insufficient funds"
            funds.available_balance -= amount
            funds.used_margin += amount
            logger.info(f"Blocked {amount} margin for user {self.user_id}. {description}")
            return True, f"Margin blocked: {amount}"

    def update_unrealized_pnl(self, unrealized_pnl):
        """Update unrealized P&L (called by the MTM updater thread)"""
        with self._lock:
            funds = self._ensure_funds_initialized()
            if not funds:
                return False, "Funds not initialized"
            funds.unrealized_pnl = Decimal(str(unrealized_pnl))
            return True, "Unrealized P&L updated"


def mtm_update_for(user_id):
    # a fresh user with no sandbox_funds row: the first MTM tick hangs forever
    t = threading.Thread(target=FundManager(user_id).update_unrealized_pnl, args=(0,), daemon=True)
    t.start()
    t.join(timeout=1.0)
    return not t.is_alive()


if __name__ == "__main__":
    print("completed:", mtm_update_for("new-user"))
