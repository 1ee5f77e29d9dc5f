/// Reference connected components by breadth-first search over an adjacency list.
///
/// Slow and obvious on purpose: union-find and the clusterer are checked against it.
/// Each element is labelled with the smallest element of its component.
public func naiveComponents(count: Int, edges: [(Int, Int)]) -> [Int32] {
    var adjacency = [[Int]](repeating: [], count: count)
    for (a, b) in edges {
        adjacency[a].append(b)
        adjacency[b].append(a)
    }
    var label = [Int32](repeating: -1, count: count)
    for start in 0..<count where label[start] < 0 {
        var queue = [start]
        var members = [start]
        label[start] = Int32(start)
        var head = 0
        while head < queue.count {
            let x = queue[head]
            head += 1
            for y in adjacency[x] where label[y] < 0 {
                label[y] = Int32(start)
                queue.append(y)
                members.append(y)
            }
        }
        let smallest = Int32(members.min()!)
        for m in members { label[m] = smallest }
    }
    return label
}
