"""GET /: the chat page. Server-rendered once (the desk's number is in the HTML itself, so it is
there even when the server later cannot be reached); the conversation runs in chat.js over /api/chat."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from bot.channels.pages import render
from handlers.messages import MAX_TEXT
from handlers.smalltalk import CAPABILITIES, INTRO, MENU
from knowledge.models import get_facts

router = APIRouter()
OFFLINE = "サーバーに接続できませんでした。通信環境をご確認のうえ、もう一度送信してください（入力した文章は残してあります）。"
SERVER_ERROR = "サーバーでエラーが起きたため、お答えできませんでした。少し時間をおいて、もう一度送信してください（入力した文章は残してあります）。"


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def chat_page() -> HTMLResponse:
    facts = get_facts()
    desk = facts.contact("sompo_desk")
    page_data = {
        "welcome": [INTRO, CAPABILITIES, "下のボタンから選ぶか、そのまま文章でご質問ください。"],
        "menu": [q.model_dump() for q in MENU],
        "desk": {"name": desk.name, "phone": desk.phone, "hours": desk.hours_text},
        "offline": OFFLINE,
        "server_error": SERVER_ERROR,
    }
    return render(
        "chat.html", desk=desk, title=facts.pamphlet.title, policyholder=facts.pamphlet.policyholder,
        max_text=MAX_TEXT, page_data=page_data,
    )
