extension ModelKinds {
    static let command = KindDescriptor(
        "command", "an external program: reads {train} and {predict}, writes one prediction per line to {out}",
        parameters: [
            ParameterDescriptor("run", .string, required: true, "shell command with {train}, {predict} and {out} placeholders"),
            ParameterDescriptor("deps", .stringList, default: .list([]), "files the command reads; their contents enter the cache key"),
        ])
}
