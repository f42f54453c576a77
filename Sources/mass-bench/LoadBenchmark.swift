func runLoadBenchmark(_ arguments: [String]) throws {
    print("the load benchmark is not written yet")
}
