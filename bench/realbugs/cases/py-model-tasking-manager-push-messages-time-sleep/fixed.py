# backend/services/messaging/message_service.py (reduced)
import asyncio

from enum import Enum


class MessageType(Enum):
    MENTION_NOTIFICATION = 3
    BROADCAST = 5
    PROJECT_ACTIVITY_NOTIFICATION = 9


class SMTPService:
    @staticmethod
    async def send_email_alert(to_address, username, message_id, subject, content, db):
        await asyncio.sleep(0.01)  # aiosmtplib round-trip
        return True


class Message:
    async def save(self, db):
        await db.execute("INSERT INTO messages ...", {"subject": self.subject})


class MessageService:
    @staticmethod
    async def send_message_to_all_contributors(project_id: int, message_dto, db):
        contributors = await db.fetch_all("SELECT user_id FROM task_history WHERE project_id = :p", {"p": project_id})
        messages = []
        for contributor in contributors:
            message = Message()
            message.message_type = MessageType.BROADCAST.value
            message.project_id = project_id
            message.subject = message_dto["subject"]
            message.message = message_dto["message"]
            messages.append(dict(message=message, user=contributor, project_name=message_dto["project"]))
        await MessageService._push_messages(messages, db)

    @staticmethod
    async def _push_messages(messages, db):
        if len(messages) == 0:
            return

        messages_objs = []
        for i, message in enumerate(messages):
            user = message.get("user")
            obj = message.get("message")
            if (
                user["projects_notifications"] is False
                and obj.message_type == MessageType.BROADCAST.value
            ):
                continue
            messages_objs.append(obj)
            await SMTPService.send_email_alert(
                user["email_address"],
                user["username"],
                getattr(obj, "id", None),
                obj.subject,
                obj.message,
                db,
            )

            if (i + 1) % 10 == 0:
                await asyncio.sleep(0.5)

        # Flush messages to the database.
        for obj in messages_objs:
            await obj.save(db)


async def message_all_contributors_endpoint(project_id, message_dto, db, background_tasks):
    # FastAPI handler: BackgroundTasks runs the coroutine on the same event loop
    background_tasks.add_task(
        MessageService.send_message_to_all_contributors, project_id, message_dto, db
    )
    return {"Success": "Messages started"}
