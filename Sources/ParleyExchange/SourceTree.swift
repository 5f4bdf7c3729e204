/// The parent links of one exported conversation, walked without recursion so a conversation of thousands of
/// nodes (or a hostile one) costs linear time and no stack.
///
/// Readers first check that every parent names a node of the conversation, in their format's own words; this
/// type then finds cycles and, where a format has nodes that are not messages (DeepSeek's `root`), the nearest
/// ancestor that is one.
struct SourceTree {
    /// Node id → parent id, for every node that has a parent; each parent is itself a node.
    var parents: [String: String]

    /// A node on a cycle of parent links, or nil when every chain ends at a root.
    ///
    /// Several nodes can be on cycles; the one returned is the first found starting from the smallest id, so
    /// the same export always names the same node.
    func nodeOnCycle() -> String? {
        var finished = Set<String>()
        finished.reserveCapacity(parents.count)
        for start in parents.keys.sorted() where !finished.contains(start) {
            var chain: [String] = []
            var onChain = Set<String>()
            var node: String? = start
            while let current = node, !finished.contains(current) {
                if onChain.contains(current) { return current }
                onChain.insert(current)
                chain.append(current)
                node = parents[current]
            }
            finished.formUnion(chain)
        }
        return nil
    }

    /// For every node, its nearest proper ancestor for which `isKept` holds; nodes absent from the answer have
    /// none and become roots. The tree must have no cycle (``nodeOnCycle()`` is nil).
    func nearestKeptAncestors(isKept: (String) -> Bool) -> [String: String] {
        /// A node's anchor is itself when kept, else its parent's anchor; `.some(nil)` means no kept ancestor.
        var anchors: [String: String?] = [:]
        anchors.reserveCapacity(parents.count)
        func anchor(of start: String) -> String? {
            var skipped: [String] = []
            var node: String? = start
            var found: String?
            while let current = node {
                if let known = anchors[current] {
                    found = known
                    break
                }
                if isKept(current) {
                    found = current
                    anchors[current] = current
                    break
                }
                skipped.append(current)
                node = parents[current]
            }
            for id in skipped { anchors[id] = .some(found) }
            return found
        }
        var result: [String: String] = [:]
        result.reserveCapacity(parents.count)
        for (node, parent) in parents {
            if let kept = anchor(of: parent) { result[node] = kept }
        }
        return result
    }
}
