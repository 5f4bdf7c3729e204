-- A generation cut off after the model had begun a tool call, before any text, leaves a draft that holds the
-- tool-call fragments that arrived: the API's `tool_calls` array as JSON text, arguments as far as they came.
ALTER TABLE draft ADD COLUMN tool_calls TEXT;
