func runCacheBenchmark(_ arguments: [String]) throws {
    print("the cache benchmark is not written yet")
}
