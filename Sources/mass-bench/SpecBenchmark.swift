func runSpecBenchmark(_ arguments: [String]) throws {
    print("the spec benchmark is not written yet")
}
