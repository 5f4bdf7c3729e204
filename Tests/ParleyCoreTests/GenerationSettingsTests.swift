import Testing

@testable import ParleyCore

@Suite struct GenerationSettingsTests {
    private func violation(_ settings: GenerationSettings) -> (field: String, value: String)? {
        do {
            try settings.validate()
            return nil
        } catch {
            guard case let .invalidValue(field, value, _) = error else { return ("unexpected", "\(error)") }
            return (field, value)
        }
    }

    /// The store writes and reads default settings as "{}" without the JSON coder; this is what the coder says.
    @Test func defaultSettingsEncodeAsAnEmptyObject() throws {
        #expect(try JSONCoding.encode(GenerationSettings()) == "{}")
        #expect(
            try JSONCoding.decodeStored(GenerationSettings.self, from: "{}", column: "settings") == GenerationSettings()
        )
    }

    @Test func theAPIDefaultsAreValid() throws {
        try GenerationSettings().validate()
        #expect(GenerationSettings().effectiveThinking == .enabled)
    }

    @Test(arguments: [
        (0.0, true), (2.0, true), (1.3, true), (-0.1, false), (2.5, false), (Double.nan, false),
        (Double.infinity, false),
    ])
    func temperatureRange(value: Double, valid: Bool) {
        let result = violation(GenerationSettings(temperature: value))
        #expect((result == nil) == valid)
        if !valid { #expect(result?.field == "settings.temperature") }
    }

    @Test(arguments: [(0.0, true), (1.0, true), (1.01, false), (-0.5, false)])
    func topPRange(value: Double, valid: Bool) {
        #expect((violation(GenerationSettings(topP: value)) == nil) == valid)
    }

    @Test(arguments: [(-2.0, true), (2.0, true), (-2.01, false), (3.0, false)])
    func penaltyRanges(value: Double, valid: Bool) {
        #expect((violation(GenerationSettings(frequencyPenalty: value)) == nil) == valid)
        let presence = violation(GenerationSettings(presencePenalty: value))
        #expect((presence == nil) == valid)
        if !valid { #expect(presence?.field == "settings.presence_penalty") }
    }

    @Test(arguments: [(1, true), (384_000, true), (0, false), (384_001, false), (-5, false)])
    func maxTokensRange(value: Int, valid: Bool) {
        let result = violation(GenerationSettings(maxTokens: value))
        #expect((result == nil) == valid)
        if !valid { #expect(result?.value == "\(value)") }
    }

    @Test func stopIsAStringOrAtMostSixteenStrings() {
        #expect(violation(GenerationSettings(stop: .single("END"))) == nil)
        #expect(violation(GenerationSettings(stop: .multiple((0..<16).map { "s\($0)" }))) == nil)
        #expect(violation(GenerationSettings(stop: .multiple((0..<17).map { "s\($0)" })))?.field == "settings.stop")
    }

    @Test func responseFormatTypes() {
        #expect(violation(GenerationSettings(responseFormat: ResponseFormat(type: .jsonObject))) == nil)
        #expect(violation(GenerationSettings(responseFormat: ResponseFormat(type: .text))) == nil)
        let bad = violation(GenerationSettings(responseFormat: ResponseFormat(rawType: "xml")))
        #expect(bad?.field == "settings.response_format.type")
        #expect(bad?.value == "xml")
    }

    @Test func toolNamesFollowTheAPIRule() {
        func tools(_ names: [String]) -> GenerationSettings {
            GenerationSettings(tools: names.map { ToolDefinition(function: .init(name: $0)) })
        }
        #expect(violation(tools(["get_weather", "A-1", String(repeating: "x", count: 64)])) == nil)
        #expect(violation(tools(["has space"]))?.field == "settings.tools[0].function.name")
        #expect(
            violation(tools(["ok", String(repeating: "x", count: 65)]))?.field == "settings.tools[1].function.name")
        #expect(violation(tools([""]))?.field == "settings.tools[0].function.name")
        #expect(violation(tools(["dup", "dup"]))?.field == "settings.tools[1].function.name")
        #expect(violation(tools((0..<128).map { "f\($0)" })) == nil)
        #expect(violation(tools((0..<129).map { "f\($0)" }))?.field == "settings.tools")
        let wrongType = GenerationSettings(tools: [ToolDefinition(type: "retrieval", function: .init(name: "x"))])
        #expect(violation(wrongType)?.field == "settings.tools[0].type")
    }

    @Test func toolChoiceModes() {
        let tool = [ToolDefinition(function: .init(name: "lookup"))]
        #expect(violation(GenerationSettings(tools: tool, toolChoice: ToolChoice.none)) == nil)
        #expect(violation(GenerationSettings(tools: tool, toolChoice: .auto)) == nil)
        #expect(violation(GenerationSettings(tools: tool, toolChoice: .required)) == nil)
        #expect(violation(GenerationSettings(tools: tool, toolChoice: .function(name: "lookup"))) == nil)
        #expect(violation(GenerationSettings(tools: tool, toolChoice: .function(name: "other")))?.value == "other")
        #expect(
            violation(GenerationSettings(tools: tool, toolChoice: .unknown("sometimes")))?.field
                == "settings.tool_choice")
        #expect(violation(GenerationSettings(toolChoice: .required))?.field == "settings.tool_choice")
    }

    @Test func decodesTheAPIsJSONShapesAndRoundTrips() throws {
        let json = """
            {"temperature":0.7,"top_p":0.9,"max_tokens":1024,"frequency_penalty":-1,"presence_penalty":1.5,
             "stop":["\\n\\n","END"],"response_format":{"type":"json_object"},
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}},
             "thinking":{"type":"disabled"}}
            """
        let settings = try JSONCoding.decode(GenerationSettings.self, from: json)
        try settings.validate()
        #expect(settings.maxTokens == 1024)
        #expect(settings.stop == .multiple(["\n\n", "END"]))
        #expect(settings.toolChoice == .function(name: "get_weather"))
        #expect(settings.thinking == .disabled)
        #expect(settings.effectiveThinking == .disabled)
        let again = try JSONCoding.decode(GenerationSettings.self, from: try JSONCoding.encode(settings))
        #expect(again == settings)
    }

    @Test func unknownThinkingTypeIsNamed() {
        #expect(throws: (any Error).self) {
            _ = try JSONCoding.decode(GenerationSettings.self, from: #"{"thinking":{"type":"sometimes"}}"#)
        }
    }
}
