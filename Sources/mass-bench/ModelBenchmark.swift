func runModelBenchmark(_ arguments: [String]) throws {
    print("the model benchmark is not written yet")
}
