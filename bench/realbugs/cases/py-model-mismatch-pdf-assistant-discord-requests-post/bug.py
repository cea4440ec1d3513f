"""Reduced from PDF-Assistant-RAG (bots/discord/bot.py): the !ask command is a
discord.py coroutine that calls the RAG backend with requests.post()."""
import os

import discord
import requests
from discord.ext import commands

API_URL = os.getenv("API_URL", "http://localhost:8000")
API_TOKEN = os.getenv("API_TOKEN", "")

intents = discord.Intents.default()
intents.message_content = True
bot = commands.Bot(command_prefix="!", intents=intents)


def _headers():
    headers = {"Content-Type": "application/json"}
    if API_TOKEN:
        headers["Authorization"] = f"Bearer {API_TOKEN}"
    return headers


@bot.event
async def on_ready():
    print(f"Logged in as {bot.user}")


@bot.command(name="ask")
async def ask_rag(ctx, *, question: str):
    payload = {"question": question, "session_id": str(ctx.author.id)}
    headers = _headers()
    async with ctx.typing():
        try:
            response = requests.post(
                f"{API_URL}/chat/ask",
                json=payload,
                headers=headers,
                timeout=30,
            )
            response.raise_for_status()
            answer = response.json().get("answer", "No answer returned.")
        except requests.RequestException as exc:
            answer = f"Backend error: {exc}"
    await ctx.send(answer[:2000])


if __name__ == "__main__":
    bot.run(os.environ["DISCORD_TOKEN"])
