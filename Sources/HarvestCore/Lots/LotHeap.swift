/// A binary min-heap of lot indices under a three-part key: the order in which a bucket's lots are
/// consumed. The key encodes the method (FIFO, LIFO, HIFO), so one structure serves them all.
struct LotHeap: Sendable {
    struct Entry: Sendable {
        var key: LotKey
        var lot: Int32
    }

    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var top: Entry? { entries.first }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        siftUp(entries.count - 1)
    }

    @discardableResult
    mutating func popTop() -> Entry? {
        guard !entries.isEmpty else { return nil }
        let first = entries[0]
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(0)
        }
        return first
    }

    /// Replaces every entry and restores the heap order in O(n).
    mutating func rebuild(_ newEntries: [Entry]) {
        entries = newEntries
        var index = entries.count / 2
        while index > 0 {
            index -= 1
            siftDown(index)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let entry = entries[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard entry.key < entries[parent].key else { break }
            entries[child] = entries[parent]
            child = parent
        }
        entries[child] = entry
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = entries.count
        let entry = entries[parent]
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count && entries[child + 1].key < entries[child].key { child += 1 }
            guard entries[child].key < entry.key else { break }
            entries[parent] = entries[child]
            parent = child
        }
        entries[parent] = entry
    }
}

/// Orders lots for consumption: smaller first. Ties are broken by acquisition order and then by
/// creation order, so every run picks the same lots (STYLE.md §11).
struct LotKey: Sendable, Comparable {
    var primary: Int128
    var secondary: Int64
    var tertiary: Int64

    static func < (lhs: LotKey, rhs: LotKey) -> Bool {
        if lhs.primary != rhs.primary { return lhs.primary < rhs.primary }
        if lhs.secondary != rhs.secondary { return lhs.secondary < rhs.secondary }
        return lhs.tertiary < rhs.tertiary
    }
}
