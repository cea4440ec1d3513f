import asyncio

import requests

defaultApplications = {
    'youtube': '755600276941176913',
    'poker': '755827207812677713',
    'betrayal': '773336526917861400',
    'fishing': '814288819477020702',
    'chess': '832012586023256104'
}


class DiscordTogether():
    def __init__(self, client):
        if client:
            try:
                self.token = client.http.token
            except AttributeError:
                raise AttributeError("The client variable inputted has no \"token\" attribute.")
        else:
            raise ValueError("Valid bot token parameter is needed.")

    def create_link(self, voiceChannelID, option):
        if option and option.lower() in defaultApplications.keys():
            r = requests.post(f"https://discord.com/api/v8/channels/{voiceChannelID}/invites",
                              json={
                                  'max_age': 86400,
                                  'max_uses': 0,
                                  'target_application_id': defaultApplications[option],
                                  'target_type': 2,
                                  'temporary': False,
                                  'validate': None
                              },
                              headers={
                                  'Authorization': f'Bot {self.token}',
                                  'Content-Type': 'application/json'
                              })
            result = r.json()
            if "errors" in result or ("code" not in result.keys()):
                raise ConnectionError("An error occured while retrieving data from Discord API.")
            else:
                return f"https://discord.com/invite/{result['code']}"
        else:
            raise ValueError("Invalid activity option chosen.")


# --- the bot, as in the README (discord.ext.commands.Bot reduced to what the example uses) ---

class HTTPClient:
    token = "bot-token"


class Bot:
    def __init__(self, command_prefix):
        self.command_prefix = command_prefix
        self.http = HTTPClient()
        self.commands = {}

    def command(self):
        def decorator(coro):
            self.commands[coro.__name__] = coro
            return coro
        return decorator


client = Bot(command_prefix='!')
togetherControl = DiscordTogether(client)


@client.command()
async def startYT(ctx):
    link = togetherControl.create_link(ctx.author.voice.channel.id, 'youtube')
    await ctx.send(f"Click the blue link!\n{link}")


if __name__ == "__main__":
    # Running the bot needs a Discord token; the command runs on discord.py's event loop,
    # where create_link() blocks every other handler and the gateway heartbeat.
    print(sorted(client.commands), asyncio.iscoroutinefunction(startYT))
