import Testing

@testable import ParleyExchange

@Suite struct OpenWebUIReasoningTests {
    @Test func joinsSeveralBlocksAndKeepsOtherDetails() {
        let content = """
            <details type="reasoning" done="true" duration="1">
            <summary>Thought for 1 seconds</summary>
            > First &lt;step&gt;
            </details>
            Between.
            <details type="code_interpreter" done="true">print(1)</details>
            <details type="reasoning" done="true" duration="2">
            <summary>Thought for 2 seconds</summary>
            > Second
            >
            > > quoted by the model
            </details>
            After.
            """
        let (text, reasoning) = OpenWebUIReasoning.split(content)
        #expect(text == "Between.\n<details type=\"code_interpreter\" done=\"true\">print(1)</details>\n\nAfter.")
        #expect(reasoning == "First <step>\n\nSecond\n\n> quoted by the model")
    }

    @Test func readsABlockCutOffBeforeItsEnd() {
        let (text, reasoning) = OpenWebUIReasoning.split(
            "<details type=\"reasoning\" done=\"false\">\n<summary>Thinking…</summary>\n> Still going")
        #expect(text == "")
        #expect(reasoning == "Still going")
    }

    @Test func keepsUnquotedThinkingAsWritten() {
        let (text, reasoning) = OpenWebUIReasoning.split(
            "<details type=\"reasoning\">\n<summary>Thought</summary>\nplain line\n> quoted line\n</details>Done")
        #expect(text == "Done")
        #expect(reasoning == "plain line\n> quoted line")
    }

    @Test func leavesContentWithoutReasoningAlone() {
        let (text, reasoning) = OpenWebUIReasoning.split("  2 &gt; 1 <details>open</details>  ")
        #expect(text == "2 &gt; 1 <details>open</details>")
        #expect(reasoning == nil)
    }

    @Test func undoesEntitiesInOnePass() {
        #expect(
            OpenWebUIReasoning.unescaped("&amp;lt; &quot;a&quot; &#39;b&#x27; &unknown; &")
                == "&lt; \"a\" 'b' &unknown; &")
    }
}
