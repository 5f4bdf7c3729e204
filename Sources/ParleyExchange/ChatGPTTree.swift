import ParleyCore

/// A ChatGPT `mapping` checked to be a tree: every node an object, every parent present, no cycle.
///
/// The `parent` fields are the truth. A node's `children` list only orders its children: in a damaged export
/// it can disagree with `parent`, and then `parent` wins. Children the list leaves out follow the listed ones
/// by id, and roots come by id, so the same export always walks in the same order (`mapping` itself has none).
struct ChatGPTTree {
    /// Each node object by its mapping key, which is the id parents name.
    let nodes: [String: [String: JSONValue]]
    /// The nodes whose parent is null (or absent), by id.
    let roots: [String]
    private let parents: [String: String]
    private let children: [String: [String]]

    init(mapping: [String: JSONValue]) throws(ImportItemFailure) {
        let ids = mapping.keys.sorted()
        var nodes: [String: [String: JSONValue]] = [:]
        nodes.reserveCapacity(ids.count)
        for id in ids {
            guard let node = mapping[id]?.objectValue else {
                throw ImportItemFailure(
                    "mapping[\"\(id)\"] is \(ChatGPTReader.describe(mapping[id])), but every node must be an object")
            }
            nodes[id] = node
        }
        var roots: [String] = []
        var parents: [String: String] = [:]
        var children: [String: [String]] = [:]
        for id in ids {
            switch nodes[id]?["parent"] {
            case nil, .null?:
                roots.append(id)
            case let .string(parent)?:
                guard nodes[parent] != nil else {
                    throw ImportItemFailure(
                        "mapping[\"\(id)\"].parent names \"\(parent)\", which is not in the mapping")
                }
                parents[id] = parent
                children[parent, default: []].append(id)
            case let other?:
                throw ImportItemFailure(
                    "mapping[\"\(id)\"].parent is \(ChatGPTReader.describe(other)), but must be a node id or null")
            }
        }
        for (parent, found) in children where found.count > 1 {
            children[parent] = Self.ordered(found, hints: nodes[parent]?["children"], parent: parent, parents: parents)
        }
        self.nodes = nodes
        self.roots = roots
        self.parents = parents
        self.children = children
        try checkReachesEveryNode(ids: ids)
    }

    /// The children of `id` in the export's order.
    func children(of id: String) -> [String] { children[id] ?? [] }

    func parent(of id: String) -> String? { parents[id] }

    /// `found` ordered by the parent's `children` list, skipping listed ids whose `parent` says otherwise.
    private static func ordered(
        _ found: [String], hints: JSONValue?, parent: String, parents: [String: String]
    ) -> [String] {
        guard let hints = hints?.arrayValue else { return found }
        var ordered: [String] = []
        var placed: Set<String> = []
        for hint in hints {
            guard let id = hint.stringValue, parents[id] == parent, placed.insert(id).inserted else { continue }
            ordered.append(id)
        }
        return ordered + found.filter { !placed.contains($0) }
    }

    /// Every node has one parent, so a node the roots do not reach hangs below a cycle; it names that cycle.
    private func checkReachesEveryNode(ids: [String]) throws(ImportItemFailure) {
        var reached: Set<String> = []
        reached.reserveCapacity(nodes.count)
        var stack = roots
        while let id = stack.popLast() {
            reached.insert(id)
            stack.append(contentsOf: children(of: id))
        }
        guard reached.count < nodes.count, let start = ids.first(where: { !reached.contains($0) }) else { return }
        var path: [String] = []
        var position: [String: Int] = [:]
        var current = start
        while position[current] == nil, let parent = parents[current] {
            position[current] = path.count
            path.append(current)
            current = parent
        }
        let loop = path[(position[current] ?? 0)...] + [current]
        throw ImportItemFailure(
            "mapping[\"\(current)\"].parent leads back to \"\(current)\" (\(loop.joined(separator: " → ")), "
                + "each followed by its parent): the nodes must form a tree")
    }
}
