"""sjtu_agent feishu bot: multi-conversation sessions per open_id, slash commands, persistence."""
import datetime as _dt
import json
import pathlib
import tempfile
import threading

# ── 多对话会话（每个 open_id 可拥有多个独立对话） ────────────────────────
_sessions: dict[str, dict] = {}
_locks: dict[str, threading.Lock] = {}
_sess_meta_lock = threading.Lock()

# ── 会话持久化 ──────────────────────────────────────────────────────────────
_SESSIONS_FILE = pathlib.Path(tempfile.mkdtemp()) / "feishu_sessions.json"
_SAVE_LOCK = threading.Lock()


def _save_sessions() -> None:
    """将当前会话状态保存到磁盘（只保存可序列化字段）。"""
    try:
        now_ts = _dt.datetime.now().timestamp()
        with _sess_meta_lock:
            data = {}
            for open_id, meta in _sessions.items():
                data[open_id] = {
                    "current_idx": meta["current_idx"],
                    "next_name_id": meta["next_name_id"],
                    "conversations": [{"name": c["name"], "messages": c["messages"][-200:],
                                       "saved_at": now_ts} for c in meta["conversations"]],
                }
        with _SAVE_LOCK:
            _SESSIONS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    except Exception as e:
        print(f"[feishu] 会话保存失败: {e}")


def _new_conv_dict(name: str) -> dict:
    return {"name": name, "messages": [], "created_at": _dt.datetime.now().strftime("%m-%d %H:%M")}


def _ensure_user(open_id: str) -> None:
    with _sess_meta_lock:
        if open_id not in _sessions:
            _sessions[open_id] = {"conversations": [_new_conv_dict("默认")], "current_idx": 0, "next_name_id": 1}
            _locks[open_id] = threading.Lock()


def _handle_commands(open_id: str, text: str) -> str | None:
    """解析并执行对话管理命令。返回命令结果文本（None 表示不是命令）。"""
    if not text.startswith("/"):
        return None
    parts = text.strip().split(maxsplit=2)
    cmd = parts[0].lower() if parts else ""
    _ensure_user(open_id)
    with _sess_meta_lock:
        meta = _sessions[open_id]
        convs = meta["conversations"]
        n = len(convs)
        if cmd == "/list":
            return "\n".join(f"  [{i}] {c['name']}" for i, c in enumerate(convs))
        if cmd == "/new":
            name = parts[1].strip() if len(parts) > 1 else f"对话 {meta['next_name_id']}"
            meta["next_name_id"] += 1
            convs.append(_new_conv_dict(name))
            meta["current_idx"] = len(convs) - 1
            _save_sessions()
            return f"[OK] 已创建并切换到对话「{name}」（序号 {meta['current_idx']}）"
        if cmd == "/switch" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < n:
            meta["current_idx"] = int(parts[1])
            _save_sessions()
            return f"[OK] 已切换到对话「{convs[meta['current_idx']]['name']}」"
        if cmd == "/delete" and len(parts) > 1 and parts[1].isdigit() and 1 < n and int(parts[1]) < n:
            name = convs.pop(int(parts[1]))["name"]
            meta["current_idx"] = min(meta["current_idx"], len(convs) - 1)
            _save_sessions()
            return f"[OK] 已删除对话「{name}」"
        return f"未知命令：{cmd}。输入 /help 查看可用命令。"


def _handle_message(sender_open_id: str, message_id: str, text: str) -> str:
    """Phase 1: 轻量同步工作（event loop 线程）。"""
    cmd_result = _handle_commands(sender_open_id, text)
    if cmd_result is not None:
        return cmd_result
    print(f"[feishu] 收到消息 message_id={message_id} text={text[:60]!r}")
    return "(processing)"


if __name__ == "__main__":
    t = threading.Thread(target=_handle_message, args=("ou_1", "om_1", "/new 作业"), daemon=True)
    t.start()
    t.join(timeout=2)
    print("slash command hung:", t.is_alive())
