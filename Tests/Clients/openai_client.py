"""Drives Parley's OpenAI-compatible gateway as real frontends do: the official `openai` SDK, and raw HTTP
shaped like Open WebUI's requests. Each scenario prints what the client saw as one JSON object on stdout and
exits non-zero when the client saw something else than a frontend expects.

Usage: openai_client.py BASE_URL TOKEN SCENARIO
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse

import openai

MODEL = "deepseek-v4-flash"


def main():
    base, token, scenario = sys.argv[1:4]
    print(json.dumps(SCENARIOS[scenario](base, token)))


def client(base, token, retries=0):
    return openai.OpenAI(base_url=base, api_key=token, max_retries=retries)


def chat(sdk, messages, **options):
    """One chat call; returns the answer's text and the conversation Parley stored it in."""
    raw = sdk.chat.completions.with_raw_response.create(model=MODEL, messages=messages, **options)
    completion = raw.parse()
    return completion, raw.headers.get("x-parley-conversation-id")


def three_turns(base, token):
    sdk = client(base, token)
    history, answers, conversations = [], [], []
    for question in ["One?", "Two?", "Three?"]:
        history.append({"role": "user", "content": question})
        completion, conversation = chat(sdk, history)
        text = completion.choices[0].message.content
        history.append({"role": "assistant", "content": text})
        answers.append(text)
        conversations.append(conversation)
    return {"answers": answers, "conversations": conversations, "usage": completion.usage.total_tokens}


def streamed(base, token):
    sdk = client(base, token)
    raw = sdk.chat.completions.with_raw_response.create(
        model=MODEL, messages=[{"role": "user", "content": "Stream?"}], stream=True,
        stream_options={"include_usage": True})
    text, reasoning, usage, finish = "", "", None, None
    for chunk in raw.parse():
        if chunk.usage is not None:
            usage = chunk.usage.total_tokens
        for choice in chunk.choices:
            text += choice.delta.content or ""
            reasoning += getattr(choice.delta, "reasoning_content", None) or ""
            finish = choice.finish_reason or finish
    return {"text": text, "reasoning": reasoning, "usage": usage, "finish": finish,
            "conversation": raw.headers.get("x-parley-conversation-id")}


def streamed_without_usage(base, token):
    sdk = client(base, token)
    chunks = list(sdk.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "No usage?"}], stream=True))
    return {"text": "".join(c.delta.content or "" for chunk in chunks for c in chunk.choices),
            "usage_chunks": sum(1 for chunk in chunks if chunk.usage is not None)}


def regenerate(base, token):
    sdk = client(base, token)
    messages = [{"role": "user", "content": "Pick a number."}]
    first, conversation = chat(sdk, messages)
    second, again = chat(sdk, messages)
    return {"answers": [first.choices[0].message.content, second.choices[0].message.content],
            "conversations": [conversation, again]}


def edit(base, token):
    sdk = client(base, token)
    history = [{"role": "user", "content": "Hello."}]
    first, conversation = chat(sdk, history)
    history.append({"role": "assistant", "content": first.choices[0].message.content})
    chat(sdk, history + [{"role": "user", "content": "Tell me about cats."}])
    edited, again = chat(sdk, history + [{"role": "user", "content": "Tell me about dogs."}])
    return {"answer": edited.choices[0].message.content, "conversations": [conversation, again]}


def retried(base, token):
    completion, conversation = chat(client(base, token, retries=2), [{"role": "user", "content": "Busy?"}])
    return {"answer": completion.choices[0].message.content, "conversation": conversation}


def fim(base, token):
    completion = client(base, token).completions.create(model=MODEL, prompt="def add(a, b):\n    return ",
                                                        suffix="\n", max_tokens=16)
    return {"text": completion.choices[0].text, "usage": completion.usage.total_tokens}


def unauthorized(base, token):
    try:
        client(base, "pk-parley-" + "x" * 43).models.list()
    except openai.AuthenticationError as error:
        return {"status": error.status_code, "message": error.message}
    sys.exit("a wrong token was accepted")


def models(base, token):
    return {"models": [model.id for model in client(base, token).models.list()]}


def upstream_402(base, token):
    try:
        chat(client(base, token), [{"role": "user", "content": "Paid?"}])
    except openai.APIStatusError as error:
        return {"status": error.status_code, "message": error.message, "body": error.body}
    sys.exit("the upstream 402 did not reach the client")


def invalid(base, token):
    try:
        chat(client(base, token), [{"role": "wizard", "content": "Hi"}])
    except openai.BadRequestError as error:
        return {"status": error.status_code, "body": error.body}
    sys.exit("a message with an unknown role was accepted")


WEATHER = [{"type": "function", "function": {
    "name": "weather", "description": "The weather in a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]


def tool_turn(base, token):
    """A tool call and its result sent back as most frontends do: without the turn's reasoning_content."""
    sdk = client(base, token)
    question = {"role": "user", "content": "Weather in Paris?"}
    first = sdk.chat.completions.create(model=MODEL, messages=[question], tools=WEATHER)
    call = first.choices[0].message.tool_calls[0]
    history = [question,
               {"role": "assistant", "content": first.choices[0].message.content or "",
                "tool_calls": [{"id": call.id, "type": "function",
                                "function": {"name": call.function.name, "arguments": call.function.arguments}}]},
               {"role": "tool", "tool_call_id": call.id, "content": "22 °C"}]
    second = sdk.chat.completions.create(model=MODEL, messages=history, tools=WEATHER)
    return {"call": call.function.arguments, "answer": second.choices[0].message.content,
            "finish": first.choices[0].finish_reason}


def post(base, path, headers, body):
    """A raw POST, as frontends that do not use an SDK send it; returns the open response to read from."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.request("POST", url.path + path, body=json.dumps(body),
                       headers={**headers, "Content-Type": "application/json"})
    return connection, connection.getresponse()


def events(response):
    """The data of each server-sent event, as it arrives."""
    for raw in response:
        line = raw.decode().rstrip("\r\n")
        if line.startswith("data: "):
            yield line[6:]


def dropped(base, token):
    """Reads the first streamed chunk, then goes away as a closed browser tab does."""
    connection, response = post(base, "/chat/completions", {"Authorization": "Bearer " + token},
                                {"model": MODEL, "stream": True,
                                 "messages": [{"role": "user", "content": "Write a long story."}]})
    conversation = response.getheader("x-parley-conversation-id")
    for data in events(response):
        connection.sock.shutdown(2)
        connection.close()
        return {"first": json.loads(data), "conversation": conversation}
    sys.exit("no chunk arrived")


def dropped_plain(base, token):
    """Asks for a whole (not streamed) answer, then goes away before it comes."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.request("POST", url.path + "/chat/completions",
                       body=json.dumps({"model": MODEL, "stream": False,
                                        "messages": [{"role": "user", "content": "Write a long essay."}]}),
                       headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    time.sleep(0.5)
    connection.sock.shutdown(2)
    connection.close()
    return {"closed": True}


def prefixed(base, token):
    """Asks the model to continue a trailing assistant message (DeepSeek's prefix completion)."""
    completion, conversation = chat(client(base, token), [
        {"role": "user", "content": "Write a haiku about rain."},
        {"role": "assistant", "content": "Soft rain on", "prefix": True}])
    return {"text": completion.choices[0].message.content, "conversation": conversation}


def open_webui_follow_up(base, token):
    """The next turn of the same Open WebUI chat: the whole history again, with the new message's ids."""
    headers = {"Authorization": "Bearer " + token, "X-OpenWebUI-Chat-Id": "owui-chat-1",
               "X-OpenWebUI-User-Message-Id": "owui-user-2", "X-OpenWebUI-User-Message-Parent-Id": "owui-answer-1",
               "X-OpenWebUI-Message-Id": "owui-answer-2"}
    messages = [{"role": "user", "content": "What is the capital of France?"},
                {"role": "assistant", "content": "Paris is the capital of France."},
                {"role": "user", "content": "How many people live there?"}]
    connection, response = post(base, "/chat/completions", headers,
                                {"model": MODEL, "stream": False, "messages": messages})
    body = json.loads(response.read())
    connection.close()
    return {"text": body["choices"][0]["message"]["content"],
            "conversation": response.getheader("x-parley-conversation-id")}


def open_webui(base, token):
    """A streamed answer with Open WebUI's headers, and its title task sent while the answer streams."""
    chat_id, user_id, answer_id = "owui-chat-1", "owui-user-1", "owui-answer-1"
    headers = {"Authorization": "Bearer " + token, "X-OpenWebUI-Chat-Id": chat_id,
               "X-OpenWebUI-User-Message-Id": user_id, "X-OpenWebUI-Message-Id": answer_id,
               "X-OpenWebUI-User-Name": "Ada"}
    question = "What is the capital of France?"
    title = {}

    def ask_title():
        task_headers = {"Authorization": "Bearer " + token, "X-OpenWebUI-Chat-Id": chat_id,
                        "X-OpenWebUI-Task": "title_generation"}
        prompt = ("### Task:\nGenerate a concise, 3-5 word title with an emoji summarizing the chat history.\n"
                  "### Output:\nJSON format: { \"title\": \"your concise title here\" }\n### Chat History:\n"
                  "<chat_history>\nUSER: " + question + "\n</chat_history>")
        connection, reply = post(base, "/chat/completions", task_headers,
                                 {"model": MODEL, "stream": False, "messages": [{"role": "user", "content": prompt}]})
        title["status"] = reply.status
        title["answer"] = json.loads(reply.read())["choices"][0]["message"]["content"]
        connection.close()

    text, asker = "", None
    connection, response = post(base, "/chat/completions", headers,
                                {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": question}]})
    conversation = response.getheader("x-parley-conversation-id")
    for data in events(response):
        if data == "[DONE]":
            break
        for choice in json.loads(data).get("choices", []):
            text += choice.get("delta", {}).get("content") or ""
        if asker is None:
            asker = threading.Thread(target=ask_title)
            asker.start()
    connection.close()
    asker.join()
    return {"text": text, "conversation": conversation, "title": title}


SCENARIOS = {
    "three-turns": three_turns, "streamed": streamed, "streamed-without-usage": streamed_without_usage,
    "regenerate": regenerate, "edit": edit, "retried": retried, "fim": fim, "unauthorized": unauthorized,
    "models": models, "upstream-402": upstream_402, "invalid": invalid, "dropped": dropped,
    "open-webui": open_webui, "open-webui-follow-up": open_webui_follow_up, "tool-turn": tool_turn,
    "dropped-plain": dropped_plain, "prefixed": prefixed,
}

if __name__ == "__main__":
    main()
