import ParleyCore

/// The shared schemas `rpc.discover` lists under `components.schemas`.
enum SchemaComponents {
    static let all: [String: JSONValue] = [
        "GenerationSettings": Schema.object([
            "temperature": ["type": "number", "minimum": 0, "maximum": 2],
            "top_p": ["type": "number", "minimum": 0, "maximum": 1],
            "max_tokens": ["type": "integer", "minimum": 1],
            "frequency_penalty": ["type": "number", "minimum": -2, "maximum": 2],
            "presence_penalty": ["type": "number", "minimum": -2, "maximum": 2],
            "stop": ["oneOf": [Schema.string, Schema.array(of: Schema.string)]],
            "response_format": Schema.object(["type": Schema.choice(["text", "json_object"])]),
            "tools": Schema.array(of: ["type": "object"]),
            "tool_choice": ["oneOf": [Schema.choice(["none", "auto", "required"]), ["type": "object"]]],
            "thinking": Schema.object(["type": Schema.choice(["enabled", "disabled"])]),
        ]),
        "Conversation": Schema.object(
            [
                "id": Schema.id, "title": Schema.string, "model": Schema.string,
                "settings": Schema.ref("GenerationSettings"), "tags": Schema.array(of: Schema.string),
                "pinned": Schema.boolean, "archived": Schema.boolean, "deleted": Schema.boolean,
                "source": Schema.nullable("string"),
                "source_id": Schema.nullable("string"),
                "head_message_id": Schema.nullableID, "created_at": Schema.time, "updated_at": Schema.time,
            ],
            required: [
                "id", "title", "model", "settings", "tags", "pinned", "archived", "head_message_id", "created_at",
                "updated_at",
            ]),
        "Message": Schema.object(
            [
                "id": Schema.id, "conversation_id": Schema.id, "parent_id": Schema.nullableID,
                "role": Schema.choice(MessageRole.allCases.map(\.rawValue)), "content": Schema.content,
                "reasoning_content": Schema.nullable("string"), "tool_calls": ["type": ["array", "null"]],
                "tool_call_id": Schema.nullable("string"), "name": Schema.nullable("string"),
                "model": Schema.nullable("string"), "finish_reason": Schema.nullable("string"),
                "source": Schema.nullable("string"),
                "source_id": Schema.nullable("string"),
                "status": Schema.choice(MessageStatus.allCases.map(\.rawValue)), "deleted": Schema.boolean,
                "created_at": Schema.time,
            ],
            required: [
                "id", "conversation_id", "parent_id", "role", "content", "reasoning_content", "tool_calls",
                "tool_call_id", "name", "model", "finish_reason", "status", "created_at",
            ]),
        "Draft": Schema.object(
            [
                "id": Schema.id, "conversation_id": Schema.id, "parent_id": Schema.nullableID,
                "kind": Schema.choice(DraftKind.allCases.map(\.rawValue)), "content": Schema.string,
                "reasoning_content": Schema.nullable("string"), "tool_calls": ["type": ["array", "null"]],
                "revision": ["type": "integer", "minimum": 1], "interrupted": Schema.boolean,
                "conflict_of": Schema.nullableID, "created_at": Schema.time,
                "updated_at": Schema.time,
            ],
            required: [
                "id", "conversation_id", "parent_id", "kind", "content", "reasoning_content", "revision",
                "updated_at",
            ]),
        "UsageRecord": Schema.object(
            [
                "id": Schema.id, "conversation_id": Schema.nullableID, "message_id": Schema.nullableID,
                "model": Schema.string, "prompt_tokens": ["type": "integer"], "completion_tokens": ["type": "integer"],
                "total_tokens": ["type": "integer"], "prompt_cache_hit_tokens": Schema.nullable("integer"),
                "prompt_cache_miss_tokens": Schema.nullable("integer"), "reasoning_tokens": Schema.nullable("integer"),
                "cost": ["type": ["string", "null"]], "discount": ["type": ["string", "null"]],
                "price_table": Schema.nullable("string"), "latency_ms": Schema.nullable("integer"),
                "request_id": Schema.nullable("string"), "created_at": Schema.time,
            ],
            required: ["id", "model", "prompt_tokens", "completion_tokens", "total_tokens", "created_at"]),
        "SearchHit": Schema.object(
            [
                "message_id": Schema.id, "conversation_id": Schema.id, "conversation_title": Schema.string,
                "role": Schema.string, "model": Schema.nullable("string"), "source": Schema.nullable("string"),
                "branch": ["oneOf": [Schema.ref("HitBranch"), ["type": "null"]]], "snippet": Schema.string,
                "rank": ["type": "number"], "created_at": Schema.time,
            ],
            required: [
                "message_id", "conversation_id", "conversation_title", "role", "model", "source", "branch",
                "snippet", "rank", "created_at",
            ]),
        "HitBranch": Schema.object(
            [
                "fork_message_id": Schema.nullableID, "index": ["type": "integer", "minimum": 1],
                "count": ["type": "integer", "minimum": 1],
            ],
            required: ["fork_message_id", "index", "count"]),
        "ConversationHit": Schema.object(
            [
                "conversation_id": Schema.id, "title": Schema.string, "highlighted": Schema.string,
                "rank": ["type": "number"], "archived": Schema.boolean, "updated_at": Schema.time,
            ],
            required: ["conversation_id", "title", "highlighted", "rank", "archived", "updated_at"]),
        "UsageSummaryRow": Schema.object(
            [
                "key": Schema.string, "calls": ["type": "integer"], "prompt_tokens": ["type": "integer"],
                "completion_tokens": ["type": "integer"], "total_tokens": ["type": "integer"],
                "prompt_cache_hit_tokens": ["type": "integer"], "prompt_cache_miss_tokens": ["type": "integer"],
                "reasoning_tokens": ["type": "integer"], "cost": Schema.decimal, "discount": Schema.decimal,
            ],
            required: [
                "key", "calls", "prompt_tokens", "completion_tokens", "prompt_cache_hit_tokens",
                "prompt_cache_miss_tokens", "reasoning_tokens", "cost",
            ]),
        "Event": Schema.object(
            [
                "subscription": Schema.string,
                "type": Schema.choice(StoreEvent.types + ["subscription.dropped"]),
                "conversation_id": Schema.nullableID, "conversation": Schema.ref("Conversation"),
                "message": Schema.ref("Message"), "draft": Schema.ref("Draft"), "usage": Schema.ref("UsageRecord"),
                "reason": Schema.string,
            ],
            required: ["subscription", "type"]),
    ]
}
